import Foundation
import GRDB
import Testing

/// Bookings made the way a moviegoer makes them, through the site, for tests that check
/// what admin pages and the dashboard say about them.
extension TestApp {
    /// Holds `seats` of `showtime` in `browser`'s account; returns the booking code.
    func hold(_ browser: TestBrowser, showtime: Int64, seats: [Int64]) async throws -> String {
        let map = try await browser.get("/showtimes/\(showtime)")
        let token = try #require(map.csrfToken)
        let response = try await browser.post("/showtimes/\(showtime)/hold", form: [("_csrf", token)] + seats.map { ("seat", String($0)) })
        let location = try #require(response.header("Location"), "hold answered \(response.status)")
        guard response.status == 303, location.hasPrefix("/checkout/") else { throw TestError("hold failed: \(response.status) \(location)") }
        return String(location.dropFirst("/checkout/".count))
    }

    /// Holds and confirms (every seat an adult ticket); returns the booking code.
    func book(_ browser: TestBrowser, showtime: Int64, seats: [Int64]) async throws -> String {
        let code = try await hold(browser, showtime: showtime, seats: seats)
        let checkout = try await browser.get("/checkout/\(code)")
        let form = [("_csrf", try #require(checkout.csrfToken))] + seats.map { ("ticket_\($0)", "adult") }
        let confirmed = try await browser.post("/checkout/\(code)/confirm", form: form)
        guard confirmed.status == 303, confirmed.header("Location") == "/reservations/\(code)" else {
            throw TestError("confirm of \(code) failed: \(confirmed.status)")
        }
        return code
    }

    /// Changes the database behind the app's back (to plant awkward names, for instance).
    func execute(_ sql: String, _ arguments: StatementArguments = []) throws {
        let queue = try DatabaseQueue(path: databasePath)
        try queue.write { try $0.execute(sql: sql, arguments: arguments) }
    }
}
