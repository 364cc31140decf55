import Cinema
import Foundation
import GRDB
import Testing

/// What the admin page tests set up through the domain, so each test drives only the pages
/// it is about.
extension TestApp {
    /// A new customer with a confirmed booking of `seats` free seats of `showtimeID`.
    /// - Returns: the booking code.
    @discardableResult
    func confirmedBooking(showtimeID: Int64, username: String, seats: Int = 2) async throws -> String {
        let code = try await heldBooking(showtimeID: showtimeID, username: username, seats: seats)
        let user = try await customer(username)
        _ = try await Booking(database: database, settings: settings).confirm(code: code, userID: user.id, ticketTypes: [:], now: clock.now)
        return code
    }

    /// A new customer's live hold on `seats` free seats of `showtimeID`; returns its code.
    @discardableResult
    func heldBooking(showtimeID: Int64, username: String, seats: Int = 1) async throws -> String {
        let user = try await customer(username)
        let catalog = Catalog(database: database, settings: settings)
        let map = try #require(try await catalog.seatMap(showtimeID: showtimeID, viewer: nil, now: clock.now))
        let free = map.seats.filter { $0.state == .free && $0.category == .standard }.prefix(seats).map(\.id)
        let hold = try await Booking(database: database, settings: settings).hold(showtimeID: showtimeID, seatIDs: Array(free), userID: user.id, now: clock.now)
        return hold.code
    }

    private func customer(_ username: String) async throws -> User {
        let accounts = Accounts(database: database, settings: settings, clock: { self.clock.now })
        if let existing = try await accounts.user(username: username) { return existing }
        return try await accounts.createUser(username: username, email: "\(username)@example.com", password: "popcorn-and-soda", role: .customer)
    }

    /// A scheduled showtime a day or more ahead, as the admin services list it.
    func futureShowtime(skip: Int = 0) async throws -> ShowtimeListing {
        let now = clock.now
        let listings = try await Catalog(database: database, settings: settings)
            .showtimes(ShowtimeFilter(range: DateInterval(start: now.addingTimeInterval(86_400), duration: 86_400 * 3)), now: now)
        return try #require(listings.dropFirst(skip).first)
    }

    /// The first scheduled showtime of `hallID` starting after `start`.
    func futureShowtimeInHall(_ hallID: Int64, after start: Date) async throws -> ShowtimeListing {
        let listings = try await Catalog(database: database, settings: settings)
            .showtimes(ShowtimeFilter(range: DateInterval(start: start.addingTimeInterval(1), duration: 86_400), hallID: hallID), now: clock.now)
        return try #require(listings.first)
    }

    /// `YYYY-MM-DD` and `HH:MM` of `date` in the cinema's time zone, as the forms take them.
    func localDateAndTime(_ date: Date) -> (date: String, time: String) {
        let parts = settings.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let two = { (value: Int?) in String(format: "%02d", value ?? 0) }
        return ("\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day))", "\(two(parts.hour)):\(two(parts.minute))")
    }

    /// The local day `days` after today, `YYYY-MM-DD`.
    func localDay(inDays days: Int) -> String {
        localDateAndTime(settings.calendar.date(byAdding: .day, value: days, to: clock.now) ?? clock.now).date
    }

    /// One value read straight from the database file, like ``count(_:_:)``.
    func value<Value: DatabaseValueConvertible>(_ sql: String, _ arguments: StatementArguments = [], as type: Value.Type = Value.self) throws -> Value? {
        let queue = try DatabaseQueue(path: databasePath)
        return try queue.read { try Value.fetchOne($0, sql: sql, arguments: arguments) }
    }
}

/// `text` as the templates write it into a page (`& < > " '` escaped), to look for names
/// such as “Brass & Bone” or “Grandma's Robot” in a body.
func html(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "'", with: "&#39;")
}
