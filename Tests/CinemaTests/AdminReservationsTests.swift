import Foundation
import GRDB
import Testing
@testable import Cinema

struct AdminReservationsTests {
    @Test func theSeatingShowsWhoHoldsAndWhoBookedEachSeat() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let movie = try await cinema.movie("Orbitfall")
        let showtime = try await cinema.showtime(movie, hall, at: "2025-06-03 18:00")
        let ada = try await cinema.customer("ada")
        let bob = try await cinema.customer("bob")
        let cy = try await cinema.customer("cyd")
        let ticket = try await cinema.book(ada, showtime: showtime, hall: hall, seats: ["A1", "A2"])
        let hold = try await cinema.hold(bob, showtime: showtime, hall: hall, seats: ["B3"])
        // cy's hold ran out: its seat shows as free.
        _ = try await cinema.hold(cy, showtime: showtime, hall: hall, seats: ["C1"], at: cinema.now.addingTimeInterval(-600))

        let seating = try #require(try await cinema.reservations.seating(showtimeID: showtime, now: cinema.now))
        let bySeat = Dictionary(uniqueKeysWithValues: seating.seats.map { ($0.label, $0) })
        #expect(bySeat["A1"]?.occupant == .init(userID: ada.id, username: "ada", reservationCode: ticket.code, status: .confirmed))
        #expect(bySeat["A2"]?.occupant?.reservationCode == ticket.code)
        #expect(bySeat["B3"]?.occupant == .init(userID: bob.id, username: "bob", reservationCode: hold.code, status: .held))
        #expect(bySeat["C1"]?.occupant == nil)
        #expect(bySeat["C4"]?.blocked == true)
        #expect((seating.soldCount, seating.heldCount, seating.blockedCount, seating.freeCount) == (2, 1, 1, 8))
        #expect(seating.rows.map(\.label) == ["A", "B", "C"])
        #expect(seating.rows[1].cells[2] == nil)  // the aisle in row B
        #expect(seating.reservations.map(\.username) == ["cyd", "bob", "ada"])
        #expect(seating.reservations.map(\.status) == [.held, .held, .confirmed])
        #expect(seating.reservations.map { $0.isLive(at: cinema.now) } == [false, true, true])
        #expect(try await cinema.reservations.seating(showtimeID: 404, now: cinema.now) == nil)
    }

    @Test func aUsersReservationsAreListedLatestShowtimeFirst() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let movie = try await cinema.movie("Orbitfall")
        let tuesday = try await cinema.showtime(movie, hall, at: "2025-06-03 18:00")
        let friday = try await cinema.showtime(movie, hall, at: "2025-06-06 18:00")
        let ada = try await cinema.customer("ada")
        let early = try await cinema.book(ada, showtime: tuesday, hall: hall, seats: ["A1", "A3"])
        let late = try await cinema.book(ada, showtime: friday, hall: hall, seats: ["B4"])
        let rows = try await cinema.users.reservations(userID: ada.id).items
        #expect(rows.map(\.code) == [late.code, early.code])
        #expect(rows[1].seatLabels == ["A1", "A3"])
        #expect(rows[1].totalCents == 2 * AdminFixture.adultCents)
        #expect(rows[0].totalCents == AdminFixture.adultCents + AdminFixture.vipSurcharge)
        #expect(rows[0].movieTitle == "Orbitfall")
        #expect(rows[0].hallName == "Hall 1")
        #expect(try await cinema.reservations.reservation(code: early.code.lowercased().replacingOccurrences(of: "-", with: ""))?.id == rows[1].id)

        // A page at a time; a page past the end gives the last.
        let first = try await cinema.users.reservations(userID: ada.id, page: 1, perPage: 1)
        #expect(first.items.map(\.code) == [late.code])
        #expect((first.page, first.pageCount, first.total) == (1, 2, 2))
        let second = try await cinema.users.reservations(userID: ada.id, page: 2, perPage: 1)
        #expect(second.items.map(\.code) == [early.code])
        #expect(second.items.first?.seatLabels == ["A1", "A3"])
        let beyond = try await cinema.users.reservations(userID: ada.id, page: 5, perPage: 1)
        #expect(beyond.page == 2 && beyond.items.map(\.code) == [early.code])
        let nobody = try await cinema.users.reservations(userID: 999_999)
        #expect(nobody.items.isEmpty && (nobody.page, nobody.pageCount, nobody.total) == (1, 1, 0))
    }

    @Test func anAdminCancelsABookingItsSeatsFreeAndItsCustomerIsMailed() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let movie = try await cinema.movie("Orbitfall")
        let showtime = try await cinema.showtime(movie, hall, at: "2025-06-03 18:00")
        let ada = try await cinema.customer("ada")
        let ticket = try await cinema.book(ada, showtime: showtime, hall: hall, seats: ["A1", "A2"])

        let row = try await cinema.reservations.cancel(code: ticket.code, actor: cinema.admin.id, now: cinema.now)
        #expect(row.status == .cancelled)
        #expect(row.cancelledAt == cinema.now)
        #expect(try await cinema.count("SELECT COUNT(*) FROM seat_claims WHERE reservation_id = ?", [ticket.reservation.id]) == 0)
        let mail = try #require(try await cinema.outbox.messages().first)
        #expect(mail.kind == .cancellation)
        #expect(mail.recipient == "ada@example.com")
        #expect(mail.body.contains("has been cancelled by Marquee"))
        let entry = try #require(try await cinema.audit.recent(entity: .reservation, entityID: ticket.reservation.id).first)
        #expect(entry.details.hasPrefix("\(ticket.code) of ada (confirmed) for “Orbitfall” on Tue 3 Jun 2025 at 18:00, seats A1 A2; mail queued"))
        // The seats can be booked again at once.
        let bob = try await cinema.customer("bob")
        try await cinema.book(bob, showtime: showtime, hall: hall, seats: ["A1"])

        await #expect(throws: AdminError.reservationNotActive(.cancelled)) {
            try await cinema.reservations.cancel(code: ticket.code, actor: cinema.admin.id, now: cinema.now)
        }
        await #expect(throws: AdminError.notFound(.reservation)) {
            try await cinema.reservations.cancel(code: "ZZZ-ZZZ", actor: cinema.admin.id, now: cinema.now)
        }
    }

    @Test func cancellingAHoldQueuesNoMailAndAnExpiredHoldIsNotActive() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let movie = try await cinema.movie("Orbitfall")
        let showtime = try await cinema.showtime(movie, hall, at: "2025-06-03 18:00")
        let ada = try await cinema.customer("ada")
        let hold = try await cinema.hold(ada, showtime: showtime, hall: hall, seats: ["A1"])
        let row = try await cinema.reservations.cancel(code: hold.code, actor: cinema.admin.id, now: cinema.now)
        #expect(row.status == .cancelled)
        #expect(try await cinema.outbox.messages().isEmpty)

        let stale = try await cinema.hold(ada, showtime: showtime, hall: hall, seats: ["A2"])
        await #expect(throws: AdminError.reservationNotActive(.expired)) {
            try await cinema.reservations.cancel(code: stale.code, actor: cinema.admin.id, now: cinema.now.addingTimeInterval(600))
        }
        #expect(try await cinema.reservations.reservation(code: stale.code)?.status == .expired)
        let customer = try await cinema.customer("eve")
        let other = try await cinema.hold(customer, showtime: showtime, hall: hall, seats: ["A3"])
        await #expect(throws: AdminError.notAuthorized) {
            try await cinema.reservations.cancel(code: other.code, actor: ada.id, now: cinema.now)
        }
    }
}
