public import Foundation
import GRDB

/// Imports movies from a TMDB-format JSON file, idempotently by TMDB id.
///
/// The file is either an array of movies or an object whose `results` is one (as TMDB's
/// list endpoints return); such an object may carry a `genres` list (`[{id, name}]`, as
/// `/genre/movie/list` returns) that entries' `genre_ids` refer to. Each movie has:
///
/// | field | use |
/// | --- | --- |
/// | `id` | TMDB id (required, a positive whole number, unique in the file) |
/// | `title` | required, 1–200 characters |
/// | `overview` | description, at most 5000 characters (missing or null: empty) |
/// | `runtime` | minutes, required, 1–600 |
/// | `release_date` | `YYYY-MM-DD`; empty or null: unknown |
/// | `genres` | `[{id, name}]`; or `genre_ids` with the file's `genres` list |
/// | `certification` | the rating (a known one or ≤ 10 characters); missing: `NR` |
/// | `vote_average` | optional number 0–10, checked but not stored |
///
/// Other fields are ignored. Every entry is checked before anything is written, and the
/// whole import is one transaction: a file with any problem imports nothing.
///
/// A movie whose TMDB id is known is updated when its title, description, runtime, rating,
/// release date or genres differ, and left alone otherwise, so importing a file twice
/// creates no duplicates and changes nothing the second time. Poster and archived flag are
/// never touched.
public struct MovieImport: Sendable {
    let database: CinemaDatabase
    let settings: CinemaSettings

    /// Most entries one file may have.
    public static let maximumEntries = 5_000

    public init(database: CinemaDatabase, settings: CinemaSettings) {
        self.database = database
        self.settings = settings
    }

    /// Why a file was refused: every problem found, each naming the entry and field.
    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        /// One problem.
        public struct Problem: Sendable, Equatable, CustomStringConvertible {
            /// 0-based position of the entry in the movie list; nil for the file as a whole.
            public var index: Int?
            /// The JSON field ("runtime"); nil for the file or a whole entry.
            public var field: String?
            public var message: String

            public init(index: Int?, field: String?, message: String) {
                self.index = index
                self.field = field
                self.message = message
            }

            /// "Entry 3, runtime: 0 is not 1 to 600 minutes."
            public var description: String {
                switch (index, field) {
                case (let index?, let field?): "Entry \(index), \(field): \(message)"
                case (let index?, nil): "Entry \(index): \(message)"
                case (nil, let field?): "\(field): \(message)"
                case (nil, nil): message
                }
            }
        }

        /// At most ``MovieImport/maximumProblems``, in file order.
        public var problems: [Problem]

        public init(problems: [Problem]) {
            self.problems = problems
        }

        /// "Nothing was imported. Entry 3, runtime: …" for the page.
        public var description: String {
            "Nothing was imported. " + problems.map(\.description).joined(separator: " ")
        }

        /// The same as ``description``.
        public var message: String { description }
    }

    /// Problems reported at most; checking goes on no further.
    public static let maximumProblems = 20

    /// Imports the movies of a TMDB-format JSON file.
    ///
    /// - Parameters:
    ///   - data: The file's bytes (UTF-8 JSON).
    ///   - actor: The acting admin, recorded in the audit log.
    /// - Throws: ``MovieImport/Error`` naming entry index and field (then nothing changed);
    ///   ``AdminError/notAuthorized``.
    @discardableResult
    public func importMovies(from data: [UInt8], actor: Int64, now: Date) async throws -> ImportReport {
        // Read off the caller's thread: handlers run on an event loop, and a file of 5 MB
        // took seconds to read, with every connection on that loop waiting.
        let dates = LocalTimeText(settings: settings)
        let entries = try await DispatchQueue.global(qos: .userInitiated).result { try TMDBEntry.parseFile(data, dates: dates) }
        return try await database.writer.write { db in
            try AdminStore.requireAdmin(db, actor: actor)
            var results: [ImportReport.Movie] = []
            var createdGenres = 0
            for entry in entries {
                var genreIDs: Set<Int64> = []
                for genre in entry.genres {
                    let (id, created) = try MovieStore.genre(db, slug: genre.slug, name: genre.name)
                    genreIDs.insert(id)
                    if created { createdGenres += 1 }
                }
                let existingID = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT id FROM movies WHERE tmdb_id = ?"), arguments: [entry.tmdbID])
                let outcome: ImportReport.Outcome
                let movieID: Int64
                if let existingID, let stored = try MovieStore.fetch(db, id: existingID) {
                    movieID = existingID
                    let slugs = Set(entry.genres.map(\.slug))
                    if stored.values == entry.values && stored.genreSlugs == slugs {
                        outcome = .unchanged
                    } else {
                        try MovieStore.update(db, id: existingID, entry.values)
                        try MovieStore.setGenres(db, movieID: existingID, genreIDs: genreIDs)
                        outcome = .updated
                    }
                } else {
                    movieID = try MovieStore.insert(db, entry.values, tmdbID: entry.tmdbID, now: now)
                    try MovieStore.setGenres(db, movieID: movieID, genreIDs: genreIDs)
                    outcome = .created
                }
                results.append(ImportReport.Movie(
                    index: entry.index, tmdbID: entry.tmdbID, movieID: movieID, title: entry.values.title, outcome: outcome))
            }
            let report = ImportReport(movies: results, genresCreated: createdGenres)
            try AdminStore.audit(
                db, actor: actor, action: "import", entity: .movie, entityID: nil,
                details: "TMDB file with \(AdminError.count(entries.count, "movie")): \(report.created) created, "
                    + "\(report.updated) updated, \(report.unchanged) unchanged, "
                    + "\(AdminError.count(createdGenres, "genre")) created",
                now: now)
            return report
        }
    }
}

/// What an import did.
public struct ImportReport: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        case created
        case updated
        case unchanged
    }

    /// One movie of the file.
    public struct Movie: Sendable, Hashable {
        /// 0-based position in the file's movie list.
        public var index: Int
        public var tmdbID: Int64
        public var movieID: Int64
        public var title: String
        public var outcome: Outcome

        public init(index: Int, tmdbID: Int64, movieID: Int64, title: String, outcome: Outcome) {
            self.index = index
            self.tmdbID = tmdbID
            self.movieID = movieID
            self.title = title
            self.outcome = outcome
        }
    }

    /// In file order.
    public var movies: [Movie]
    public var genresCreated: Int

    public init(movies: [Movie], genresCreated: Int) {
        self.movies = movies
        self.genresCreated = genresCreated
    }

    public var created: Int { movies.filter { $0.outcome == .created }.count }
    public var updated: Int { movies.filter { $0.outcome == .updated }.count }
    public var unchanged: Int { movies.filter { $0.outcome == .unchanged }.count }
}
