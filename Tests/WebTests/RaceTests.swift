import Foundation
import GRDB
import Testing

@Suite struct RaceTests {
    /// 50 signed-in users post a hold for the same two seats at the same moment.
    @Test func exactlyOneOfFiftyRacersGetsTheSeats() async throws {
        try await withApp { app in
            let (showtime, free) = try await app.bookableShowtime()
            let seats = [free[10], free[11]]
            var racers: [(TestBrowser, String)] = []
            for index in 0..<50 {
                let browser = try await app.signedInBrowser("racer\(index)")
                let token = try #require(try await browser.get("/showtimes/\(showtime)").csrfToken)
                racers.append((browser, token))
            }
            let statuses = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for (browser, token) in racers {
                    group.addTask {
                        let response = try await browser.post("/showtimes/\(showtime)/hold", form: [("_csrf", token)] + seats.map { ("seat", String($0)) })
                        return (response.status, response.body)
                    }
                }
                var results: [(Int, String)] = []
                for try await result in group { results.append(result) }
                return results
            }
            #expect(statuses.filter { $0.0 == 303 }.count == 1)
            let losers = statuses.filter { $0.0 != 303 }
            #expect(losers.count == 49)
            #expect(losers.allSatisfy { $0.0 == 409 && $0.1.contains("just taken by someone else") })
            for seat in seats {
                #expect(try app.count("SELECT COUNT(*) FROM seat_claims WHERE showtime_id = ? AND seat_id = ?", [showtime, seat]) == 1)
            }
            #expect(try app.count("SELECT COUNT(*) FROM reservations WHERE showtime_id = ? AND status = 'held'", [showtime]) == 1)
        }
    }
}
