import Foundation
import GRDB
import Testing
@testable import Cinema

struct DemoCinemaTests {
    static let tables = [
        "genres", "movies", "movie_genres", "movie_search", "halls", "seats", "showtimes", "ticket_types", "prices",
        "seat_category_surcharges", "users", "reservations", "outbox",
    ]

    func counts(_ database: CinemaDatabase) async throws -> [String: Int] {
        try await database.writer.read { db in
            var result: [String: Int] = [:]
            for table in Self.tables {
                result[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)")
            }
            return result
        }
    }

    /// 1 March 2025 09:30 in Berlin, a few weeks before the switch to summer time.
    static let now = Date(timeIntervalSince1970: 1_740_817_800)

    static var berlin: CinemaSettings {
        var settings = Fixture.settings()
        settings.timeZone = TimeZone(identifier: "Europe/Berlin")!
        return settings
    }

    @Test(arguments: Storage.allCases)
    func seedingTwiceChangesNothing(_ storage: Storage) async throws {
        let folder = try TemporaryFolder()
        let database = try Fixture.emptyDatabase(storage, folder: folder)
        let posters = folder.url.appendingPathComponent("posters")
        #expect(try await DemoCinema.seed(database: database, settings: Self.berlin, postersDirectory: posters, now: Self.now))
        #expect(try await database.isEmpty() == false)
        let first = try await counts(database)
        let posterFiles = try FileManager.default.contentsOfDirectory(atPath: posters.path).sorted()

        #expect(try await DemoCinema.seed(database: database, settings: Self.berlin, postersDirectory: posters, now: Self.now.addingTimeInterval(86_400)) == false)
        #expect(try await counts(database) == first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: posters.path).sorted() == posterFiles)

        #expect(first["halls"] == 4)
        #expect(first["movies"]! >= 30)
        #expect(first["movie_search"] == first["movies"])
        #expect(first["ticket_types"] == 4)
        #expect(first["prices"] == 4 * HallFormat.allCases.count)
        #expect(first["users"] == 0)
        #expect(first["reservations"] == 0)
        #expect(posterFiles.count == first["movies"])
    }

    @Test func scheduleNeverOverlapsAndKeepsCinemaHours() async throws {
        let folder = try TemporaryFolder()
        let database = try Fixture.emptyDatabase(.memory, folder: folder)
        let settings = Self.berlin
        try await DemoCinema.seed(database: database, settings: settings, postersDirectory: folder.url, now: Self.now)

        let overlaps = try await database.writer.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM showtimes a JOIN showtimes b
                  ON a.hall_id = b.hall_id AND a.id < b.id AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
                """)
        }
        #expect(overlaps == 0)

        let showtimes = try await database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.starts_at, s.ends_at, s.hall_id, m.runtime_minutes FROM showtimes s JOIN movies m ON m.id = s.movie_id
                """).map { (start: $0["starts_at"] as Date, end: $0["ends_at"] as Date, hall: $0["hall_id"] as Int64,
                            runtime: $0["runtime_minutes"] as Int) }
        }
        let calendar = settings.calendar
        let firstDay = calendar.startOfDay(for: Self.now)
        let lastDay = calendar.date(byAdding: .day, value: DemoCinema.scheduleDays, to: firstDay)!
        for showtime in showtimes {
            let parts = calendar.dateComponents([.hour, .minute], from: showtime.start)
            let minutes = parts.hour! * 60 + parts.minute!
            #expect((10 * 60...23 * 60 + 30).contains(minutes), "starts at \(parts.hour!):\(parts.minute!)")
            #expect(parts.minute! % 5 == 0)
            #expect(showtime.end.timeIntervalSince(showtime.start) == TimeInterval((showtime.runtime + settings.cleaningMinutes) * 60))
            #expect(showtime.start >= firstDay && showtime.start < lastDay)
        }
        // Every hall plays every day, several times.
        for hall in Set(showtimes.map(\.hall)) {
            let days = Dictionary(grouping: showtimes.filter { $0.hall == hall }) { calendar.startOfDay(for: $0.start) }
            #expect(days.count == DemoCinema.scheduleDays)
            #expect(days.values.allSatisfy { $0.count >= 4 })
        }
    }

    @Test func programmeIsVariedAndComplete() async throws {
        let folder = try TemporaryFolder()
        let database = try Fixture.emptyDatabase(.memory, folder: folder)
        try await DemoCinema.seed(database: database, settings: Self.berlin, postersDirectory: folder.url, now: Self.now)
        let catalog = Catalog(database: database, settings: Self.berlin)

        let halls = try await catalog.halls()
        #expect(Set(halls.map(\.format)) == [.standard, .imax, .premium, .threeD])
        let grand = try #require(halls.first { $0.name == "Grand" })
        #expect(grand.capacity == 14 * 22 - 2)
        let categories = try await database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT category, SUM(blocked) AS blocked, COUNT(*) AS n FROM seats GROUP BY category")
                .map { ($0["category"] as String, $0["n"] as Int, $0["blocked"] as Int) }
        }
        #expect(Set(categories.map(\.0)) == ["standard", "vip", "wheelchair", "companion"])
        #expect(categories.reduce(0) { $0 + $1.2 } >= 4)

        let showing = try await catalog.movies(MovieFilter(perPage: 100), now: Self.now)
        let all = try await catalog.movies(MovieFilter(scope: .all, perPage: 100), now: Self.now)
        let comingSoon = try await catalog.movies(MovieFilter(scope: .comingSoon, perPage: 100), now: Self.now)
        #expect(showing.total >= 30)
        #expect(comingSoon.total >= 2)
        #expect(all.total == showing.total + comingSoon.total)  // the archived movie is in neither
        #expect(Set(comingSoon.items.map(\.id)).isDisjoint(with: showing.items.map(\.id)))
        #expect(showing.items.allSatisfy { !$0.genres.isEmpty && $0.posterPath?.hasSuffix(".svg") == true })
        #expect(Set(showing.items.flatMap(\.genres).map(\.slug)).count >= 12)

        // Each listed movie has a real description and upcoming showtimes.
        for item in showing.items.prefix(8) {
            let detail = try #require(try await catalog.movie(id: item.id, now: Self.now))
            #expect(detail.description.count > 80)
            #expect(!detail.showtimes.isEmpty)
        }
        let prices = try await Pricing(database: database).priceTable()
        #expect(prices.price(ticketType: "adult", format: .imax, category: .vip) == 1_790 + 300)
        #expect(prices.price(ticketType: "child", format: .standard, category: .wheelchair) == 800)
        #expect(prices.price(ticketType: "student", format: .threeD, category: .companion) == 1_290)
        #expect(try await catalog.movies(MovieFilter(keyword: "lantern logbook"), now: Self.now).items.map(\.title) == ["The Lantern Keeper"])
    }

    @Test func postersAreWellFormedTwoByThreeSVG() async throws {
        let folder = try TemporaryFolder()
        let database = try Fixture.emptyDatabase(.memory, folder: folder)
        let posters = folder.url.appendingPathComponent("posters")
        try await DemoCinema.seed(database: database, settings: Self.berlin, postersDirectory: posters, now: Self.now)
        let paths = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT poster_path FROM movies ORDER BY id")
        }
        #expect(Set(paths).count == paths.count)
        for path in paths {
            let svg = try String(contentsOf: posters.appendingPathComponent(path), encoding: .utf8)
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"600\" viewBox=\"0 0 400 600\""))
            #expect(svg.hasSuffix("</svg>\n"))
            #expect(SVGCheck.isWellFormed(svg), "\(path) is not well-formed XML")
        }
        let apostrophe = try String(contentsOf: posters.appendingPathComponent("the-cartographers-apprentice.svg"), encoding: .utf8)
        #expect(apostrophe.contains("CARTOGRAPHER&#39;S"))
        let ampersand = try String(contentsOf: posters.appendingPathComponent("brass-bone.svg"), encoding: .utf8)
        #expect(ampersand.contains("BRASS &amp;"))
        // Same title, same art; another title, other colours.
        #expect(PosterArt.svg(title: "X", genres: [], rating: "G", runtimeMinutes: 90)
                == PosterArt.svg(title: "X", genres: [], rating: "G", runtimeMinutes: 90))
        #expect(PosterArt.svg(title: "X", genres: [], rating: "G", runtimeMinutes: 90)
                != PosterArt.svg(title: "Y", genres: [], rating: "G", runtimeMinutes: 90))
    }

    @Test func slugsAndWrapping() {
        #expect(DemoCinema.slug("The Cartographer's Apprentice") == "the-cartographers-apprentice")
        #expect(DemoCinema.slug("Shadow Protocol: Berlin") == "shadow-protocol-berlin")
        #expect(DemoCinema.slug("Ninth Floor, No Exit") == "ninth-floor-no-exit")
        #expect(PosterArt.wrap("MIDNIGHT AT THE ASTER HOTEL", width: 11) == ["MIDNIGHT AT", "THE ASTER", "HOTEL"])
    }
}

/// A minimal XML well-formedness check: balanced tags, quoted attributes, known entities.
enum SVGCheck {
    static func isWellFormed(_ text: String) -> Bool {
        var stack: [Substring] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            let between = rest[..<open]
            if !entitiesAreValid(between) { return false }
            guard let close = rest[open...].firstIndex(of: ">") else { return false }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("/") {
                guard stack.popLast() == tag.dropFirst() else { return false }
            } else {
                let selfClosing = tag.hasSuffix("/")
                let name = tag.prefix { !$0.isWhitespace && $0 != "/" }
                if tag.filter({ $0 == "\"" }).count % 2 != 0 || !entitiesAreValid(tag) { return false }
                if !selfClosing { stack.append(name) }
            }
        }
        return stack.isEmpty && entitiesAreValid(rest)
    }

    private static func entitiesAreValid(_ text: Substring) -> Bool {
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            let entity = rest[amp...].prefix { $0 != ";" }
            guard ["&amp", "&lt", "&gt", "&quot", "&#39"].contains(String(entity)) else { return false }
            rest = rest[rest.index(amp, offsetBy: entity.count)...]
        }
        return !text.contains("<")
    }
}
