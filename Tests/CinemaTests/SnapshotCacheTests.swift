import Foundation
import GRDB
import Testing
@testable import Cinema

/// The in-memory copies of prices and hall seats never answer with data the database no
/// longer holds: not after a change, not for another database, not after a rollback.
struct SnapshotCacheTests {
    struct Rollback: Error {}

    func adultStandard(_ fixture: Fixture) async throws -> Int? {
        try await fixture.pricing.priceTable().price(ticketType: "adult", format: .standard, category: .standard)
    }

    func state(of seat: Int64, _ fixture: Fixture, showtime: Int64) async throws -> SeatMap.State? {
        let map = try #require(try await fixture.catalog.seatMap(showtimeID: showtime, viewer: nil, now: fixture.now))
        return map.seats.first { $0.id == seat }?.state
    }

    @Test func aPriceChangeShowsAtOnceAndOnlyInItsOwnDatabase() async throws {
        let first = try await Fixture.make()
        let second = try await Fixture.make()
        #expect(try await adultStandard(first) == 1_000)
        #expect(try await adultStandard(second) == 1_000)

        try await first.pricing.setPrice(ticketType: "adult", format: .standard, cents: 1_250)
        #expect(try await adultStandard(first) == 1_250)
        #expect(try await adultStandard(second) == 1_000)
        #expect(try await adultStandard(first) == 1_250)

        // A hold prices its seats from the same table.
        let showtime = first.showtime("bakingSmallToday")
        let hold = try await first.booking.hold(showtimeID: showtime, seatIDs: [first.seat("Small A1")], userID: first.users[0], now: first.now)
        #expect(hold.totalCents == 1_250)
    }

    @Test func aRolledBackChangeLeavesNothingBehind() async throws {
        let fixture = try await Fixture.make()
        #expect(try await adultStandard(fixture) == 1_000)
        await #expect(throws: Rollback.self) {
            try await fixture.database.writer.write { db in
                try db.execute(sql: "UPDATE prices SET cents = 5 WHERE format = 'standard'")
                // Read inside the transaction: the cache may keep what it saw here…
                #expect(try PriceTable.fetch(db).price(ticketType: "adult", format: .standard, category: .standard) == 5)
                throw Rollback()
            }
        }
        // …but under a version the rollback took back.
        #expect(try await adultStandard(fixture) == 1_000)
    }

    @Test func aSeatChangeShowsOnTheNextSeatMap() async throws {
        let first = try await Fixture.make()
        let second = try await Fixture.make()
        let showtime = first.showtime("bakingSmallToday")
        let seat = first.seat("Small A1")
        #expect(try await state(of: seat, first, showtime: showtime) == .free)
        #expect(try await state(of: second.seat("Small A1"), second, showtime: second.showtime("bakingSmallToday")) == .free)

        try await first.database.writer.write { db in
            try db.execute(sql: "UPDATE seats SET blocked = 1 WHERE id = ?", arguments: [seat])
        }
        #expect(try await state(of: seat, first, showtime: showtime) == .blocked)
        #expect(try await state(of: second.seat("Small A1"), second, showtime: second.showtime("bakingSmallToday")) == .free)
        await #expect(throws: BookingError.self) {
            try await first.booking.hold(showtimeID: showtime, seatIDs: [seat], userID: first.users[0], now: first.now)
        }
    }

    @Test func everyWatchedTableHasItsTriggers() async throws {
        let fixture = try await Fixture.make()
        let triggers = try await fixture.database.writer.read { db in
            try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_cache_version'")
        }
        for tables in CinemaMigrator.cacheVersionTables.values {
            for table in tables {
                for event in ["insert", "update", "delete"] {
                    #expect(triggers.contains("\(table)_\(event)_cache_version"))
                }
            }
        }
    }
}
