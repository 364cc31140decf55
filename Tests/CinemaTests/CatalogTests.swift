import Foundation
import GRDB
import Testing
@testable import Cinema

struct CatalogTests {
    /// Titles of the first page for `filter`.
    func titles(_ fixture: Fixture, _ filter: MovieFilter) async throws -> [String] {
        try await fixture.catalog.movies(filter, now: fixture.now).items.map(\.title)
    }

    @Test(arguments: Storage.allCases)
    func defaultListIsWhatIsShowingByTitle(_ storage: Storage) async throws {
        let fixture = try await Fixture.make(storage)
        let page = try await fixture.catalog.movies(MovieFilter(), now: fixture.now)
        #expect(page.items.map(\.title) == ["Alpha Centauri Rising", "Baking Bad", "Cold River", "Dune Café Nights"])
        #expect(page.total == 4)
        #expect(page.genres.map(\.slug) == ["action", "comedy", "drama", "romance", "science-fiction"])
        #expect(page.formats == [.standard, .imax])
        let alpha = try #require(page.items.first)
        #expect(alpha.genres.map(\.name) == ["Action", "Science Fiction"])
        #expect(alpha.runtimeMinutes == 120)
        #expect(alpha.rating == "PG-13")
        #expect(alpha.releaseDate == DayDate(year: 2025, month: 5, day: 3))
        #expect(alpha.nextShowtime == Fixture.now.addingTimeInterval(6 * 3_600))  // today 18:00
        #expect(alpha.posterPath == "Alph.svg")
    }

    @Test func scopesAllAndComingSoon() async throws {
        let fixture = try await Fixture.make()
        #expect(try await titles(fixture, MovieFilter(scope: .all)) == [
            "Alpha Centauri Rising", "Baking Bad", "Cold River", "Dune Café Nights", "Empty Screen", "Future Feature",
        ])
        #expect(try await titles(fixture, MovieFilter(scope: .comingSoon)) == ["Future Feature"])
    }

    @Test(arguments: [
        ("centauri", ["Alpha Centauri Rising"]),
        ("alph", ["Alpha Centauri Rising"]),                 // prefix
        ("BAK", ["Baking Bad"]),                              // any case
        ("river sisters", ["Cold River"]),                    // every word, title or description
        ("cafe", ["Dune Café Nights"]),                       // diacritics folded
        ("croissants", ["Baking Bad"]),                       // description
        ("\"cold", ["Cold River"]),                           // a stray quote is harmless
        ("cold* \"river\"", ["Cold River"]),                   // quotes and stars are plain separators
        ("star OR bakery", []),                               // no operators: all three words must match
        ("NEAR(alpha crew)", ["Alpha Centauri Rising"]),      // no NEAR either
        ("title:cold", []),                                   // no column filter: "title" is just a word
        ("-cold", ["Cold River"]),
        ("***", ["Alpha Centauri Rising", "Baking Bad", "Cold River", "Dune Café Nights"]),  // no word: no filter
        ("zebra", []),
    ])
    func keywordSearchUsesFTSPrefixesSafely(_ keyword: String, _ expected: [String]) async throws {
        let fixture = try await Fixture.make()
        #expect(try await titles(fixture, MovieFilter(keyword: keyword)) == expected)
    }

    @Test func ftsPatternQuotesEveryWord() {
        #expect(Catalog.ftsPattern(for: "cold* \"river") == "\"cold\"* \"river\"*")
        #expect(Catalog.ftsPattern(for: "Café AND x") == "\"Café\"* \"AND\"* \"x\"*")
        #expect(Catalog.ftsPattern(for: " *\"()^ ") == nil)
    }

    @Test func searchIndexFollowsEditsToMovies() async throws {
        let fixture = try await Fixture.make()
        try await fixture.database.writer.write { db in
            try db.execute(sql: "UPDATE movies SET title = 'Zephyr Bakes' WHERE title = 'Baking Bad'")
        }
        #expect(try await titles(fixture, MovieFilter(keyword: "zeph")) == ["Zephyr Bakes"])
        #expect(try await titles(fixture, MovieFilter(keyword: "baking")) == [])
    }

    @Test func filtersByGenreRuntimeDateAndFormat() async throws {
        let fixture = try await Fixture.make()
        #expect(try await titles(fixture, MovieFilter(genre: "drama")) == ["Cold River", "Dune Café Nights"])
        #expect(try await titles(fixture, MovieFilter(genre: "no-such-genre")) == [])
        #expect(try await titles(fixture, MovieFilter(runtimeMin: 95, runtimeMax: 125)) == ["Alpha Centauri Rising", "Dune Café Nights"])
        #expect(try await titles(fixture, MovieFilter(runtimeMin: 121)) == ["Cold River"])
        #expect(try await titles(fixture, MovieFilter(runtimeMax: 90)) == ["Baking Bad"])

        let tomorrow = fixture.settings.day(containing: fixture.now.addingTimeInterval(86_400))
        #expect(try await titles(fixture, MovieFilter(date: tomorrow)) == ["Alpha Centauri Rising", "Dune Café Nights"])
        // Today: only showtimes that have not started count (yesterday's Baking Bad does not).
        let today = fixture.settings.day(containing: fixture.now)
        #expect(try await titles(fixture, MovieFilter(date: today)) == ["Alpha Centauri Rising", "Baking Bad"])
        // The cancelled showtime in two days does not count.
        let inTwoDays = fixture.settings.day(containing: fixture.now.addingTimeInterval(2 * 86_400))
        #expect(try await titles(fixture, MovieFilter(date: inTwoDays)) == [])

        #expect(try await titles(fixture, MovieFilter(format: .imax)) == ["Alpha Centauri Rising", "Dune Café Nights"])
        #expect(try await titles(fixture, MovieFilter(format: .premium)) == [])
        #expect(try await titles(fixture, MovieFilter(keyword: "night", genre: "drama", format: .imax)) == ["Dune Café Nights"])

        // A date filter also applies to the "next showtime" shown.
        let page = try await fixture.catalog.movies(MovieFilter(date: tomorrow), now: fixture.now)
        #expect(page.items.first?.nextShowtime == Fixture.now.addingTimeInterval(26 * 3_600))  // tomorrow 14:00
    }

    @Test func sortsByEachKey() async throws {
        let fixture = try await Fixture.make()
        #expect(try await titles(fixture, MovieFilter(sort: .runtime)) == [
            "Baking Bad", "Dune Café Nights", "Alpha Centauri Rising", "Cold River"])
        #expect(try await titles(fixture, MovieFilter(sort: .releaseDate)) == [
            "Dune Café Nights", "Baking Bad", "Alpha Centauri Rising", "Cold River"])
        #expect(try await titles(fixture, MovieFilter(sort: .nextShowtime)) == [
            "Baking Bad", "Alpha Centauri Rising", "Dune Café Nights", "Cold River"])
        #expect(try await titles(fixture, MovieFilter(scope: .all, sort: .nextShowtime)).suffix(2) == [
            "Empty Screen", "Future Feature"])
    }

    @Test func paginatesWithTheTotalCount() async throws {
        let fixture = try await Fixture.make()
        let first = try await fixture.catalog.movies(MovieFilter(page: 1, perPage: 3), now: fixture.now)
        #expect(first.items.map(\.title) == ["Alpha Centauri Rising", "Baking Bad", "Cold River"])
        #expect(first.total == 4)
        #expect(first.pageCount == 2)
        #expect(first.hasNext && !first.hasPrevious)
        let second = try await fixture.catalog.movies(MovieFilter(page: 2, perPage: 3), now: fixture.now)
        #expect(second.items.map(\.title) == ["Dune Café Nights"])
        #expect(second.total == 4)
        #expect(!second.hasNext && second.hasPrevious)
        let beyond = try await fixture.catalog.movies(MovieFilter(page: 9, perPage: 3), now: fixture.now)
        #expect(beyond.items.isEmpty)
        #expect(beyond.total == 4)
        let clamped = try await fixture.catalog.movies(MovieFilter(page: -3, perPage: 0), now: fixture.now)
        #expect(clamped.page == 1 && clamped.perPage == 1 && clamped.items.count == 1)
    }

    @Test func movieDetailHasGenresAndUpcomingShowtimes() async throws {
        let fixture = try await Fixture.make()
        let alpha = try #require(try await fixture.catalog.movie(id: fixture.movies["Alpha Centauri Rising"]!, now: fixture.now))
        #expect(alpha.description.contains("nearest star"))
        #expect(alpha.genres.map(\.slug) == ["action", "science-fiction"])
        #expect(alpha.showtimes.map(\.id) == [fixture.showtime("alphaBigToday"), fixture.showtime("alphaSmallTomorrow")])
        #expect(alpha.showtimes.first?.hallName == "Big")
        #expect(alpha.showtimes.first?.format == .imax)

        let baking = try #require(try await fixture.catalog.movie(id: fixture.movies["Baking Bad"]!, now: fixture.now))
        #expect(baking.showtimes.map(\.id) == [fixture.showtime("bakingSmallToday")])  // not yesterday's
        let archived = try await fixture.catalog.movie(id: fixture.movies["Forgotten Reel"]!, now: fixture.now)
        #expect(archived?.archived == true)
        #expect(try await fixture.catalog.movie(id: 999, now: fixture.now) == nil)
    }

    @Test func hallsGenresAndFormats() async throws {
        let fixture = try await Fixture.make()
        let halls = try await fixture.catalog.halls()
        #expect(halls.map(\.name) == ["Big", "Small"])
        #expect(halls.map(\.capacity) == [10, 11])  // Small's C3 is blocked
        #expect(try await fixture.catalog.genres().count == 5)
        #expect(try await fixture.catalog.formats() == [.standard, .imax])
        let small = try #require(try await fixture.catalog.hall(id: fixture.halls["Small"]!))
        #expect(small.seats.count == 12)
        #expect(small.seats.map(\.label).prefix(4) == ["A1", "A2", "A3", "A4"])
    }

    @Test(arguments: Storage.allCases)
    func showtimesFilterAndCountSeatsLeft(_ storage: Storage) async throws {
        let fixture = try await Fixture.make(storage)
        let catalog = fixture.catalog
        let today = fixture.settings.day(containing: fixture.now)
        #expect(try await catalog.showtimes(ShowtimeFilter(range: today), now: fixture.now).map(\.id) == [
            fixture.showtime("bakingSmallToday"), fixture.showtime("alphaBigToday")])
        #expect(try await catalog.showtimes(ShowtimeFilter(movieID: fixture.movies["Cold River"]!), now: fixture.now).map(\.id) == [
            fixture.showtime("coldSmallIn3Days")])
        #expect(try await catalog.showtimes(
            ShowtimeFilter(movieID: fixture.movies["Cold River"]!, includeCancelled: true), now: fixture.now).map(\.status) == [
            .cancelled, .scheduled])
        #expect(try await catalog.showtimes(ShowtimeFilter(hallID: fixture.halls["Big"]!), now: fixture.now).count == 3)
        #expect(try await catalog.showtimes(ShowtimeFilter(format: .imax), now: fixture.now).count == 3)
        #expect(try await catalog.showtimes(ShowtimeFilter(limit: 2), now: fixture.now).count == 2)

        let showtimeID = fixture.showtime("bakingSmallToday")
        let before = try #require(try await catalog.showtime(id: showtimeID, now: fixture.now))
        #expect(before.capacity == 11)
        #expect(before.seatsLeft == 11)
        #expect(before.movieTitle == "Baking Bad")
        #expect(before.endsAt == before.startsAt.addingTimeInterval(105 * 60))  // 90 + 15 cleaning
        #expect(before.isBookable(at: fixture.now))

        _ = try await fixture.booking.hold(
            showtimeID: showtimeID, seatIDs: [fixture.seat("Small A1"), fixture.seat("Small A2")],
            userID: fixture.users[0], now: fixture.now)
        #expect(try await catalog.showtime(id: showtimeID, now: fixture.now)?.seatsLeft == 9)
        // Once the hold has run out it no longer counts, even before any sweep.
        let later = fixture.now.addingTimeInterval(fixture.settings.holdDuration + 1)
        #expect(try await catalog.showtime(id: showtimeID, now: later)?.seatsLeft == 11)

        let page = try await catalog.showtimePage(ShowtimeFilter(range: today), now: fixture.now)
        #expect(page.listings.count == 2)
        #expect(page.halls.count == 2)
        #expect(page.movies.map(\.title).contains("Empty Screen"))
        #expect(!page.movies.map(\.title).contains("Forgotten Reel"))
        #expect(page.formats == [.standard, .imax])
    }

    @Test func scheduleRefusesOverlapsIncludingCleaningTime() async throws {
        let fixture = try await Fixture.make()
        let schedule = Schedule(database: fixture.database, settings: fixture.settings)
        let alphaToday = try #require(try await fixture.catalog.showtime(id: fixture.showtime("alphaBigToday"), now: fixture.now))
        // Alpha runs 18:00–20:00, cleaning until 20:15.
        await #expect(throws: Schedule.Error.overlaps(showtimeID: alphaToday.id, startsAt: alphaToday.startsAt)) {
            try await schedule.addShowtime(
                movieID: fixture.movies["Baking Bad"]!, hallID: fixture.halls["Big"]!,
                startsAt: alphaToday.startsAt.addingTimeInterval(2 * 3_600 + 10 * 60))
        }
        await #expect(throws: Schedule.Error.overlaps(showtimeID: alphaToday.id, startsAt: alphaToday.startsAt)) {
            try await schedule.addShowtime(
                movieID: fixture.movies["Baking Bad"]!, hallID: fixture.halls["Big"]!,
                startsAt: alphaToday.startsAt.addingTimeInterval(-90 * 60))  // would end 18:15
        }
        let id = try await schedule.addShowtime(
            movieID: fixture.movies["Baking Bad"]!, hallID: fixture.halls["Big"]!,
            startsAt: alphaToday.startsAt.addingTimeInterval(2 * 3_600 + 15 * 60))
        #expect(id > 0)
        await #expect(throws: Schedule.Error.movieArchived) {
            try await schedule.addShowtime(movieID: fixture.movies["Forgotten Reel"]!, hallID: fixture.halls["Big"]!, startsAt: fixture.now)
        }
        await #expect(throws: Schedule.Error.unknownHall) {
            try await schedule.addShowtime(movieID: fixture.movies["Baking Bad"]!, hallID: 99, startsAt: fixture.now)
        }
        // A cancelled showtime frees its slot (cancelled the way AdminSchedule.cancel marks it).
        try await fixture.database.writer.write { db in
            try db.execute(sql: "UPDATE showtimes SET status = 'cancelled' WHERE id = ?", arguments: [alphaToday.id])
        }
        _ = try await schedule.addShowtime(
            movieID: fixture.movies["Baking Bad"]!, hallID: fixture.halls["Big"]!, startsAt: alphaToday.startsAt)
    }
}

struct HallLayoutTests {
    @Test func parsesLabelsNumbersCategoriesAndAisles() throws {
        let seats = try HallLayout.parse("""

            ss.ss
            .....
            vw.cx

            """)
        #expect(seats.map { "\($0.rowLabel)\($0.number)" } == ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4"])
        #expect(seats.map(\.gridRow) == [0, 0, 0, 0, 2, 2, 2, 2])
        #expect(seats.map(\.gridCol) == [0, 1, 3, 4, 0, 1, 3, 4])
        #expect(seats.map(\.category) == [.standard, .standard, .standard, .standard, .vip, .wheelchair, .companion, .standard])
        #expect(seats.map(\.blocked) == [false, false, false, false, false, false, false, true])
    }

    @Test func reportsUnknownCharactersWithTheirPosition() {
        #expect(throws: HallLayout.Error.unknownCharacter("q", line: 2, column: 3)) {
            try HallLayout.parse("sss\nssq")
        }
        #expect(throws: HallLayout.Error.noSeats) { try HallLayout.parse("...\n\n") }
    }

    @Test func labelsRowsLikeSpreadsheetColumns() {
        #expect(HallLayout.rowLabel(0) == "A")
        #expect(HallLayout.rowLabel(25) == "Z")
        #expect(HallLayout.rowLabel(26) == "AA")
        #expect(HallLayout.rowLabel(27) == "AB")
    }
}
