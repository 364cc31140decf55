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

    @Test func aShowtimeMovieOrHallChangeShowsInTheNextBookingStep() async throws {
        let fixture = try await Fixture.make()
        let showtime = fixture.showtime("bakingSmallToday")
        let hold = try await fixture.booking.hold(
            showtimeID: showtime, seatIDs: [fixture.seat("Small A1")], userID: fixture.users[0], now: fixture.now)
        func checkout() async throws -> ScheduledShowtime {
            try #require(try await fixture.booking.reservation(code: hold.code, userID: fixture.users[0])).showtime
        }
        let before = try await checkout()
        try await fixture.database.writer.write { db in
            try db.execute(sql: "UPDATE movies SET title = 'Baking, Again' WHERE id = ?", arguments: [before.movieID])
        }
        #expect(try await checkout().movieTitle == "Baking, Again")
        try await fixture.database.writer.write { db in
            try db.execute(sql: "UPDATE halls SET name = 'Studio 9' WHERE id = ?", arguments: [before.hallID])
        }
        #expect(try await checkout().hallName == "Studio 9")

        try await fixture.database.writer.write { db in
            try db.execute(sql: "UPDATE showtimes SET status = 'cancelled' WHERE id = ?", arguments: [showtime])
        }
        #expect(try await checkout().status == .cancelled)
        await #expect(throws: BookingError.showtimeNotBookable) {
            try await fixture.booking.hold(
                showtimeID: showtime, seatIDs: [fixture.seat("Small B1")], userID: fixture.users[1], now: fixture.now)
        }
    }

    @Test func aFullCacheStartsOver() async throws {
        let fixture = try await Fixture.make()
        let cache = SnapshotCache<Int, Int>(versionRow: .prices, maximumCount: 2)
        let computed = try await fixture.database.writer.read { db in
            var computed = 0
            for key in [1, 2, 1, 3, 1] {
                _ = try cache.value(db, for: key) { _ in
                    computed += 1
                    return key * 10
                }
            }
            return computed
        }
        // 1 and 2 computed, 1 kept, 3 starts over (then holds only 3), so 1 again.
        #expect(computed == 4)
    }

    @Test func aScopeReadsEveryVersionOnceForAllCaches() async throws {
        let fixture = try await Fixture.make()
        let showtime = fixture.showtime("bakingSmallToday")
        final class Log: @unchecked Sendable {
            var statements: [String] = []
        }
        let log = Log()
        try await fixture.database.writer.read { db in
            db.trace { log.statements.append("\($0)") }
            try CacheVersions.reading(db) {
                let listing = try #require(try ScheduledShowtime.fetchOne(db, id: showtime))
                _ = try Catalog.hallSeats(db, hallID: listing.hallID)
                _ = try PriceTable.fetch(db)
                _ = try PriceTable.fetch(db)
            }
            _ = try PriceTable.fetch(db)  // outside the scope: reads its own row
            db.trace(options: [], nil)
        }
        let versionReads = log.statements.filter { $0.contains("FROM cache_versions") }
        #expect(versionReads.count == 2)
        #expect(versionReads.last?.contains("WHERE name") == true)

        // Every read of the services is a scope, which reads the versions only once a cache
        // asks.
        let reads = Log()
        try await fixture.database.read { db in
            db.trace { reads.statements.append("\($0)") }
            _ = try Int.fetchOne(db, sql: "SELECT 1")
            let before = reads.statements.filter { $0.contains("FROM cache_versions") }.count
            _ = try PriceTable.fetch(db)
            _ = try Catalog.hallSeats(db, hallID: 1)
            db.trace(options: [], nil)
            #expect(before == 0)
        }
        #expect(reads.statements.filter { $0.contains("FROM cache_versions") } == [CacheVersions.Versions.sql])

        // So is every booking write (group commit), whatever its call site.
        let writes = Log()
        try await fixture.database.write { db in
            db.trace { writes.statements.append("\($0)") }
            _ = try PriceTable.fetch(db)
            _ = try Catalog.hallSeats(db, hallID: 1)
            _ = try ScheduledShowtime.fetchOne(db, id: showtime)
            db.trace(options: [], nil)
        }
        #expect(writes.statements.filter { $0.contains("FROM cache_versions") } == [CacheVersions.Versions.sql])

        // A change committed between two scopes shows in the next one.
        try await fixture.pricing.setPrice(ticketType: "adult", format: .standard, cents: 1_175)
        let price = try await fixture.database.writer.read { db in
            try CacheVersions.reading(db) { try PriceTable.fetch(db).price(ticketType: "adult", format: .standard, category: .standard) }
        }
        #expect(price == 1_175)
    }

    @Test func everyWatchedTableHasItsTriggers() async throws {
        let fixture = try await Fixture.make()
        let triggers = try await fixture.database.writer.read { db in
            try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_cache_version'")
        }
        // One case per row, and a row per case.
        #expect(Set(CacheVersions.Name.allCases.map(\.rawValue)) == Set(CinemaMigrator.cacheVersionTables.keys))
        let rows = try await fixture.database.writer.read { db in try String.fetchSet(db, sql: "SELECT name FROM cache_versions") }
        #expect(rows == Set(CacheVersions.Name.allCases.map(\.rawValue)))
        for tables in CinemaMigrator.cacheVersionTables.values {
            for table in tables {
                for event in ["insert", "update", "delete"] {
                    #expect(triggers.contains("\(table)_\(event)_cache_version"))
                }
            }
        }
    }
}
