import Foundation
import GRDB
import Testing
@testable import Cinema

/// A cinema for the admin tests: a migrated `DatabasePool` in a temporary folder, ticket
/// prices, an admin, and helpers that go through the real services.
///
/// Times are fixed: "now" is Monday 2 June 2025, 10:00 in Berlin (08:00 UTC).
struct AdminFixture {
    let folder: TemporaryFolder
    let database: CinemaDatabase
    let settings: CinemaSettings
    let admin: User
    let now: Date

    static let timeZone = TimeZone(identifier: "Europe/Berlin")!

    /// Prices of the fixture in cents.
    static let adultCents = 1_200
    static let childCents = 800
    static let imaxAdultCents = 1_700
    static let vipSurcharge = 300

    static func make() async throws -> AdminFixture {
        let folder = try TemporaryFolder()
        let database = try CinemaDatabase.open(path: folder.url.appendingPathComponent("cinema.sqlite").path)
        var settings = CinemaSettings(timeZone: timeZone, scryptCost: .testing)
        settings.cleaningMinutes = 15
        settings.holdDuration = 480
        try await database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO ticket_types (code, name, sort) VALUES ('adult', 'Adult', 1), ('child', 'Child', 2);
                INSERT INTO prices (ticket_type_id, format, cents)
                    SELECT 1, f, CASE f WHEN 'imax' THEN \(imaxAdultCents) ELSE \(adultCents) END
                    FROM (SELECT 'standard' AS f UNION SELECT 'premium' UNION SELECT 'imax' UNION SELECT '3d' UNION SELECT 'dolby');
                INSERT INTO prices (ticket_type_id, format, cents) VALUES (2, 'standard', \(childCents));
                INSERT INTO seat_category_surcharges (category, cents) VALUES ('standard', 0), ('vip', \(vipSurcharge));
                """)
        }
        let accounts = Accounts(database: database, settings: settings)
        let admin = try await accounts.createUser(
            username: "boss", email: "boss@example.com", password: "correct horse", role: .admin)
        let now = local("2025-06-02 10:00")
        return AdminFixture(folder: folder, database: database, settings: settings, admin: admin, now: now)
    }

    // MARK: - Services

    var catalog: AdminCatalog {
        AdminCatalog(database: database, settings: settings, postersDirectory: folder.url.appendingPathComponent("posters"))
    }
    var halls: AdminHalls { AdminHalls(database: database, settings: settings) }
    var schedule: AdminSchedule { AdminSchedule(database: database, settings: settings) }
    var prices: AdminPrices { AdminPrices(database: database) }
    var users: AdminUsers { AdminUsers(database: database) }
    var reservations: AdminReservations { AdminReservations(database: database, settings: settings) }
    var reports: Reports { Reports(database: database, settings: settings) }
    var importer: MovieImport { MovieImport(database: database, settings: settings) }
    var audit: AuditLog { AuditLog(database: database) }
    var booking: Booking { Booking(database: database, settings: settings) }
    var outbox: Outbox { Outbox(database: database) }

    // MARK: - Time

    /// A local Berlin wall-clock time "yyyy-MM-dd HH:mm".
    static func local(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    func local(_ text: String) -> Date { Self.local(text) }

    // MARK: - Building the cinema through the services

    func customer(_ username: String) async throws -> User {
        try await Accounts(database: database, settings: settings).createUser(
            username: username, email: "\(username)@example.com", password: "password123", role: .customer)
    }

    func user(_ username: String, role: Role) async throws -> User {
        try await Accounts(database: database, settings: settings).createUser(
            username: username, email: "\(username)@example.com", password: "password123", role: role)
    }

    /// A 3 × 4 hall: row A standard, row B with a gap and a VIP pair, row C with a blocked seat.
    static let smallLayout = """
        ssss
        ss.vv
        sssx
        """

    func hall(_ name: String = "Hall 1", format: HallFormat = .standard, layout: String = smallLayout) async throws -> Int64 {
        try await halls.create(HallForm(name: name, format: format.rawValue, layout: layout), actor: admin.id, now: now)
    }

    func movie(_ title: String, runtime: Int = 100, genres: [String] = [], newGenres: String = "") async throws -> Int64 {
        try await catalog.create(
            MovieForm(title: title, runtimeMinutes: String(runtime), rating: "PG-13", genres: genres, newGenres: newGenres),
            actor: admin.id, now: now)
    }

    /// Schedules `movie` in `hall` at a local "yyyy-MM-dd HH:mm".
    func showtime(_ movie: Int64, _ hall: Int64, at local: String) async throws -> Int64 {
        let parts = local.split(separator: " ").map(String.init)
        return try await schedule.create(
            ShowtimeForm(movieID: movie, hallID: hall, date: parts[0], time: parts[1]), actor: admin.id, now: now)
    }

    /// Seat ids of a hall by label ("A1").
    func seatIDs(hall: Int64) async throws -> [String: Int64] {
        let seats = try await Catalog(database: database, settings: settings).hall(id: hall)?.seats ?? []
        return Dictionary(uniqueKeysWithValues: seats.map { ($0.label, $0.id) })
    }

    /// Holds seats (by label) for `user` through the real booking service.
    func hold(_ user: User, showtime: Int64, hall: Int64, seats labels: [String], at time: Date? = nil) async throws -> Reservation {
        let ids = try await seatIDs(hall: hall)
        return try await booking.hold(
            showtimeID: showtime, seatIDs: labels.map { ids[$0]! }, userID: user.id, now: time ?? now)
    }

    /// Holds and confirms seats through the real booking service; `types` maps labels to
    /// ticket type codes (others get the default, adult).
    @discardableResult
    func book(
        _ user: User, showtime: Int64, hall: Int64, seats labels: [String], types: [String: String] = [:], at time: Date? = nil
    ) async throws -> ReservationDetail {
        let ids = try await seatIDs(hall: hall)
        let hold = try await hold(user, showtime: showtime, hall: hall, seats: labels, at: time)
        var ticketTypes: [Int64: String] = [:]
        for (label, code) in types { ticketTypes[ids[label]!] = code }
        return try await booking.confirm(code: hold.code, userID: user.id, ticketTypes: ticketTypes, now: time ?? now)
    }

    // MARK: - Looking inside

    func count(_ sql: String, _ arguments: StatementArguments = []) async throws -> Int {
        try await database.writer.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
    }
}

/// The error `body` throws, for checking its fields (nil when it throws nothing).
func caught<E: Error>(_ type: E.Type, _ body: () async throws -> Void) async -> E? {
    do {
        try await body()
        return nil
    } catch let error as E {
        return error
    } catch {
        Issue.record("expected \(E.self), got \(error)")
        return nil
    }
}
