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

        let detail = try #require(try await fixture.booking.reservation(code: hold.code, userID: fixture.users[0], now: fixture.now))
        #expect(detail.seats.map(\.label) == ["A1", "B1"])
        #expect(detail.seats.map(\.priceCents) == [1_000, 1_300])
        #expect(detail.seats.allSatisfy { $0.ticketType == nil })
        #expect(detail.ticketOptions.map(\.ticketType.code) == ["adult", "child", "senior", "student"])
        #expect(detail.ticketOptions.map(\.cents) == [1_000, 700, 800, 850])
        #expect(detail.surcharges[.vip] == 300)
        #expect(detail.showtime.seatsLeft == 9)
        // Codes are found whatever their case or separator.
        let lowercase = hold.code.lowercased().replacingOccurrences(of: "-", with: "")
        #expect(try await fixture.booking.reservation(code: lowercase, userID: fixture.users[0], now: fixture.now)?.code == hold.code)
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
        #expect(try await fixture.booking.reservation(code: first.code, userID: fixture.users[0], now: fixture.now)?.status == .cancelled)
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
        let old = try await booking.reservation(code: first.code, userID: fixture.users[0], now: later)
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
        let after = try #require(try await booking.reservation(code: hold.code, userID: fixture.users[0], now: late))
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
        let detail = try await fixture.booking.confirm(code: hold.code, userID: fixture.users[0], ticketTypes: [seat: "ADULT"], now: fixture.now)
        #expect(detail.totalCents == 1_500)
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

    @Test(arguments: Storage.allCases)
    func changingSeatsKeepsTheOldOnesWhenANewOneIsTaken(_ storage: Storage) async throws {
        let fixture = try await Fixture.make(storage)
        let booking = fixture.booking
        let showtimeID = fixture.showtime("bakingSmallToday")
        let (a1, a2, a3, a4, b1) = (
            fixture.seat("Small A1"), fixture.seat("Small A2"), fixture.seat("Small A3"), fixture.seat("Small A4"),
            fixture.seat("Small B1"))
        let mine = try await booking.hold(showtimeID: showtimeID, seatIDs: [a1, a2], userID: fixture.users[0], now: fixture.now)
        _ = try await booking.confirm(code: mine.code, userID: fixture.users[0], ticketTypes: [a1: "adult", a2: "child"], now: fixture.now)
        _ = try await booking.hold(showtimeID: showtimeID, seatIDs: [a3], userID: fixture.users[1], now: fixture.now)

        await #expect(throws: BookingError.seatsTaken([SeatLabel(seatID: a3, rowLabel: "A", number: 3)])) {
            try await booking.changeSeats(code: mine.code, userID: fixture.users[0], newSeatIDs: [a3, a4], now: fixture.now)
        }
        func claimsBy(_ reservationID: Int64) async throws -> Set<Int64> {
            Set(try await fixture.database.writer.read { db in
                try Int64.fetchAll(db, sql: "SELECT seat_id FROM seat_claims WHERE reservation_id = ?", arguments: [reservationID])
            })
        }
        #expect(try await claimsBy(mine.id) == [a1, a2])
        let unchanged = try #require(try await booking.reservation(code: mine.code, userID: fixture.users[0], now: fixture.now))
        #expect(unchanged.seats.map(\.label) == ["A1", "A2"])
        #expect(try await fixture.count("outbox") == 1)  // only the confirmation

        await #expect(throws: BookingError.seatCountMismatch(expected: 2)) {
            try await booking.changeSeats(code: mine.code, userID: fixture.users[0], newSeatIDs: [a4], now: fixture.now)
        }

        // Keep A2, move A1 to the VIP seat B1: the adult ticket moves with it and costs the surcharge.
        let moved = try await booking.changeSeats(code: mine.code, userID: fixture.users[0], newSeatIDs: [a2, b1], now: fixture.now)
        #expect(moved.seats.map(\.label) == ["A2", "B1"])
        #expect(moved.seats.map(\.ticketType?.code) == ["child", "adult"])
        #expect(moved.seats.map(\.priceCents) == [700, 1_300])
        #expect(moved.totalCents == 2_000)
        #expect(moved.status == .confirmed)
        #expect(try await claimsBy(mine.id) == [a2, b1])
        let mails = try await fixture.outbox.messages()
        #expect(mails.count == 2)
        #expect(mails.first?.subject.hasPrefix("Your new seats") == true)
        // A1 is free for someone else now.
        _ = try await booking.hold(showtimeID: showtimeID, seatIDs: [a1], userID: fixture.users[2], now: fixture.now)
    }

    @Test func changingSeatsNeedsAConfirmedUpcomingBooking() async throws {
        let fixture = try await Fixture.make()
        let booking = fixture.booking
        let showtimeID = fixture.showtime("bakingSmallToday")
        let a1 = fixture.seat("Small A1")
        let hold = try await booking.hold(showtimeID: showtimeID, seatIDs: [a1], userID: fixture.users[0], now: fixture.now)
        await #expect(throws: BookingError.notConfirmed) {
            try await booking.changeSeats(code: hold.code, userID: fixture.users[0], newSeatIDs: [fixture.seat("Small A2")], now: fixture.now)
        }
        _ = try await booking.confirm(code: hold.code, userID: fixture.users[0], ticketTypes: [:], now: fixture.now)
        let started = fixture.now.addingTimeInterval(3 * 3_600)  // 15:00
        await #expect(throws: BookingError.showtimeStarted) {
            try await booking.changeSeats(code: hold.code, userID: fixture.users[0], newSeatIDs: [fixture.seat("Small A2")], now: started)
        }
    }

    @Test(arguments: Storage.allCases)
    func cancellingFreesTheSeatsAndQueuesAMail(_ storage: Storage) async throws {
        let fixture = try await Fixture.make(storage)
        let booking = fixture.booking
        let showtimeID = fixture.showtime("alphaBigToday")
        let seats = [fixture.seat("Big B2"), fixture.seat("Big B3")]
        let hold = try await booking.hold(showtimeID: showtimeID, seatIDs: seats, userID: fixture.users[0], now: fixture.now)
        _ = try await booking.confirm(code: hold.code, userID: fixture.users[0], ticketTypes: [:], now: fixture.now)

        let map = try await fixture.catalog.seatMap(showtimeID: showtimeID, viewer: fixture.users[1], now: fixture.now)
        #expect(map?.seat(id: seats[0])?.state == .taken)

        let cancelled = try await booking.cancel(code: hold.code, userID: fixture.users[0], now: fixture.now)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.reservation.cancelledAt == fixture.now)
        #expect(try await fixture.count("seat_claims") == 0)
        let after = try await fixture.catalog.seatMap(showtimeID: showtimeID, viewer: fixture.users[1], now: fixture.now)
        #expect(after?.seat(id: seats[0])?.state == .free)
        let mail = try #require(try await fixture.outbox.messages().first)
        #expect(mail.kind == .cancellation)
        #expect(mail.subject == "Cancelled: Alpha Centauri Rising – \(hold.code)")

        _ = try await booking.cancel(code: hold.code, userID: fixture.users[0], now: fixture.now)  // twice: no change
        #expect(try await fixture.count("outbox") == 2)
        _ = try await booking.hold(showtimeID: showtimeID, seatIDs: seats, userID: fixture.users[1], now: fixture.now)
    }

    @Test func cancellingAfterTheStartIsRefused() async throws {
        let fixture = try await Fixture.make()
        let showtimeID = fixture.showtime("bakingSmallToday")
        let hold = try await fixture.booking.hold(
            showtimeID: showtimeID, seatIDs: [fixture.seat("Small A1")], userID: fixture.users[0], now: fixture.now)
        _ = try await fixture.booking.confirm(code: hold.code, userID: fixture.users[0], ticketTypes: [:], now: fixture.now)
        await #expect(throws: BookingError.showtimeStarted) {
            try await fixture.booking.cancel(code: hold.code, userID: fixture.users[0], now: fixture.now.addingTimeInterval(3 * 3_600))
        }
        #expect(try await fixture.count("seat_claims") == 1)
    }

    @Test func someoneElsesReservationIsInvisible() async throws {
        let fixture = try await Fixture.make()
        let booking = fixture.booking
        let owner = fixture.users[0], other = fixture.users[1]
        let hold = try await booking.hold(
            showtimeID: fixture.showtime("bakingSmallToday"), seatIDs: [fixture.seat("Small A1")], userID: owner, now: fixture.now)
        #expect(try await booking.reservation(code: hold.code, userID: other, now: fixture.now) == nil)
        #expect(try await booking.reservation(code: "ZZZ-999", userID: owner, now: fixture.now) == nil)
        await #expect(throws: BookingError.reservationNotFound) {
            try await booking.confirm(code: hold.code, userID: other, ticketTypes: [:], now: fixture.now)
        }
        await #expect(throws: BookingError.reservationNotFound) {
            try await booking.release(code: hold.code, userID: other, now: fixture.now)
        }
        await #expect(throws: BookingError.reservationNotFound) {
            try await booking.cancel(code: hold.code, userID: other, now: fixture.now)
        }
        await #expect(throws: BookingError.reservationNotFound) {
            try await booking.changeSeats(code: hold.code, userID: other, newSeatIDs: [fixture.seat("Small A2")], now: fixture.now)
        }
        #expect(try await booking.reservation(code: hold.code, userID: owner, now: fixture.now)?.status == .held)
    }

    @Test func listsAUsersReservationsUpcomingAndPast() async throws {
        let fixture = try await Fixture.make()
        let booking = fixture.booking
        let user = fixture.users[0]
        let today = try await booking.hold(
            showtimeID: fixture.showtime("bakingSmallToday"), seatIDs: [fixture.seat("Small A2"), fixture.seat("Small A1")],
            userID: user, now: fixture.now)
        _ = try await booking.confirm(code: today.code, userID: user, ticketTypes: [:], now: fixture.now)
        let later = try await booking.hold(
            showtimeID: fixture.showtime("coldSmallIn3Days"), seatIDs: [fixture.seat("Small B1")], userID: user, now: fixture.now)
        let cancelled = try await booking.hold(
            showtimeID: fixture.showtime("alphaBigToday"), seatIDs: [fixture.seat("Big A1")], userID: user, now: fixture.now)
        _ = try await booking.confirm(code: cancelled.code, userID: user, ticketTypes: [:], now: fixture.now)
        _ = try await booking.cancel(code: cancelled.code, userID: user, now: fixture.now)
        _ = try await booking.hold(
            showtimeID: fixture.showtime("alphaBigToday"), seatIDs: [fixture.seat("Big A5")], userID: fixture.users[1], now: fixture.now)

        let list = try await booking.reservations(userID: user, now: fixture.now)
        #expect(list.upcoming.map(\.code) == [today.code, later.code, cancelled.code])
        #expect(list.upcoming.map(\.status) == [.confirmed, .held, .cancelled])
        #expect(list.upcoming.first?.seatLabels == ["A1", "A2"])
        #expect(list.upcoming.first?.movieTitle == "Baking Bad")
        #expect(list.past.isEmpty)

        // After Baking Bad started, and once the hold ran out:
        let evening = fixture.now.addingTimeInterval(4 * 3_600)
        let laterList = try await booking.reservations(userID: user, now: evening)
        #expect(laterList.past.map(\.code) == [today.code])
        #expect(laterList.upcoming.map(\.code) == [cancelled.code])
    }

    @Test(arguments: Storage.allCases)
    func sweepExpiresOnlyHoldsThatRanOut(_ storage: Storage) async throws {
        let fixture = try await Fixture.make(storage, holdDuration: 60)
        let booking = fixture.booking
        let early = try await booking.hold(
            showtimeID: fixture.showtime("bakingSmallToday"), seatIDs: [fixture.seat("Small A1")], userID: fixture.users[0], now: fixture.now)
        let late = try await booking.hold(
            showtimeID: fixture.showtime("alphaBigToday"), seatIDs: [fixture.seat("Big A1")], userID: fixture.users[1],
            now: fixture.now.addingTimeInterval(30))
        #expect(try await booking.expireHolds(now: fixture.now.addingTimeInterval(59)) == 0)
        #expect(try await booking.expireHolds(now: fixture.now.addingTimeInterval(60)) == 1)
        #expect(try await fixture.count("seat_claims") == 1)
        #expect(try await booking.reservation(code: early.code, userID: fixture.users[0], now: fixture.now)?.status == .expired)
        #expect(try await booking.reservation(code: late.code, userID: fixture.users[1], now: fixture.now)?.status == .held)
        #expect(try await booking.expireHolds(now: fixture.now.addingTimeInterval(600)) == 1)
        #expect(try await fixture.count("seat_claims") == 0)
    }
}

struct BookingCodeTests {
    @Test func codesUseAnUnambiguousAlphabet() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<1_000 {
            let code = BookingCode.random(using: &generator)
            #expect(code.count == 7)
            #expect(code.dropFirst(3).first == "-")
            #expect(!code.contains { "01OIL".contains($0) })
        }
        #expect(BookingCode.normalize("k7q 42m") == "K7Q-42M")
        #expect(BookingCode.normalize("K7Q-42M") == "K7Q-42M")
        #expect(BookingCode.normalize("abc") == "ABC")
    }
}

struct HoldSweepTests {
    @Test func sweepLoopReleasesExpiredHoldsUntilCancelled() async throws {
        let fixture = try await Fixture.make(holdDuration: 60)
        _ = try await fixture.booking.hold(
            showtimeID: fixture.showtime("bakingSmallToday"), seatIDs: [fixture.seat("Small A1")],
            userID: fixture.users[0], now: fixture.now)
        fixture.clock.advance(by: 61)
        let booking = fixture.booking
        let clock = fixture.clock.closure
        let task = Task { await booking.sweepExpiredHolds(every: .milliseconds(20), clock: clock) }
        var claims = 1
        for _ in 0..<250 where claims > 0 {
            try await Task.sleep(for: .milliseconds(20))
            claims = try await fixture.count("seat_claims")
        }
        task.cancel()
        await task.value
        #expect(claims == 0)
        #expect(try await fixture.count("reservations", where: "status = 'expired'") == 1)
    }
}
