import Foundation
import GRDB
import Synchronization
import Testing
@testable import Cinema

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var closure: CinemaClock { { self.now } }
}

/// Where a fixture's database lives.
enum Storage: String, CaseIterable, CustomTestStringConvertible {
    /// A `DatabasePool` (WAL) in a temporary folder, as in production.
    case pool
    /// An in-memory `DatabaseQueue`: cheap.
    case memory

    var testDescription: String { rawValue }
}

/// A small cinema every storage test starts from; built in one place.
///
/// Now is Monday 2 June 2025, 12:00 UTC, and the cinema's time zone is UTC.
///
/// Halls: "Small" (standard)  A1 A2 . A3 A4 / B1–B4 VIP / C1 wheelchair, C2 companion,
/// C3 blocked, C4; "Big" (IMAX) two rows of five.
///
/// Showtimes: `alphaBigToday` 18:00, `alphaSmallTomorrow` 14:00, `bakingSmallToday` 15:00,
/// `coldSmallIn3Days` 20:00, `duneBigTomorrow` 21:00, `bakingBigYesterday` (past),
/// `coldBigIn2DaysCancelled`.
struct Fixture {
    static let now = Date(timeIntervalSince1970: 1_748_865_600)  // 2025-06-02 12:00:00 UTC

    let database: CinemaDatabase
    let settings: CinemaSettings
    let clock: TestClock
    let folder: TemporaryFolder
    var now: Date { clock.now }

    var seats: [String: Int64] = [:]       // "Small A1" → id
    var movies: [String: Int64] = [:]      // title → id
    var showtimes: [String: Int64] = [:]   // name → id
    var halls: [String: Int64] = [:]
    var users: [Int64] = []

    static func settings(holdDuration: TimeInterval = 480) -> CinemaSettings {
        CinemaSettings(
            holdDuration: holdDuration, timeZone: TimeZone(identifier: "UTC")!, scryptCost: .testing,
            mailFrom: "Marquee Tests <tickets@marquee.test>", cinemaName: "Marquee Test")
    }

    /// An empty, migrated database.
    static func emptyDatabase(_ storage: Storage, folder: TemporaryFolder) throws -> CinemaDatabase {
        switch storage {
        case .pool: try CinemaDatabase.open(path: folder.url.appendingPathComponent("cinema.sqlite").path)
        case .memory: try CinemaDatabase.inMemory()
        }
    }

    /// The small cinema, with `userCount` customers (cheap rows, no real password).
    static func make(_ storage: Storage = .memory, holdDuration: TimeInterval = 480, userCount: Int = 3) async throws -> Fixture {
        let folder = try TemporaryFolder()
        let database = try emptyDatabase(storage, folder: folder)
        var fixture = Fixture(
            database: database, settings: settings(holdDuration: holdDuration), clock: TestClock(now), folder: folder)
        let ids = try await database.writer.write { db in try Self.build(db, userCount: userCount) }
        fixture.seats = ids.seats
        fixture.movies = ids.movies
        fixture.showtimes = ids.showtimes
        fixture.halls = ids.halls
        fixture.users = ids.users
        return fixture
    }

    struct IDs: Sendable {
        var seats: [String: Int64] = [:]
        var movies: [String: Int64] = [:]
        var showtimes: [String: Int64] = [:]
        var halls: [String: Int64] = [:]
        var users: [Int64] = []
    }

    private static func build(_ db: Database, userCount: Int) throws -> IDs {
        var ids = IDs()
        let now = Fixture.now
        let day: TimeInterval = 86_400

        // Prices: standard and IMAX only (premium deliberately unpriced).
        let types = [("adult", "Adult", 1_000, 1_500), ("child", "Child", 700, 1_100),
                     ("senior", "Senior", 800, 1_200), ("student", "Student", 850, 1_250)]
        for (index, (code, name, standard, imax)) in types.enumerated() {
            try db.execute(sql: "INSERT INTO ticket_types (code, name, sort) VALUES (?, ?, ?)", arguments: [code, name, index])
            let typeID = db.lastInsertedRowID
            try db.execute(sql: "INSERT INTO prices VALUES (?, 'standard', ?)", arguments: [typeID, standard])
            try db.execute(sql: "INSERT INTO prices VALUES (?, 'imax', ?)", arguments: [typeID, imax])
        }
        try db.execute(sql: "INSERT INTO seat_category_surcharges VALUES ('vip', 300), ('wheelchair', 0), ('companion', 0)")

        for (name, format, layout) in [("Small", "standard", "ss.ss\nvv.vv\nwc.xs"), ("Big", "imax", "sssss\nsssss")] {
            try db.execute(sql: "INSERT INTO halls (name, format, layout) VALUES (?, ?, ?)", arguments: [name, format, layout])
            let hallID = db.lastInsertedRowID
            ids.halls[name] = hallID
            for seat in try HallLayout.parse(layout) {
                try db.execute(
                    sql: "INSERT INTO seats (hall_id, row_label, number, grid_row, grid_col, category, blocked) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [hallID, seat.rowLabel, seat.number, seat.gridRow, seat.gridCol, seat.category.rawValue, seat.blocked])
                ids.seats["\(name) \(seat.rowLabel)\(seat.number)"] = db.lastInsertedRowID
            }
        }

        for (slug, name) in [("science-fiction", "Science Fiction"), ("action", "Action"), ("comedy", "Comedy"),
                             ("drama", "Drama"), ("romance", "Romance")] {
            try db.execute(sql: "INSERT INTO genres (slug, name) VALUES (?, ?)", arguments: [slug, name])
        }
        let movies: [(String, Int, String, String, [String], Bool)] = [
            ("Alpha Centauri Rising", 120, "PG-13", "2025-05-03", ["science-fiction", "action"], false),
            ("Baking Bad", 90, "PG", "2025-05-23", ["comedy"], false),
            ("Cold River", 150, "R", "2025-04-03", ["drama"], false),
            ("Dune Café Nights", 100, "PG-13", "2025-05-28", ["romance", "drama"], false),
            ("Empty Screen", 95, "PG", "2025-02-22", ["drama"], false),
            ("Future Feature", 110, "PG", "2025-06-22", ["science-fiction"], false),
            ("Forgotten Reel", 85, "G", "2024-01-01", ["drama"], true),
        ]
        let descriptions = [
            "Alpha Centauri Rising": "A crew races a failing reactor to the nearest star.",
            "Baking Bad": "A chemistry teacher opens a bakery; the neighbourhood gets hooked on croissants.",
            "Cold River": "Two sisters, one frozen river and a very long winter.",
            "Dune Café Nights": "Love blooms among the regulars of a café at the edge of the desert.",
            "Empty Screen": "A projectionist waits for an audience that never comes.",
            "Future Feature": "Robots review the films of tomorrow.",
            "Forgotten Reel": "Found footage from a lost festival.",
        ]
        for (title, runtime, rating, release, genres, archived) in movies {
            try db.execute(
                sql: """
                    INSERT INTO movies (title, description, runtime_minutes, rating, release_date, poster_path, archived, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [title, descriptions[title]!, runtime, rating, release, "\(title.prefix(4)).svg", archived, now])
            let movieID = db.lastInsertedRowID
            ids.movies[title] = movieID
            for slug in genres {
                try db.execute(
                    sql: "INSERT INTO movie_genres SELECT ?, id FROM genres WHERE slug = ?", arguments: [movieID, slug])
            }
        }

        let today = now.addingTimeInterval(-12 * 3_600)  // 2 June 00:00 UTC
        let plan: [(String, String, String, TimeInterval)] = [
            ("alphaBigToday", "Alpha Centauri Rising", "Big", 18 * 3_600),
            ("alphaSmallTomorrow", "Alpha Centauri Rising", "Small", day + 14 * 3_600),
            ("bakingSmallToday", "Baking Bad", "Small", 15 * 3_600),
            ("coldSmallIn3Days", "Cold River", "Small", 3 * day + 20 * 3_600),
            ("duneBigTomorrow", "Dune Café Nights", "Big", day + 21 * 3_600),
            ("bakingBigYesterday", "Baking Bad", "Big", -day + 18 * 3_600),
            ("coldBigIn2DaysCancelled", "Cold River", "Big", 2 * day + 10 * 3_600),
        ]
        for (name, title, hall, offset) in plan {
            ids.showtimes[name] = try Schedule.insertShowtime(
                db, movieID: ids.movies[title]!, hallID: ids.halls[hall]!, startsAt: today.addingTimeInterval(offset),
                cleaningMinutes: 15)
        }
        try db.execute(sql: "UPDATE showtimes SET status = 'cancelled' WHERE id = ?", arguments: [ids.showtimes["coldBigIn2DaysCancelled"]!])

        for index in 0..<userCount {
            try db.execute(
                sql: """
                    INSERT INTO users (username, email, password_hash, role, created_at, updated_at)
                    VALUES (?, ?, 'scrypt$16$8$1$AAAA$AAAA', 'customer', ?, ?)
                    """,
                arguments: ["user\(index)", "user\(index)@example.com", now, now])
            ids.users.append(db.lastInsertedRowID)
        }
        return ids
    }

    // MARK: - Services

    var accounts: Accounts { Accounts(database: database, settings: settings, clock: clock.closure) }
    var catalog: Catalog { Catalog(database: database, settings: settings) }
    var booking: Booking { Booking(database: database, settings: settings) }
    var pricing: Pricing { Pricing(database: database) }
    var outbox: Outbox { Outbox(database: database) }

    func seat(_ name: String) -> Int64 { seats[name]! }
    func showtime(_ name: String) -> Int64 { showtimes[name]! }

    /// Number of rows in `table` matching an optional condition.
    func count(_ table: String, where condition: String = "1", _ arguments: StatementArguments = []) async throws -> Int {
        try await database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(condition)", arguments: arguments) ?? 0
        }
    }
}
