import Foundation
import GRDB
import Testing
@testable import Cinema

struct MovieImportTests {
    /// A TMDB "discover" page with the genre list beside it, and details (runtime,
    /// certification) merged in, as an export tool writes it.
    static let sample = """
        {
          "page": 1,
          "genres": [
            {"id": 28, "name": "Action"}, {"id": 18, "name": "Drama"},
            {"id": 878, "name": "Science Fiction"}, {"id": 16, "name": "Animation"}
          ],
          "results": [
            {
              "id": 27205, "title": "Inception", "original_title": "Inception",
              "overview": "Cobb, a skilled thief who commits corporate espionage by infiltrating the subconscious of his targets, is offered a chance to regain his old life.",
              "genre_ids": [28, 878], "runtime": 148, "release_date": "2010-07-15",
              "vote_average": 8.4, "certification": "PG-13", "poster_path": "/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg"
            },
            {
              "id": 129, "title": "Spirited Away",
              "overview": "A young girl, Chihiro, becomes trapped in a strange new world of spirits.",
              "genres": [{"id": 16, "name": "Animation"}, {"id": 10751, "name": "Family"}],
              "runtime": 125, "release_date": "2001-07-20", "vote_average": 8.5
            },
            {
              "id": 550, "title": "Fight Club", "overview": null, "genre_ids": [18],
              "runtime": 139, "release_date": "", "certification": "r"
            }
          ]
        }
        """

    @Test func importingTheSampleTwiceCreatesOnceThenChangesNothing() async throws {
        let cinema = try await AdminFixture.make()
        let first = try await cinema.importer.importMovies(from: Array(Self.sample.utf8), actor: cinema.admin.id, now: cinema.now)
        #expect((first.created, first.updated, first.unchanged) == (3, 0, 0))
        #expect(first.genresCreated == 5)
        #expect(first.movies.map(\.tmdbID) == [27205, 129, 550])
        #expect(first.movies.map(\.index) == [0, 1, 2])

        let inception = try #require(try await cinema.catalog.movieForm(id: first.movies[0].movieID, now: cinema.now))
        #expect(inception.form.title == "Inception")
        #expect(inception.form.runtimeMinutes == "148")
        #expect(inception.form.rating == "PG-13")
        #expect(inception.form.releaseDate == "2010-07-15")
        #expect(inception.form.genres == ["action", "science-fiction"])
        #expect(inception.tmdbID == 27205)
        #expect(inception.posterPath == nil)
        let spirited = try #require(try await cinema.catalog.movieForm(id: first.movies[1].movieID, now: cinema.now))
        #expect(spirited.form.rating == "NR")
        #expect(spirited.form.genres == ["animation", "family"])
        let fight = try #require(try await cinema.catalog.movieForm(id: first.movies[2].movieID, now: cinema.now))
        #expect(fight.form.rating == "R")
        #expect(fight.form.description == "")
        #expect(fight.form.releaseDate == "")

        let auditBefore = try await cinema.audit.recent().count
        let second = try await cinema.importer.importMovies(from: Array(Self.sample.utf8), actor: cinema.admin.id, now: cinema.now)
        #expect((second.created, second.updated, second.unchanged) == (0, 0, 3))
        #expect(second.genresCreated == 0)
        #expect(second.movies.map(\.movieID) == first.movies.map(\.movieID))
        #expect(try await cinema.count("SELECT COUNT(*) FROM movies") == 3)
        #expect(try await cinema.count("SELECT COUNT(*) FROM genres") == 5)
        let entry = try #require(try await cinema.audit.recent().first)
        #expect(try await cinema.audit.recent().count == auditBefore + 1)
        #expect(entry.action == "import")
        #expect(entry.details == "TMDB file with 3 movies: 0 created, 0 updated, 3 unchanged, 0 genres created")
    }

    @Test func aChangedEntryIsUpdatedAndAnAdminsArchiveFlagAndPosterStay() async throws {
        let cinema = try await AdminFixture.make()
        let first = try await cinema.importer.importMovies(from: Array(Self.sample.utf8), actor: cinema.admin.id, now: cinema.now)
        let fight = first.movies[2].movieID
        try await cinema.catalog.archive(id: fight, actor: cinema.admin.id, now: cinema.now)
        _ = try await cinema.catalog.setPoster(movieID: fight, data: PosterSamples.png, actor: cinema.admin.id, now: cinema.now)
        let changed = """
            [{"id": 550, "title": "Fight Club", "overview": "Mischief. Mayhem. Soap.", "genre_ids": [],
              "runtime": 139, "release_date": "1999-10-15", "certification": "R"},
             {"id": 680, "title": "Pulp Fiction", "runtime": 154, "genres": [{"id": 80, "name": "Crime"}]}]
            """
        let report = try await cinema.importer.importMovies(from: Array(changed.utf8), actor: cinema.admin.id, now: cinema.now)
        #expect((report.created, report.updated, report.unchanged) == (1, 1, 0))
        let editor = try #require(try await cinema.catalog.movieForm(id: fight, now: cinema.now))
        #expect(editor.form.description == "Mischief. Mayhem. Soap.")
        #expect(editor.form.releaseDate == "1999-10-15")
        #expect(editor.form.genres == [])
        #expect(editor.archived == true)
        #expect(editor.posterPath != nil)
    }

    @Test func aFileWithABadEntryImportsNothingAndNamesEachProblem() async throws {
        let cinema = try await AdminFixture.make()
        let bad = """
            {"results": [
              {"id": 1, "title": "Fine", "runtime": 90},
              {"id": 2, "runtime": 90},
              {"id": 3, "title": "Too Long", "runtime": 0},
              {"id": 1, "title": "Again", "runtime": 90},
              {"id": "4", "title": "Text Id", "runtime": "90", "release_date": "2001-13-01", "vote_average": 11},
              "not a movie",
              {"id": 6, "title": "Unknown Genre", "runtime": 90, "genre_ids": [99]},
              {"id": 7, "title": "Every Genre", "runtime": 90, "genres": [\((0..<30_000).map { #"{"name": "Genre \#($0)"}"# }.joined(separator: ", "))]}
            ], "genres": [{"id": 18, "name": "Drama"}]}
            """
        let error = try #require(await caught(MovieImport.Error.self) {
            _ = try await cinema.importer.importMovies(from: Array(bad.utf8), actor: cinema.admin.id, now: cinema.now)
        })
        #expect(error.problems.map(\.description) == [
            "Entry 1, title: is missing; every movie needs a title.",
            "Entry 2, runtime: 0 is out of range: a runtime is 1 to 600 minutes.",
            "Entry 3, id: TMDB id 1 is already used by entry 0.",
            "Entry 4, id: must be a positive whole number, not text.",
            "Entry 4, runtime: must be a whole number of minutes, not text.",
            "Entry 4, release_date: “2001-13-01” is not a date like 2025-06-30.",
            "Entry 4, vote_average: 11 is out of range: a vote average is 0 to 10.",
            "Entry 5: is text, not a movie object.",
            "Entry 6, genre_ids: genre id 99 is not in the file's “genres” list.",
            "Entry 7, genres: a film has at most 10 genres.",
        ])
        #expect(error.problems[1].index == 2)
        #expect(error.problems[1].field == "runtime")
        #expect(error.message.hasPrefix("Nothing was imported. Entry 1, title:"))
        #expect(try await cinema.count("SELECT COUNT(*) FROM movies") == 0)
        #expect(try await cinema.count("SELECT COUNT(*) FROM genres") == 0)
        #expect(try await cinema.audit.recent().isEmpty)
    }

    @Test(arguments: [
        ("", "The file is empty."),
        ("<html>not json</html>", "The file is not valid JSON (UTF-8). Export the movies from TMDB as JSON."),
        ("{\"page\": 1}", "Expected a list of movies, or an object with a “results” list of movies."),
        ("42", "Expected a list of movies, or an object with a “results” list of movies; the file holds a number."),
        ("[]", "The file has no movies."),
        ("{\"results\": [], \"genres\": 3}", "genres: is a number, not a list."),
    ])
    func aFileOfTheWrongShapeIsRefusedAsAWhole(text: String, message: String) async throws {
        let cinema = try await AdminFixture.make()
        let error = try #require(await caught(MovieImport.Error.self) {
            _ = try await cinema.importer.importMovies(from: Array(text.utf8), actor: cinema.admin.id, now: cinema.now)
        })
        #expect(error.problems.map(\.description) == [message])
        #expect(error.problems.first?.index == nil)
    }

    @Test func aByteOrderMarkIsAcceptedAndOnlyAdminsImport() async throws {
        let cinema = try await AdminFixture.make()
        let file: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("[{\"id\": 7, \"title\": \"Seven\", \"runtime\": 127}]".utf8)
        let staff = try await cinema.user("watcher", role: .staff)
        await #expect(throws: AdminError.notAuthorized) {
            _ = try await cinema.importer.importMovies(from: file, actor: staff.id, now: cinema.now)
        }
        let report = try await cinema.importer.importMovies(from: file, actor: cinema.admin.id, now: cinema.now)
        #expect(report.created == 1)
    }
}
