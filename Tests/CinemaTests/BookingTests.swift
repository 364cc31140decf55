import Foundation
import GRDB
import Testing
@testable import Cinema

struct BookingTests {
    @Test func holdValidatesItsRequest() async throws {
        let fixture = try await Fixture.make()
        let booking = fixture.booking
        let user = fixture.users[0]
        let today = fixture.showtime("bakingSmallToday")
        await #expect(throws: BookingError.noSeatsChosen) {
            try await booking.hold(showtimeID: today, seatIDs: [], userID: user, now: fixture.now)
        }
        await #expect(throws: BookingError.tooManySeats(max: 10)) {
            try await booking.hold(showtimeID: today, seatIDs: Array(1...11), userID: user, now: fixture.now)
        }
        await #expect(throws: BookingError.unknownSeats) {  // a seat of another hall
            try await booking.hold(showtimeID: today, seatIDs: [fixture.seat("Big A1")], userID: user, now: fixture.now)
        }
        await #expect(throws: BookingError.unknownSeats) {
            try await booking.hold(showtimeID: today, seatIDs: [fixture.seat("Small A1"), 9_999], userID: user, now: fixture.now)
        }
        await #expect(throws: BookingError.seatBlocked([SeatLabel(seatID: fixture.seat("Small C3"), rowLabel: "C", number: 3)])) {
            try await booking.hold(showtimeID: today, seatIDs: [fixture.seat("Small C3"), fixture.seat("Small C4")], userID: user, now: fixture.now)
        }
        await #expect(throws: BookingError.showtimeNotBookable) {
            try await booking.hold(showtimeID: fixture.showtime("bakingBigYesterday"), seatIDs: [fixture.seat("Big A1")], userID: user, now: fixture.now)
        }
        await #expect(throws: BookingError.showtimeNotBookable) {
            try await booking.hold(showtimeID: fixture.showtime("coldBigIn2DaysCancelled"), seatIDs: [fixture.seat("Big A1")], userID: user, now: fixture.now)
        }
        await #expect(throws: BookingError.showtimeNotFound) {
            try await booking.hold(showtimeID: 9_999, seatIDs: [fixture.seat("Big A1")], userID: user, now: fixture.now)
        }
        #expect(try await fixture.count("reservations") == 0)
        #expect(try await fixture.count("seat_claims") == 0)
    }

    @Test(arguments: Storage.allCases)
    func holdClaimsSeatsWithAProvisionalTotal(_ storage: Storage) async throws {
        let fixture = try await Fixture.make(storage)
        let hold = try await fixture.booking.hold(
            showtimeID: fixture.showtime("bakingSmallToday"),
            seatIDs: [fixture.seat("Small A1"), fixture.seat("Small B1"), fixture.seat("Small A1")],  // duplicates ignored
            userID: fixture.users[0], now: fixture.now)
        #expect(hold.status == .held)
        #expect(hold.holdExpiresAt == fixture.now.addingTimeInterval(480))
        #expect(hold.totalCents == 1_000 + 1_300)  // adult standard + adult VIP
        #expect(hold.code.wholeMatch(of: /[A-HJKMNP-Z2-9]{3}-[A-HJKMNP-Z2-9]{3}/) != nil)
        #expect(hold.secondsLeft(at: fixture.now.addingTimeInterval(100)) == 380)
        #expect(try await fixture.count("seat_claims", where: "reservation_id = ?", [hold.id]) == 2)

        let detail = try #require(try await fixture.booking.reservation(code: hold.code, userID: fixture.users[0]))
        #expect(detail.seats.map(\.label) == ["A1", "B1"])
        #expect(detail.seats.map(\.priceCents) == [1_000, 1_300])
        #expect(detail.seats.allSatisfy { $0.ticketType == nil })
        #expect(detail.ticketOptions.map(\.ticketType.code) == ["adult", "child", "senior", "student"])
        #expect(detail.ticketOptions.map(\.cents) == [1_000, 700, 800, 850])
        #expect(detail.surcharges[.vip] == 300)
        #expect(detail.showtime.id == fixture.showtime("bakingSmallToday"))
        let listing = try await fixture.catalog.showtime(id: fixture.showtime("bakingSmallToday"), now: fixture.now)
        #expect(listing?.seatsLeft == 9)
        // Codes are found whatever their case or separator.
        let lowercase = hold.code.lowercased().replacingOccurrences(of: "-", with: "")
        #expect(try await fixture.booking.reservation(code: lowercase, userID: fixture.users[0])?.code == hold.code)

        // Seats come in grid order, front row first, whatever their ids: move A1 behind B1.
        try await fixture.database.writer.write { db in
            try db.execute(sql: "UPDATE seats SET grid_row = grid_row + 20 WHERE id = ?", arguments: [fixture.seat("Small A1")])
        }
        let moved = try #require(try await fixture.booking.reservation(code: hold.code, userID: fixture.users[0]))
        #expect(moved.seats.map(\.label) == ["B1", "A1"])
    }

    /// 50 customers press "hold" on the same two seats at the same moment.

    @Test(arguments: Storage.allCases)
    func concurrentHoldsForTheSameSeatsLetExactlyOneWin(_ storage: Storage) async throws {
        let fixture = try await Fixture.make(storage, userCount: 50)
        let booking = fixture.booking
        let showtimeID = fixture.showtime("alphaBigToday")
        let seats = [fixture.seat("Big A3"), fixture.seat("Big A4")]
        let now = fixture.now
        let results = await withTaskGroup(of: Result<Reservation, any Error>.self) { group in
            for user in fixture.users {
                group.addTask {
                    do {
                        return .success(try await booking.hold(showtimeID: showtimeID, seatIDs: seats, userID: user, now: now))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let winners = results.compactMap { try? $0.get() }
        let losers = results.compactMap { result -> BookingError? in
            if case .failure(let error) = result { return error as? BookingError }
            return nil
        }
        #expect(winners.count == 1)
        #expect(losers.count == 49)
        let expectedLabels = [
            SeatLabel(seatID: seats[0], rowLabel: "A", number: 3), SeatLabel(seatID: seats[1], rowLabel: "A", number: 4),
        ]
        #expect(losers.allSatisfy { $0 == .seatsTaken(expectedLabels) })
        let claims = try await fixture.database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT seat_id, reservation_id FROM seat_claims WHERE showtime_id = ?", arguments: [showtimeID])
                .map { (seat: $0["seat_id"] as Int64, reservation: $0["reservation_id"] as Int64) }
        }
        #expect(claims.count == 2)
        #expect(Set(claims.map(\.seat)) == Set(seats))
        #expect(claims.allSatisfy { $0.reservation == winners.first?.id })
        #expect(try await fixture.count("reservations") == 1)
        #expect(try await fixture.count("reservation_seats") == 2)
    }

    @Test func aPartlyTakenRequestHoldsNothing() async throws {
        let fixture = try await Fixture.make()
        let showtimeID = fixture.showtime("bakingSmallToday")
        _ = try await fixture.booking.hold(
            showtimeID: showtimeID, seatIDs: [fixture.seat("Small A2")], userID: fixture.users[0], now: fixture.now)
        await #expect(throws: BookingError.seatsTaken([SeatLabel(seatID: fixture.seat("Small A2"), rowLabel: "A", number: 2)])) {
            try await fixture.booking.hold(
                showtimeID: showtimeID, seatIDs: [fixture.seat("Small A1"), fixture.seat("Small A2")],
                userID: fixture.users[1], now: fixture.now)
        }
        #expect(try await fixture.count("seat_claims", where: "seat_id = ?", [fixture.seat("Small A1")]) == 0)
        #expect(try await fixture.count("reservations", where: "user_id = ?", [fixture.users[1]]) == 0)
        // The same seat is free in another showtime.
        _ = try await fixture.booking.hold(
            showtimeID: fixture.showtime("coldSmallIn3Days"), seatIDs: [fixture.seat("Small A2")],
            userID: fixture.users[1], now: fixture.now)
    }

    @Test func aNewHoldReplacesTheUsersEarlierHoldForTheShowtime() async throws {
        let fixture = try await Fixture.make()
        let showtimeID = fixture.showtime("bakingSmallToday")
        let first = try await fixture.booking.hold(
            showtimeID: showtimeID, seatIDs: [fixture.seat("Small A1")], userID: fixture.users[0], now: fixture.now)
        let second = try await fixture.booking.hold(
            showtimeID: showtimeID, seatIDs: [fixture.seat("Small A1"), fixture.seat("Small A2")], userID: fixture.users[0], now: fixture.now)
        #expect(try await fixture.booking.reservation(code: first.code, userID: fixture.users[0])?.status == .cancelled)
        #expect(try await fixture.count("seat_claims") == 2)
        #expect(try await fixture.count("seat_claims", where: "reservation_id = ?", [second.id]) == 2)
    }

    @Test(arguments: Storage.allCases)
    func anExpiredHoldLetsAnotherUserTakeTheSeats(_ storage: Storage) async throws {
        let fixture = try await Fixture.make(storage, holdDuration: 60)
        let booking = fixture.booking
        let showtimeID = fixture.showtime("bakingSmallToday")
        let seats = [fixture.seat("Small B2"), fixture.seat("Small B3")]
        let first = try await booking.hold(showtimeID: showtimeID, seatIDs: seats, userID: fixture.users[0], now: fixture.now)

        await #expect(throws: BookingError.seatsTaken([
            SeatLabel(seatID: seats[0], rowLabel: "B", number: 2), SeatLabel(seatID: seats[1], rowLabel: "B", number: 3),
        ])) {
            try await booking.hold(showtimeID: showtimeID, seatIDs: seats, userID: fixture.users[1], now: fixture.now.addingTimeInterval(59))
        }

        // No sweep has run: the claiming transaction itself releases the expired hold.
        let later = fixture.now.addingTimeInterval(61)
        let second = try await booking.hold(showtimeID: showtimeID, seatIDs: seats, userID: fixture.users[1], now: later)
        #expect(second.status == .held)
        let old = try await booking.reservation(code: first.code, userID: fixture.users[0])
        #expect(old?.status == .expired)
        await #expect(throws: BookingError.holdExpired) {
            try await booking.confirm(code: first.code, userID: fixture.users[0], ticketTypes: [:], now: later)
        }
        let claims = try await fixture.database.writer.read { db in
            try Int64.fetchAll(db, sql: "SELECT DISTINCT reservation_id FROM seat_claims")
        }
        #expect(claims == [second.id])
    }

    @Test func confirmingAnExpiredHoldBooksNothing() async throws {
        let fixture = try await Fixture.make(holdDuration: 60)
        let booking = fixture.booking
        let hold = try await booking.hold(
            showtimeID: fixture.showtime("bakingSmallToday"), seatIDs: [fixture.seat("Small A1")],
            userID: fixture.users[0], now: fixture.now)
        let late = fixture.now.addingTimeInterval(60)
        await #expect(throws: BookingError.holdExpired) {
            try await booking.confirm(code: hold.code, userID: fixture.users[0], ticketTypes: [:], now: late)
        }
        let after = try #require(try await booking.reservation(code: hold.code, userID: fixture.users[0]))
        #expect(after.status == .expired)
        #expect(after.reservation.confirmedAt == nil)
        #expect(try await fixture.count("seat_claims") == 0)
        #expect(try await fixture.count("outbox") == 0)
        // Asking again gives the same answer.
        await #expect(throws: BookingError.holdExpired) {
            try await booking.confirm(code: hold.code, userID: fixture.users[0], ticketTypes: [:], now: late)
        }
    }

    @Test(arguments: Storage.allCases)
    func confirmPricesEachSeatAndQueuesTheMailInTheSameTransaction(_ storage: Storage) async throws {
        let fixture = try await Fixture.make(storage)
        let booking = fixture.booking
        let user = fixture.users[0]
        let a1 = fixture.seat("Small A1"), b1 = fixture.seat("Small B1"), c1 = fixture.seat("Small C1")
        let hold = try await booking.hold(
            showtimeID: fixture.showtime("bakingSmallToday"), seatIDs: [a1, b1, c1], userID: user, now: fixture.now)

        await #expect(throws: BookingError.unknownTicketType("pensioner")) {
            try await booking.confirm(code: hold.code, userID: user, ticketTypes: [a1: "pensioner"], now: fixture.now)
        }
        await #expect(throws: BookingError.unknownSeats) {
            try await booking.confirm(code: hold.code, userID: user, ticketTypes: [fixture.seat("Small A2"): "adult"], now: fixture.now)
        }
        #expect(try await fixture.count("outbox") == 0)

        let previewed = try await booking.setTicketTypes(code: hold.code, userID: user, ticketTypes: [b1: "child"], now: fixture.now)
        #expect(previewed.status == .held)
        #expect(previewed.totalCents == 1_000 + 1_000 + 1_000)  // adult, child + VIP, adult wheelchair

        let confirmed = try await booking.confirm(
            code: hold.code, userID: user, ticketTypes: [a1: "senior", b1: "child", c1: "student"], now: fixture.now)
        #expect(confirmed.status == .confirmed)
        #expect(confirmed.reservation.confirmedAt == fixture.now)
        #expect(confirmed.seats.map(\.ticketType?.code) == ["senior", "child", "student"])
        #expect(confirmed.seats.map(\.priceCents) == [800, 700 + 300, 850])
        #expect(confirmed.totalCents == 2_650)
        #expect(confirmed.isChangeable(at: fixture.now))
        // What was written per seat reads back the same.
        let stored = try #require(try await booking.reservation(code: hold.code, userID: user))
        #expect(stored.seats == confirmed.seats)
        #expect(stored.totalCents == 2_650)

        let mail = try #require(try await fixture.outbox.messages().first)
        #expect(mail.kind == .confirmation)
        #expect(mail.recipient == "user0@example.com")
        #expect(mail.subject.contains(hold.code))
        #expect(mail.subject.contains("Baking Bad"))
        #expect(mail.body.contains("B1  Child"))
        #expect(mail.body.contains("€26.50"))
        #expect(mail.body.contains("Monday 2 June 2025 at 15:00"))
        #expect(mail.sentAt == nil && mail.attempts == 0 && mail.reservationID == hold.id)

        await #expect(throws: BookingError.notHeld) {
            try await booking.confirm(code: hold.code, userID: user, ticketTypes: [:], now: fixture.now)
        }
        #expect(try await fixture.count("outbox") == 1)
    }

    @Test(arguments: Storage.allCases)
    func aClaimCarriesItsHolderAndTheHoldsExpiryUntilSold(_ storage: Storage) async throws {
        // The seat map and the seat counts read claims alone (migration v4-claim-holders).
        let fixture = try await Fixture.make(storage, holdDuration: 600)
        let booking = fixture.booking
        let user = fixture.users[1]
        let a1 = fixture.seat("Small A1"), a2 = fixture.seat("Small A2"), a3 = fixture.seat("Small A3")
        let hold = try await booking.hold(
            showtimeID: fixture.showtime("bakingSmallToday"), seatIDs: [a1, a2], userID: user, now: fixture.now)
        func claims() async throws -> [[DatabaseValue]] {
            try await fixture.database.writer.read { db in
                try Row.fetchAll(db, sql: "SELECT seat_id, reservation_id, user_id, held_until FROM seat_claims ORDER BY seat_id")
                    .map { Array($0.databaseValues) }
            }
        }
        let until = StoredDate(fixture.now.addingTimeInterval(600)).databaseValue
        #expect(try await claims() == [
            [a1.databaseValue, hold.id.databaseValue, user.databaseValue, until],
            [a2.databaseValue, hold.id.databaseValue, user.databaseValue, until],
        ])

        _ = try await booking.confirm(code: hold.code, userID: user, ticketTypes: [:], now: fixture.now)
        #expect(try await claims() == [
            [a1.databaseValue, hold.id.databaseValue, user.databaseValue, .null],
            [a2.databaseValue, hold.id.databaseValue, user.databaseValue, .null],
        ])

        // A seat changed on a booking is claimed as sold at once.
        _ = try await booking.changeSeats(code: hold.code, userID: user, newSeatIDs: [a1, a3], now: fixture.now)
        #expect(try await claims() == [
            [a1.databaseValue, hold.id.databaseValue, user.databaseValue, .null],
            [a3.databaseValue, hold.id.databaseValue, user.databaseValue, .null],
        ])
    }

    @Test func aReservationsSeatsOutsideItsShowtimesHallStillRead() async throws {
        // Seats and ticket types come from the caches in memory; a released reservation whose
        // showtime moved to another hall keeps the old hall's seats, read from the table.
        let fixture = try await Fixture.make()
        let user = fixture.users[0]
        let a1 = fixture.seat("Small A1"), b1 = fixture.seat("Small B1"), bigA1 = fixture.seat("Big A1")
        let hold = try await fixture.booking.hold(
            showtimeID: fixture.showtime("bakingSmallToday"), seatIDs: [a1, b1], userID: user, now: fixture.now)
        _ = try await fixture.booking.setTicketTypes(code: hold.code, userID: user, ticketTypes: [b1: "child"], now: fixture.now)
        try await fixture.booking.release(code: hold.code, userID: user, now: fixture.now)
        try await fixture.database.writer.write { db in
            try db.execute(sql: "UPDATE reservation_seats SET seat_id = ? WHERE seat_id = ?", arguments: [bigA1, a1])
        }
        let detail = try #require(try await fixture.booking.reservation(code: hold.code, userID: user))
        #expect(detail.seats.map(\.seatID) == [bigA1, b1])
        #expect(detail.seats.map(\.category) == [.standard, .vip])
        #expect(detail.seats.map(\.ticketType?.code) == ["adult", "child"])
        #expect(detail.seats.map(\.priceCents) == [1_000, 700 + 300])
    }

    @Test func ticketTypesWithoutAPriceInTheFormatAreRefused() async throws {
        let fixture = try await Fixture.make()
        try await fixture.database.writer.write { db in
            try db.execute(sql: "DELETE FROM prices WHERE format = 'imax' AND ticket_type_id = (SELECT id FROM ticket_types WHERE code = 'student')")
        }
        let seat = fixture.seat("Big A1")
        let hold = try await fixture.booking.hold(
            showtimeID: fixture.showtime("alphaBigToday"), seatIDs: [seat], userID: fixture.users[0], now: fixture.now)
        await #expect(throws: BookingError.ticketTypeNotSold("student")) {
            try await fixture.booking.confirm(code: hold.code, userID: fixture.users[0], ticketTypes: [seat: "student"], now: fixture.now)
        }
        // Codes are trimmed and case-blind.
        let detail = try await fixture.booking.confirm(code: hold.code, userID: fixture.users[0], ticketTypes: [seat: " ADULT\t"], now: fixture.now)
        #expect(detail.totalCents == 1_500)
        #expect(detail.seats.map(\.ticketType?.code) == ["adult"])
    }

    @Test func releaseFreesTheSeatsAtOnce() async throws {
        let fixture = try await Fixture.make()
        let showtimeID = fixture.showtime("bakingSmallToday")
        let hold = try await fixture.booking.hold(
            showtimeID: showtimeID, seatIDs: [fixture.seat("Small A1")], userID: fixture.users[0], now: fixture.now)
        try await fixture.booking.release(code: hold.code, userID: fixture.users[0], now: fixture.now)
        try await fixture.booking.release(code: hold.code, userID: fixture.users[0], now: fixture.now)  // again: nothing
        #expect(try await fixture.count("seat_claims") == 0)
        _ = try await fixture.booking.hold(
            showtimeID: showtimeID, seatIDs: [fixture.seat("Small A1")], userID: fixture.users[1], now: fixture.now)
    }
}
