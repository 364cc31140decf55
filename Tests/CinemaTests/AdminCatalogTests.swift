import Foundation
import GRDB
import Testing
@testable import Cinema

struct AdminCatalogTests {
    // MARK: - Validation

    @Test func everyMovieFieldIsValidatedWithItsFormKey() async throws {
        let cinema = try await AdminFixture.make()
        let form = MovieForm(
            title: "   ", description: String(repeating: "x", count: 5_001), runtimeMinutes: "ninety",
            rating: "Not for anyone", releaseDate: "2025-02-30", genres: ["no-such-genre"], newGenres: "Drama, !!!")
        let error = try #require(await caught(ValidationError.self) {
            _ = try await cinema.catalog.create(form, actor: cinema.admin.id, now: cinema.now)
        })
        #expect(error["title"] == "Enter a title.")
        #expect(error["description"]?.contains("at most 5000 characters") == true)
        #expect(error["runtimeMinutes"] == "Enter the runtime as a whole number of minutes.")
        #expect(error["rating"]?.contains("PG-13") == true)
        #expect(error["releaseDate"] == "Enter a date like 2025-06-30, or leave it empty.")
        #expect(error["genres"] == "Unknown genre: no-such-genre.")
        #expect(error["newGenres"]?.contains("!!!") == true)
        #expect(try await cinema.count("SELECT COUNT(*) FROM movies") == 0)
        #expect(try await cinema.count("SELECT COUNT(*) FROM genres") == 0)

        // At most ten genres, checked and new together, before any is created.
        let crowded = MovieForm(
            title: "Crowded", runtimeMinutes: "90",
            newGenres: (1...11).map { "Genre \($0)" }.joined(separator: ", "))
        let tooMany = try #require(await caught(ValidationError.self) {
            _ = try await cinema.catalog.create(crowded, actor: cinema.admin.id, now: cinema.now)
        })
        #expect(tooMany["newGenres"] == "A film has at most 10 genres.")
        #expect(try await cinema.count("SELECT COUNT(*) FROM genres") == 0)
        let ten = MovieForm(title: "Ten", runtimeMinutes: "90", newGenres: (1...10).map { "Genre \($0)" }.joined(separator: ", "))
        _ = try await cinema.catalog.create(ten, actor: cinema.admin.id, now: cinema.now)
        #expect(try await cinema.count("SELECT COUNT(*) FROM genres") == 10)
    }

    @Test(arguments: [
        ("0", "A runtime is 1 to 600 minutes."),
        ("601", "A runtime is 1 to 600 minutes."),
        ("", "Enter the runtime in minutes."),
        ("12.5", "Enter the runtime as a whole number of minutes."),
    ])
    func runtimeOutOfRangeIsRefused(runtime: String, message: String) async throws {
        let cinema = try await AdminFixture.make()
        let error = try #require(await caught(ValidationError.self) {
            _ = try await cinema.catalog.create(
                MovieForm(title: "Film", runtimeMinutes: runtime), actor: cinema.admin.id, now: cinema.now)
        })
        #expect(error.fields == ["runtimeMinutes": message])
    }

    @Test func titleLongerThan200IsRefusedAnd200IsAccepted() async throws {
        let cinema = try await AdminFixture.make()
        let error = try #require(await caught(ValidationError.self) {
            _ = try await cinema.catalog.create(
                MovieForm(title: String(repeating: "a", count: 201), runtimeMinutes: "90"), actor: cinema.admin.id, now: cinema.now)
        })
        #expect(error.fields == ["title": "A title has at most 200 characters."])
        _ = try await cinema.catalog.create(
            MovieForm(title: String(repeating: "a", count: 200), runtimeMinutes: "90"), actor: cinema.admin.id, now: cinema.now)
    }

    @Test func ratingsAreCanonicalisedOrKeptAsShortText() async throws {
        let cinema = try await AdminFixture.make()
        let known = try await cinema.catalog.create(
            MovieForm(title: "A", runtimeMinutes: "90", rating: "pg-13"), actor: cinema.admin.id, now: cinema.now)
        let free = try await cinema.catalog.create(
            MovieForm(title: "B", runtimeMinutes: "90", rating: "FSK 12"), actor: cinema.admin.id, now: cinema.now)
        let none = try await cinema.catalog.create(
            MovieForm(title: "C", runtimeMinutes: "90", rating: ""), actor: cinema.admin.id, now: cinema.now)
        #expect(try await cinema.catalog.movieForm(id: known, now: cinema.now)?.form.rating == "PG-13")
        #expect(try await cinema.catalog.movieForm(id: free, now: cinema.now)?.form.rating == "FSK 12")
        #expect(try await cinema.catalog.movieForm(id: none, now: cinema.now)?.form.rating == "NR")
    }

    // MARK: - Create and edit

    @Test func createStoresTheMovieWithGenresAndAudits() async throws {
        let cinema = try await AdminFixture.make()
        let first = try await cinema.movie("Orbitfall", runtime: 142, newGenres: "Science Fiction, Action")
        let id = try await cinema.catalog.create(
            MovieForm(
                title: "  Small Hours ", description: "Night shift.\r\nBaker.", runtimeMinutes: " 104 ", rating: "R",
                releaseDate: "2025-05-01", genres: ["action"], newGenres: "science fiction, Romance"),
            actor: cinema.admin.id, now: cinema.now)
        #expect(id != first)

        let editor = try #require(try await cinema.catalog.movieForm(id: id, now: cinema.now))
        #expect(editor.form == MovieForm(
            title: "Small Hours", description: "Night shift.\nBaker.", runtimeMinutes: "104", rating: "R",
            releaseDate: "2025-05-01", genres: ["action", "romance", "science-fiction"]))
        // "science fiction" reused the genre created as "Science Fiction"; Romance is new.
        #expect(editor.availableGenres.map(\.slug) == ["action", "romance", "science-fiction"])
        #expect(editor.archived == false)

        let entries = try await cinema.audit.recent(entity: .movie, entityID: id)
        #expect(entries.count == 1)
        #expect(entries.first?.action == "create")
        #expect(entries.first?.username == "boss")
        #expect(entries.first?.details.contains("Small Hours") == true)
        #expect(try await cinema.audit.recent(entity: .genre).count == 3)
    }

    @Test func updateChangesFieldsAndAuditsWhatChanged() async throws {
        let cinema = try await AdminFixture.make()
        let id = try await cinema.movie("Orbitfall", runtime: 142, newGenres: "Action")
        try await cinema.catalog.update(
            id: id, MovieForm(title: "Orbitfall (Director's Cut)", runtimeMinutes: "150", rating: "PG-13", newGenres: "Drama"),
            actor: cinema.admin.id, now: cinema.now)
        let editor = try #require(try await cinema.catalog.movieForm(id: id, now: cinema.now))
        #expect(editor.form.title == "Orbitfall (Director's Cut)")
        #expect(editor.form.runtimeMinutes == "150")
        #expect(editor.form.genres == ["drama"])
        let update = try #require(try await cinema.audit.recent(entity: .movie, entityID: id).first)
        #expect(update.action == "update")
        #expect(update.details.contains("runtime 142 → 150"))
        #expect(update.details.contains("genres action → drama"))
    }

    @Test func updateOfAMissingMovieIsNotFound() async throws {
        let cinema = try await AdminFixture.make()
        await #expect(throws: AdminError.notFound(.movie)) {
            try await cinema.catalog.update(
                id: 999, MovieForm(title: "X", runtimeMinutes: "90"), actor: cinema.admin.id, now: cinema.now)
        }
    }

    @Test func aLongerRuntimeMovesShowtimeEndsOrIsRefusedNamingTheClash() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let movie = try await cinema.movie("Orbitfall", runtime: 100)
        let other = try await cinema.movie("Paper Boats", runtime: 90)
        let first = try await cinema.showtime(movie, hall, at: "2025-06-03 14:00")
        // 14:00 + 100 + 15 = 15:55; the next one starts at 16:00.
        _ = try await cinema.showtime(other, hall, at: "2025-06-03 16:00")

        try await cinema.catalog.update(
            id: movie, MovieForm(title: "Orbitfall", runtimeMinutes: "105"), actor: cinema.admin.id, now: cinema.now)
        let listing = try #require(try await cinema.schedule.showtimeForm(id: first, now: cinema.now)?.listing)
        #expect(listing.endsAt == cinema.local("2025-06-03 16:00"))

        let error = try #require(await caught(ValidationError.self) {
            try await cinema.catalog.update(
                id: movie, MovieForm(title: "Orbitfall", runtimeMinutes: "110"), actor: cinema.admin.id, now: cinema.now)
        })
        let message = try #require(error["runtimeMinutes"])
        #expect(message.contains("“Paper Boats”"))
        #expect(message.contains("Tue 3 Jun 2025 at 16:00"))
        #expect(try await cinema.catalog.movieForm(id: movie, now: cinema.now)?.form.runtimeMinutes == "105")
    }

    @Test func onlyAdminsMayWrite() async throws {
        let cinema = try await AdminFixture.make()
        let staff = try await cinema.user("watcher", role: .staff)
        await #expect(throws: AdminError.notAuthorized) {
            _ = try await cinema.catalog.create(MovieForm(title: "X", runtimeMinutes: "90"), actor: staff.id, now: cinema.now)
        }
        await #expect(throws: AdminError.notAuthorized) {
            _ = try await cinema.catalog.create(MovieForm(title: "X", runtimeMinutes: "90"), actor: 4_242, now: cinema.now)
        }
        #expect(try await cinema.count("SELECT COUNT(*) FROM movies") == 0)
    }

    // MARK: - List

    @Test func listSearchesByTitlePrefixAndWordsAndFiltersArchived() async throws {
        let cinema = try await AdminFixture.make()
        let orbit = try await cinema.movie("Orbitfall")
        _ = try await cinema.catalog.create(
            MovieForm(title: "Small Hours", description: "A baker meets a radio host.", runtimeMinutes: "104"),
            actor: cinema.admin.id, now: cinema.now)
        let old = try await cinema.movie("Old Reel")
        try await cinema.catalog.archive(id: old, actor: cinema.admin.id, now: cinema.now)
        let hall = try await cinema.hall()
        _ = try await cinema.showtime(orbit, hall, at: "2025-06-03 18:00")
        _ = try await cinema.showtime(orbit, hall, at: "2025-06-04 18:00")

        let all = try await cinema.catalog.movies(AdminMovieQuery(), now: cinema.now)
        #expect(all.items.map(\.title) == ["Orbitfall", "Small Hours"])
        #expect(all.items.first?.upcomingShowtimes == 2)
        #expect(all.items.first?.upcomingReservations == 0)

        #expect(try await cinema.catalog.movies(AdminMovieQuery(search: "orb"), now: cinema.now).items.map(\.title) == ["Orbitfall"])
        #expect(try await cinema.catalog.movies(AdminMovieQuery(search: "radi"), now: cinema.now).items.map(\.title) == ["Small Hours"])
        #expect(try await cinema.catalog.movies(AdminMovieQuery(search: "100%_"), now: cinema.now).items.isEmpty)
        #expect(try await cinema.catalog.movies(AdminMovieQuery(archived: .only), now: cinema.now).items.map(\.title) == ["Old Reel"])
        let everything = try await cinema.catalog.movies(AdminMovieQuery(archived: .include, perPage: 2), now: cinema.now)
        #expect(everything.total == 3)
        #expect(everything.items.count == 2)
        #expect(everything.hasNext)
        #expect(everything.items.map(\.title) == ["Old Reel", "Orbitfall"])
        #expect(everything.items.map(\.archived) == [true, false])
    }

    // MARK: - Delete and archive

    @Test func deleteIsRefusedWhileUpcomingShowtimesHaveBookingsAndArchiveIsOffered() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let movie = try await cinema.movie("Orbitfall")
        let showtime = try await cinema.showtime(movie, hall, at: "2025-06-03 18:00")
        let ada = try await cinema.customer("ada")
        try await cinema.book(ada, showtime: showtime, hall: hall, seats: ["A1", "A2"])

        let error = try #require(await caught(AdminError.self) {
            try await cinema.catalog.delete(id: movie, actor: cinema.admin.id, now: cinema.now)
        })
        #expect(error == .movieHasUpcomingBookings(title: "Orbitfall", showtimes: 1, reservations: 1))
        #expect(error.message.contains("Archive it instead"))
        #expect(try await cinema.count("SELECT COUNT(*) FROM movies") == 1)

        try await cinema.catalog.archive(id: movie, actor: cinema.admin.id, now: cinema.now)
        #expect(try await cinema.catalog.movieForm(id: movie, now: cinema.now)?.archived == true)
        // Archived movies are not offered to moviegoers, but the booking stands.
        let page = try await Catalog(database: cinema.database, settings: cinema.settings)
            .movies(MovieFilter(scope: .all), now: cinema.now)
        #expect(page.items.isEmpty)
        #expect(try await cinema.count("SELECT COUNT(*) FROM reservations WHERE status = 'confirmed'") == 1)
        try await cinema.catalog.unarchive(id: movie, actor: cinema.admin.id, now: cinema.now)
        #expect(try await cinema.catalog.movieForm(id: movie, now: cinema.now)?.archived == false)
        #expect(try await cinema.audit.recent(entity: .movie, entityID: movie).map(\.action) == ["unarchive", "archive", "create"])
    }

    @Test func deleteIsRefusedForBookingHistoryButAllowedAfterAbandonedHolds() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let ada = try await cinema.customer("ada")

        let booked = try await cinema.movie("Booked Once")
        let bookedShow = try await cinema.showtime(booked, hall, at: "2025-06-03 14:00")
        let ticket = try await cinema.book(ada, showtime: bookedShow, hall: hall, seats: ["A1"])
        _ = try await cinema.booking.cancel(code: ticket.code, userID: ada.id, now: cinema.now)
        await #expect(throws: AdminError.movieHasBookingHistory(title: "Booked Once", reservations: 1)) {
            try await cinema.catalog.delete(id: booked, actor: cinema.admin.id, now: cinema.now)
        }

        let held = try await cinema.movie("Only Held")
        let heldShow = try await cinema.showtime(held, hall, at: "2025-06-03 18:00")
        let hold = try await cinema.hold(ada, showtime: heldShow, hall: hall, seats: ["B1"])
        try await cinema.booking.release(code: hold.code, userID: ada.id, now: cinema.now)
        try await cinema.catalog.delete(id: held, actor: cinema.admin.id, now: cinema.now)
        #expect(try await cinema.catalog.movieForm(id: held, now: cinema.now) == nil)
        #expect(try await cinema.count("SELECT COUNT(*) FROM showtimes WHERE movie_id = ?", [held]) == 0)
        #expect(try await cinema.count("SELECT COUNT(*) FROM reservations WHERE showtime_id = ?", [heldShow]) == 0)
        #expect(try await cinema.audit.recent(entity: .movie, entityID: held).first?.action == "delete")
    }

    @Test func deleteOfAMovieWithoutShowtimesRemovesItAndItsUploadedPoster() async throws {
        let cinema = try await AdminFixture.make()
        let movie = try await cinema.movie("Short Lived")
        let poster = try await cinema.catalog.setPoster(
            movieID: movie, data: PosterSamples.png, actor: cinema.admin.id, now: cinema.now)
        let file = cinema.catalog.postersDirectory.appendingPathComponent(poster)
        #expect(FileManager.default.fileExists(atPath: file.path))
        try await cinema.catalog.delete(id: movie, actor: cinema.admin.id, now: cinema.now)
        #expect(!FileManager.default.fileExists(atPath: file.path))
        await #expect(throws: AdminError.notFound(.movie)) {
            try await cinema.catalog.delete(id: movie, actor: cinema.admin.id, now: cinema.now)
        }
    }
}
