import Foundation
import GRDB
import Testing
@testable import Cinema

/// Seat changes, cancellations, ownership, lists and expiry of bookings.
struct BookingChangesTests {
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
        let unchanged = try #require(try await booking.reservation(code: mine.code, userID: fixture.users[0]))
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

    @Test func changingSeatsReleasesAnExpiredHoldInTheWay() async throws {
        let fixture = try await Fixture.make(holdDuration: 60)
        let booking = fixture.booking
        let showtimeID = fixture.showtime("bakingSmallToday")
        let (a1, a3) = (fixture.seat("Small A1"), fixture.seat("Small A3"))
        let mine = try await booking.hold(showtimeID: showtimeID, seatIDs: [a1], userID: fixture.users[0], now: fixture.now)
        _ = try await booking.confirm(code: mine.code, userID: fixture.users[0], ticketTypes: [:], now: fixture.now)
        let theirs = try await booking.hold(showtimeID: showtimeID, seatIDs: [a3], userID: fixture.users[1], now: fixture.now)

        let live = try await booking.hold(
            showtimeID: showtimeID, seatIDs: [fixture.seat("Small A4")], userID: fixture.users[2], now: fixture.now.addingTimeInterval(30))

        // No sweep and no hold since: the changing transaction itself releases the expired hold
        // on A3, and leaves the live hold of user 2 on A4 alone.
        let later = fixture.now.addingTimeInterval(61)
        let moved = try await booking.changeSeats(code: mine.code, userID: fixture.users[0], newSeatIDs: [a3], now: later)
        #expect(moved.seats.map(\.label) == ["A3"])
        #expect(try await booking.reservation(code: theirs.code, userID: fixture.users[1])?.status == .expired)
        #expect(try await booking.reservation(code: live.code, userID: fixture.users[2])?.status == .held)
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
        #expect(try await booking.reservation(code: hold.code, userID: other) == nil)
        #expect(try await booking.reservation(code: "ZZZ-999", userID: owner) == nil)
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
        #expect(try await booking.reservation(code: hold.code, userID: owner)?.status == .held)
    }

    /// Two of `user`'s bookings today: Baking Bad's seats A1 and A2 confirmed, Alpha's seat A1
    /// (later the same day) confirmed and then cancelled.
    static func bookBakingAndCancelAlpha(_ fixture: Fixture, user: Int64) async throws -> (baking: Reservation, alpha: Reservation) {
        let booking = fixture.booking
        let baking = try await booking.hold(
            showtimeID: fixture.showtime("bakingSmallToday"), seatIDs: [fixture.seat("Small A2"), fixture.seat("Small A1")],
            userID: user, now: fixture.now)
        _ = try await booking.confirm(code: baking.code, userID: user, ticketTypes: [:], now: fixture.now)
        let alpha = try await booking.hold(
            showtimeID: fixture.showtime("alphaBigToday"), seatIDs: [fixture.seat("Big A1")], userID: user, now: fixture.now)
        _ = try await booking.confirm(code: alpha.code, userID: user, ticketTypes: [:], now: fixture.now)
        _ = try await booking.cancel(code: alpha.code, userID: user, now: fixture.now)
        return (baking, alpha)
    }

    @Test func listsAUsersReservationsUpcomingAndPast() async throws {
        let fixture = try await Fixture.make()
        let booking = fixture.booking
        let user = fixture.users[0]
        let (today, cancelled) = try await Self.bookBakingAndCancelAlpha(fixture, user: user)
        let later = try await booking.hold(
            showtimeID: fixture.showtime("coldSmallIn3Days"), seatIDs: [fixture.seat("Small B1")], userID: user, now: fixture.now)
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

    @Test func pastReservationsComeAPageAtATimeLatestFirst() async throws {
        let fixture = try await Fixture.make()
        let booking = fixture.booking
        let user = fixture.users[0]
        let (baking, alpha) = try await Self.bookBakingAndCancelAlpha(fixture, user: user)
        // A hold that ran out is not listed at all.
        _ = try await booking.hold(
            showtimeID: fixture.showtime("coldSmallIn3Days"), seatIDs: [fixture.seat("Small B1")], userID: user, now: fixture.now)

        let muchLater = fixture.now.addingTimeInterval(10 * 86_400)
        let first = try await booking.reservations(userID: user, now: muchLater, pastPage: 1, pastPageSize: 1)
        #expect(first.upcoming.isEmpty)
        #expect(first.past.map(\.code) == [alpha.code])  // Alpha starts after Baking Bad
        #expect((first.pastPage, first.pastPageCount, first.pastCount) == (1, 2, 2))
        let second = try await booking.reservations(userID: user, now: muchLater, pastPage: 2, pastPageSize: 1)
        #expect(second.past.map(\.code) == [baking.code])
        #expect(second.past.first?.seatLabels == ["A1", "A2"])
        #expect(second.pastPage == 2)
        // A page past the end gives the last one; a page of all fits everything.
        let beyond = try await booking.reservations(userID: user, now: muchLater, pastPage: 9, pastPageSize: 1)
        #expect(beyond.past.map(\.code) == [baking.code])
        #expect(beyond.pastPage == 2)
        let whole = try await booking.reservations(userID: user, now: muchLater)
        #expect(whole.past.map(\.code) == [alpha.code, baking.code])
        #expect((whole.pastPage, whole.pastPageCount, whole.pastCount) == (1, 1, 2))
        // Nobody else's: the other user has none.
        let other = try await booking.reservations(userID: fixture.users[1], now: muchLater)
        #expect(other.past.isEmpty && other.pastPageCount == 1 && other.pastCount == 0)
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
        #expect(try await booking.reservation(code: early.code, userID: fixture.users[0])?.status == .expired)
        #expect(try await booking.reservation(code: late.code, userID: fixture.users[1])?.status == .held)
        #expect(try await booking.expireHolds(now: fixture.now.addingTimeInterval(600)) == 1)
        #expect(try await fixture.count("seat_claims") == 0)
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

struct ReminderTests {
    @Test func remindsConfirmedBookingsOnceWithinTheLeadTime() async throws {
        let fixture = try await Fixture.make()
        let booking = fixture.booking
        // Baking Bad starts at 15:00 and Alpha at 18:00; a hold is never reminded.
        let soon = try await booking.hold(
            showtimeID: fixture.showtime("bakingSmallToday"), seatIDs: [fixture.seat("Small A1")], userID: fixture.users[0], now: fixture.now)
        _ = try await booking.confirm(code: soon.code, userID: fixture.users[0], ticketTypes: [:], now: fixture.now)
        let later = try await booking.hold(
            showtimeID: fixture.showtime("alphaBigToday"), seatIDs: [fixture.seat("Big A1")], userID: fixture.users[1], now: fixture.now)
        _ = try await booking.confirm(code: later.code, userID: fixture.users[1], ticketTypes: [:], now: fixture.now)
        _ = try await booking.hold(
            showtimeID: fixture.showtime("bakingSmallToday"), seatIDs: [fixture.seat("Small A2")], userID: fixture.users[2], now: fixture.now)

        #expect(try await booking.queueReminders(now: fixture.now, leadTime: 3 * 3_600) == 1)
        #expect(try await booking.queueReminders(now: fixture.now, leadTime: 3 * 3_600) == 0)
        let reminder = try #require(try await fixture.outbox.messages().first)
        #expect(reminder.kind == .reminder)
        #expect(reminder.recipient == "user0@example.com")
        #expect(reminder.subject == "Reminder: Baking Bad at 15:00 – \(soon.code)")

        #expect(try await booking.queueReminders(now: fixture.now.addingTimeInterval(3 * 3_600), leadTime: 3 * 3_600) == 1)
        #expect(try await fixture.count("outbox", where: "kind = 'reminder'") == 2)
    }
}
