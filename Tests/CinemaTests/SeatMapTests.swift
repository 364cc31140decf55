import Foundation
import Testing
@testable import Cinema

struct SeatMapTests {
    @Test(arguments: Storage.allCases)
    func statesDependOnWhoIsLooking(_ storage: Storage) async throws {
        let fixture = try await Fixture.make(storage)
        let showtimeID = fixture.showtime("bakingSmallToday")
        let (holder, booker, stranger) = (fixture.users[0], fixture.users[1], fixture.users[2])
        let a1 = fixture.seat("Small A1"), a2 = fixture.seat("Small A2"), b1 = fixture.seat("Small B1")
        let c3 = fixture.seat("Small C3"), c4 = fixture.seat("Small C4")
        let hold = try await fixture.booking.hold(showtimeID: showtimeID, seatIDs: [a1, a2], userID: holder, now: fixture.now)
        let booked = try await fixture.booking.hold(showtimeID: showtimeID, seatIDs: [b1], userID: booker, now: fixture.now)
        _ = try await fixture.booking.confirm(code: booked.code, userID: booker, ticketTypes: [:], now: fixture.now)

        func states(_ viewer: Int64?, at now: Date) async throws -> [Int64: SeatMap.State] {
            let map = try #require(try await fixture.catalog.seatMap(showtimeID: showtimeID, viewer: viewer, now: now))
            return Dictionary(uniqueKeysWithValues: map.seats.map { ($0.id, $0.state) })
        }
        let forHolder = try await states(holder, at: fixture.now)
        #expect([forHolder[a1], forHolder[a2], forHolder[b1], forHolder[c3], forHolder[c4]] == [.mine, .mine, .taken, .blocked, .free])
        let forBooker = try await states(booker, at: fixture.now)
        #expect([forBooker[a1], forBooker[a2], forBooker[b1]] == [.heldByOther, .heldByOther, .mine])
        let forStranger = try await states(stranger, at: fixture.now)
        #expect([forStranger[a1], forStranger[b1], forStranger[c3]] == [.heldByOther, .taken, .blocked])
        let forVisitor = try await states(nil, at: fixture.now)
        #expect(forVisitor == forStranger)

        let holderMap = try #require(try await fixture.catalog.seatMap(showtimeID: showtimeID, viewer: holder, now: fixture.now))
        #expect(holderMap.viewerHoldCode == hold.code)
        #expect(holderMap.viewerHoldExpiresAt == hold.holdExpiresAt)
        #expect(holderMap.count(.free) == 8)
        #expect(holderMap.showtime.seatsLeft == 8)
        let bookerMap = try await fixture.catalog.seatMap(showtimeID: showtimeID, viewer: booker, now: fixture.now)
        #expect(bookerMap?.viewerHoldCode == nil)

        // Once the hold has run out, its seats show free to everyone, sweep or not.
        let later = fixture.now.addingTimeInterval(fixture.settings.holdDuration)
        let afterExpiry = try await states(booker, at: later)
        #expect([afterExpiry[a1], afterExpiry[a2], afterExpiry[b1]] == [.free, .free, .mine])
        let holderLater = try await states(holder, at: later)
        #expect(holderLater[a1] == .free)
    }

    @Test func gridHasAislesAndPricesForTheFormat() async throws {
        let fixture = try await Fixture.make()
        let map = try #require(try await fixture.catalog.seatMap(
            showtimeID: fixture.showtime("alphaBigToday"), viewer: nil, now: fixture.now))
        #expect(map.gridRows == 2 && map.gridCols == 5)
        #expect(map.prices.map(\.cents) == [1_500, 1_100, 1_200, 1_250])
        #expect(map.surcharges[.vip] == 300)
        #expect(map.showtime.hallName == "Big")

        let small = try #require(try await fixture.catalog.seatMap(
            showtimeID: fixture.showtime("bakingSmallToday"), viewer: nil, now: fixture.now))
        #expect(small.gridRows == 3 && small.gridCols == 5)
        let rows = small.rows
        #expect(rows.map(\.label) == ["A", "B", "C"])
        #expect(rows[0].cells.map { $0?.label } == ["A1", "A2", nil, "A3", "A4"])
        #expect(rows[2].cells.compactMap { $0?.category } == [.wheelchair, .companion, .standard, .standard])
        #expect(small.seats.first(where: { $0.label == "C3" })?.isSelectable == false)
        #expect(small.prices.map(\.cents) == [1_000, 700, 800, 850])

        #expect(try await fixture.catalog.seatMap(showtimeID: 9_999, viewer: nil, now: fixture.now) == nil)
    }

    /// States and categories hash by case (not by their raw text); every case must still
    /// hash and compare as its own.
    @Test func everyStateAndCategoryIsItsOwnKey() {
        var hashes = Set(SeatMap.State.allCases.map(\.hashValue))
        #expect(hashes.count == SeatMap.State.allCases.count)
        hashes = Set(SeatCategory.allCases.map(\.hashValue))
        #expect(hashes.count == SeatCategory.allCases.count)
        let surcharges = Dictionary(uniqueKeysWithValues: SeatCategory.allCases.enumerated().map { ($1, $0) })
        #expect(SeatCategory.allCases.map { surcharges[$0] } == Array(0..<SeatCategory.allCases.count))
        #expect(SeatCategory(rawValue: "vip")?.hashValue == SeatCategory.vip.hashValue)
    }
}
