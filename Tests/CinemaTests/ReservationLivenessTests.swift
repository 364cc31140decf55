import Foundation
import GRDB
import Testing
@testable import Cinema

/// The SQL spelling of "this reservation holds its seats" must agree with the Swift one.
struct ReservationLivenessTests {
    @Test func theSQLRulesAgreeWithIsLiveHold() throws {
        let queue = try DatabaseQueue()
        let now = Date(timeIntervalSince1970: 1_790_000_000.250)
        let expiries: [Date?] = [nil, now.addingTimeInterval(-60), now.addingTimeInterval(-0.001), now, now.addingTimeInterval(0.001), now.addingTimeInterval(600)]
        var cases: [Reservation] = []
        for status in ReservationStatus.allCases {
            for expiry in expiries {
                cases.append(Reservation(
                    id: Int64(cases.count + 1), code: "C\(cases.count)", userID: 1, showtimeID: 1, status: status,
                    holdExpiresAt: expiry, totalCents: 0, createdAt: now, updatedAt: now, confirmedAt: nil, cancelledAt: nil))
            }
        }
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE reservations (id INTEGER PRIMARY KEY, status TEXT NOT NULL, hold_expires_at TEXT)")
            for reservation in cases {
                try db.execute(
                    sql: "INSERT INTO reservations (id, status, hold_expires_at) VALUES (?, ?, ?)",
                    arguments: [reservation.id, reservation.status.rawValue, reservation.holdExpiresAt.map(StoredDate.init)])
            }
        }
        for alias in ["r", ""] {
            let from = alias.isEmpty ? "reservations" : "reservations \(alias)"
            let rows = try queue.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, \(Reservation.liveHoldSQL(alias, now: "?1")) AS hold, \(Reservation.liveSQL(alias, now: "?1")) AS live
                        FROM \(from) ORDER BY id
                        """,
                    arguments: [StoredDate(now)])
            }
            #expect(rows.count == cases.count)
            for (reservation, row) in zip(cases, rows) {
                let label = "\(reservation.status) until \(reservation.holdExpiresAt.map { "\($0.timeIntervalSince(now))" } ?? "nil"), alias '\(alias)'"
                let hold: Bool = row["hold"] ?? false
                let live: Bool = row["live"] ?? false
                #expect(hold == reservation.isLiveHold(at: now), "\(label)")
                #expect(live == (reservation.status == .confirmed || reservation.isLiveHold(at: now)), "\(label)")
            }
        }
    }
}
