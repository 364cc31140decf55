import Foundation
import GRDB
import Testing
@testable import Cinema

struct AdminScheduleTests {
    // MARK: - One showtime

    @Test func createComputesTheEndFromRuntimeAndCleaning() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let movie = try await cinema.movie("Orbitfall", runtime: 142)
        let id = try await cinema.showtime(movie, hall, at: "2025-06-03 18:00")
        let editor = try #require(try await cinema.schedule.showtimeForm(id: id, now: cinema.now))
        #expect(editor.listing.startsAt == cinema.local("2025-06-03 18:00"))
        #expect(editor.listing.endsAt == cinema.local("2025-06-03 20:37"))  // 142 + 15 minutes
        #expect(editor.form == ShowtimeForm(movieID: movie, hallID: hall, date: "2025-06-03", time: "18:00"))
        let entry = try #require(try await cinema.audit.recent(entity: .showtime, entityID: id).first)
        #expect(entry.details == "“Orbitfall” in Hall 1 on Tue 3 Jun 2025 at 18:00")
    }

    @Test func anOverlapIsRefusedNamingTheShowtimeInTheWay() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let orbit = try await cinema.movie("Orbitfall", runtime: 100)
        let boats = try await cinema.movie("Paper Boats", runtime: 90)
        _ = try await cinema.showtime(orbit, hall, at: "2025-06-03 18:00")  // busy until 19:55
        let error = try #require(await caught(ValidationError.self) {
            _ = try await cinema.showtime(boats, hall, at: "2025-06-03 19:50")
        })
        #expect(error.fields == [
            "time": "Hall 1 is taken by “Orbitfall” on Tue 3 Jun 2025 at 18:00 (until 19:55, cleaning included).",
        ])
        // Right after the cleaning is fine, and so is the same time in another hall.
        _ = try await cinema.showtime(boats, hall, at: "2025-06-03 19:55")
        let other = try await cinema.hall("Hall 2")
        _ = try await cinema.showtime(boats, other, at: "2025-06-03 18:00")
        // Starting before and running into it is refused too.
        let before = try #require(await caught(ValidationError.self) {
            _ = try await cinema.showtime(boats, hall, at: "2025-06-03 16:40")
        })
        #expect(before["time"]?.contains("“Orbitfall” on Tue 3 Jun 2025 at 18:00") == true)
    }

    @Test func everyShowtimeFieldIsValidated() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let archived = try await cinema.movie("Old Reel")
        try await cinema.catalog.archive(id: archived, actor: cinema.admin.id, now: cinema.now)
        func errors(_ form: ShowtimeForm) async -> [String: String] {
            await caught(ValidationError.self) {
                _ = try await cinema.schedule.create(form, actor: cinema.admin.id, now: cinema.now)
            }?.fields ?? [:]
        }
        #expect(await errors(ShowtimeForm(date: "3.6.2025", time: "25:00")) == [
            "movieID": "Choose a movie.", "hallID": "Choose a hall.",
            "date": "Enter a date like 2025-06-30.", "time": "Enter a time like 18:30.",
        ])
        #expect(await errors(ShowtimeForm(movieID: 99, hallID: 98, date: "2025-06-03", time: "18:00")) == [
            "movieID": "That movie does not exist (any more).", "hallID": "That hall does not exist (any more).",
        ])
        #expect(await errors(ShowtimeForm(movieID: archived, hallID: hall, date: "2025-06-03", time: "18:00")) == [
            "movieID": "“Old Reel” is archived; unarchive it to schedule it.",
        ])
        let movie = try await cinema.movie("Orbitfall")
        #expect(await errors(ShowtimeForm(movieID: movie, hallID: hall, date: "2025-06-02", time: "09:30")) == [
            "time": "That time has passed; choose a time in the future.",
        ])
        // Berlin skips 02:00–03:00 on Sunday 29 March 2026.
        #expect(await errors(ShowtimeForm(movieID: movie, hallID: hall, date: "2026-03-29", time: "02:30")) == [
            "time": "02:30 does not exist on 2026-03-29: the clocks go forward that night.",
        ])
        #expect(try await cinema.count("SELECT COUNT(*) FROM showtimes") == 0)
    }

    // MARK: - A batch

    @Test func aBatchSkippingConflictsReportsEachRefusedSlot() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let orbit = try await cinema.movie("Orbitfall", runtime: 100)
        let boats = try await cinema.movie("Paper Boats", runtime: 90)
        let blocker = try await cinema.showtime(boats, hall, at: "2025-06-04 17:00")  // until 18:45
        let report = try await cinema.schedule.createBatch(
            ShowtimeBatchForm(movieID: orbit, hallID: hall, startDate: "2025-06-02", dayCount: "3", times: "21:00, 9:00 17:30"),
            policy: .skipConflicts, actor: cinema.admin.id, now: cinema.now)
        #expect(report.created.map(\.startsAt) == [
            "2025-06-02 17:30", "2025-06-02 21:00", "2025-06-03 09:00", "2025-06-03 17:30", "2025-06-03 21:00",
            "2025-06-04 09:00", "2025-06-04 21:00",
        ].map(cinema.local))
        #expect(report.conflicts.map(\.message) == [
            "2025-06-02 at 09:00: that time has passed.",
            "2025-06-04 at 17:30: Hall 1 is taken by “Paper Boats” on Wed 4 Jun 2025 at 17:00 (until 18:45, cleaning included).",
        ])
        #expect(report.conflicts[1].conflict?.showtimeID == blocker)
        #expect(report.conflicts[1].clashesWithBatch == false)
        #expect(try await cinema.count("SELECT COUNT(*) FROM showtimes") == 8)
        let entry = try #require(try await cinema.audit.recent(entity: .showtime).first)
        #expect(entry.details.hasPrefix("7 showtimes of “Orbitfall” in Hall 1 on 3 days from 2025-06-02 at 09:00, 17:30, 21:00; 2 slots skipped"))
    }

    @Test func anAllOrNothingBatchWithAConflictCreatesNothing() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let orbit = try await cinema.movie("Orbitfall", runtime: 100)
        // 14:00 runs until 15:55, so 15:00 clashes with the batch's own 14:00 slot.
        let error = try #require(await caught(AdminError.self) {
            _ = try await cinema.schedule.createBatch(
                ShowtimeBatchForm(movieID: orbit, hallID: hall, startDate: "2025-06-03", dayCount: "7", times: "14:00, 15:00"),
                policy: .allOrNothing, actor: cinema.admin.id, now: cinema.now)
        })
        guard case .scheduleConflicts(let conflicts) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(conflicts.count == 7)
        #expect(conflicts.allSatisfy { $0.clashesWithBatch })
        #expect(conflicts[0].message == "2025-06-03 at 15:00: overlaps this batch's own showtime at 14:00 (until 15:55, cleaning included).")
        #expect(error.message.hasPrefix("Nothing was scheduled: 7 slots clash with other showtimes."))
        #expect(try await cinema.count("SELECT COUNT(*) FROM showtimes") == 0)
        #expect(try await cinema.audit.recent(entity: .showtime).isEmpty)

        let report = try await cinema.schedule.createBatch(
            ShowtimeBatchForm(movieID: orbit, hallID: hall, startDate: "2025-06-03", dayCount: "7", times: "14:00, 17:30, 21:00"),
            policy: .allOrNothing, actor: cinema.admin.id, now: cinema.now)
        #expect(report.created.count == 21)
        #expect(report.conflicts.isEmpty)
    }

    @Test func aBatchSlotSkippedByTheClockChangeIsReported() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let orbit = try await cinema.movie("Orbitfall", runtime: 60)
        let report = try await cinema.schedule.createBatch(
            ShowtimeBatchForm(movieID: orbit, hallID: hall, startDate: "2026-03-28", dayCount: "2", times: "02:30"),
            policy: .skipConflicts, actor: cinema.admin.id, now: cinema.now)
        #expect(report.created.map(\.startsAt) == [cinema.local("2026-03-28 02:30")])
        #expect(report.conflicts.count == 1)
        #expect(report.conflicts.first?.requestedStart == nil)
        #expect(report.conflicts.first?.date == DayDate(year: 2026, month: 3, day: 29))
        #expect(report.conflicts.first?.message == "2026-03-29 at 02:30: that time does not exist (the clocks go forward).")
    }

    @Test func batchFieldsAreValidated() async throws {
        let cinema = try await AdminFixture.make()
        let error = try #require(await caught(ValidationError.self) {
            _ = try await cinema.schedule.createBatch(
                ShowtimeBatchForm(startDate: "tomorrow", dayCount: "40", times: "14:00, 7pm"),
                policy: .skipConflicts, actor: cinema.admin.id, now: cinema.now)
        })
        #expect(error.fields == [
            "movieID": "Choose a movie.", "hallID": "Choose a hall.", "startDate": "Enter a date like 2025-06-30.",
            "dayCount": "Enter a number of days from 1 to 31.", "times": "“7pm” is not a time like 14:00.",
        ])
        let empty = try #require(await caught(ValidationError.self) {
            _ = try await cinema.schedule.createBatch(
                ShowtimeBatchForm(startDate: "2025-06-03", dayCount: "1", times: " , "),
                policy: .skipConflicts, actor: cinema.admin.id, now: cinema.now)
        })
        #expect(empty["times"] == "Enter at least one start time, like 14:00, 17:30, 21:00.")
    }

    // MARK: - Editing

    @Test func editMovesAShowtimeWithTheSameOverlapRule() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let orbit = try await cinema.movie("Orbitfall", runtime: 100)
        let boats = try await cinema.movie("Paper Boats", runtime: 90)
        let first = try await cinema.showtime(orbit, hall, at: "2025-06-03 14:00")
        _ = try await cinema.showtime(boats, hall, at: "2025-06-03 18:00")
        // Moving it a little later overlaps its old self only: fine.
        let change = try await cinema.schedule.update(
            id: first, ShowtimeForm(movieID: orbit, hallID: hall, date: "2025-06-03", time: "14:30"),
            actor: cinema.admin.id, now: cinema.now)
        #expect(change == ShowtimeChange(moved: true, mailsQueued: 0))
        let error = try #require(await caught(ValidationError.self) {
            try await cinema.schedule.update(
                id: first, ShowtimeForm(movieID: orbit, hallID: hall, date: "2025-06-03", time: "16:30"),
                actor: cinema.admin.id, now: cinema.now)
        })
        #expect(error["time"] == "Hall 1 is taken by “Paper Boats” on Tue 3 Jun 2025 at 18:00 (until 19:45, cleaning included).")
        // Without bookings the movie may change too.
        try await cinema.schedule.update(
            id: first, ShowtimeForm(movieID: boats, hallID: hall, date: "2025-06-03", time: "14:30"),
            actor: cinema.admin.id, now: cinema.now)
        #expect(try await cinema.schedule.showtimeForm(id: first, now: cinema.now)?.listing.endsAt == cinema.local("2025-06-03 16:15"))
        #expect(try await cinema.audit.recent(entity: .showtime, entityID: first).map(\.action) == ["update", "move", "create"])
    }

    @Test func aBookedShowtimeMovesOnlyToAHallWithTheSameSeatsAndCustomersAreTold() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let twin = try await cinema.hall("Hall 2")
        let bigger = try await cinema.hall("Grand", format: .imax, layout: "ssss\nss.vv\nsssx\nssss")
        let orbit = try await cinema.movie("Orbitfall", runtime: 100)
        let boats = try await cinema.movie("Paper Boats", runtime: 90)
        let showtime = try await cinema.showtime(orbit, hall, at: "2025-06-03 18:00")
        let ada = try await cinema.customer("ada")
        let ticket = try await cinema.book(ada, showtime: showtime, hall: hall, seats: ["B3", "B4"])

        let differ = try #require(await caught(ValidationError.self) {
            try await cinema.schedule.update(
                id: showtime, ShowtimeForm(movieID: orbit, hallID: bigger, date: "2025-06-03", time: "18:00"),
                actor: cinema.admin.id, now: cinema.now)
        })
        #expect(differ["hallID"] == "This showtime has 1 booking or hold, so it can only move to a hall with the same seats, and Grand's seats differ (for example D1, D2, D3).")
        let movie = try #require(await caught(ValidationError.self) {
            try await cinema.schedule.update(
                id: showtime, ShowtimeForm(movieID: boats, hallID: hall, date: "2025-06-03", time: "18:00"),
                actor: cinema.admin.id, now: cinema.now)
        })
        #expect(movie["movieID"]?.hasPrefix("This showtime has 1 booking or hold, so its movie cannot change.") == true)

        let change = try await cinema.schedule.update(
            id: showtime, ShowtimeForm(movieID: orbit, hallID: twin, date: "2025-06-03", time: "20:00"),
            actor: cinema.admin.id, now: cinema.now)
        #expect(change == ShowtimeChange(moved: true, mailsQueued: 1))
        let moved = try #require(try await cinema.booking.reservation(code: ticket.code, userID: ada.id))
        #expect(moved.showtime.hallName == "Hall 2")
        #expect(moved.showtime.startsAt == cinema.local("2025-06-03 20:00"))
        #expect(moved.seats.map(\.label) == ["B3", "B4"])
        let twinSeats = try await cinema.seatIDs(hall: twin)
        #expect(Set(moved.seats.map(\.seatID)) == [twinSeats["B3"]!, twinSeats["B4"]!])
        #expect(moved.totalCents == ticket.totalCents)
        let seating = try #require(try await cinema.reservations.seating(showtimeID: showtime, now: cinema.now))
        #expect(seating.seats.filter { $0.occupant != nil }.map(\.id).sorted() == [twinSeats["B3"]!, twinSeats["B4"]!].sorted())
        let mail = try #require(try await cinema.outbox.messages().first)
        #expect(mail.recipient == "ada@example.com")
        #expect(mail.subject == "New time for Orbitfall – \(ticket.code)")
        #expect(mail.body.contains("It was Tuesday 3 June 2025 at 18:00 in Hall 1"))
        #expect(mail.body.contains("Hall:    Hall 2 (Standard)"))
    }

    @Test func startedOrCancelledShowtimesCannotBeEdited() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let orbit = try await cinema.movie("Orbitfall")
        let id = try await cinema.showtime(orbit, hall, at: "2025-06-02 11:00")
        let form = ShowtimeForm(movieID: orbit, hallID: hall, date: "2025-06-05", time: "11:00")
        await #expect(throws: AdminError.showtimeStarted) {
            try await cinema.schedule.update(id: id, form, actor: cinema.admin.id, now: cinema.local("2025-06-02 11:05"))
        }
        try await cinema.schedule.cancel(id: id, actor: cinema.admin.id, now: cinema.now)
        await #expect(throws: AdminError.showtimeCancelled) {
            try await cinema.schedule.update(id: id, form, actor: cinema.admin.id, now: cinema.now)
        }
        await #expect(throws: AdminError.showtimeCancelled) {
            try await cinema.schedule.cancel(id: id, actor: cinema.admin.id, now: cinema.now)
        }
        await #expect(throws: AdminError.notFound(.showtime)) {
            try await cinema.schedule.update(id: 999, form, actor: cinema.admin.id, now: cinema.now)
        }
    }

    // MARK: - Cancelling

    @Test func cancellingCancelsEveryReservationAndQueuesAMailPerBooking() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let orbit = try await cinema.movie("Orbitfall")
        let showtime = try await cinema.showtime(orbit, hall, at: "2025-06-03 18:00")
        let other = try await cinema.showtime(orbit, hall, at: "2025-06-04 18:00")
        let ada = try await cinema.customer("ada")
        let bob = try await cinema.customer("bob")
        let cy = try await cinema.customer("cyd")
        let adaTicket = try await cinema.book(ada, showtime: showtime, hall: hall, seats: ["A1", "A2"])
        let bobTicket = try await cinema.book(bob, showtime: showtime, hall: hall, seats: ["B3"])
        let cyHold = try await cinema.hold(cy, showtime: showtime, hall: hall, seats: ["C1"])
        let untouched = try await cinema.book(ada, showtime: other, hall: hall, seats: ["A1"])
        let mailsBefore = try await cinema.outbox.messages().count

        let result = try await cinema.schedule.cancel(id: showtime, actor: cinema.admin.id, now: cinema.now)
        #expect(result == ShowtimeCancellation(showtimeID: showtime, cancelledReservations: 3, mailsQueued: 2))

        for (code, user) in [(adaTicket.code, ada), (bobTicket.code, bob), (cyHold.code, cy)] {
            let detail = try #require(try await cinema.booking.reservation(code: code, userID: user.id))
            #expect(detail.status == .cancelled)
            #expect(detail.showtime.status == .cancelled)
        }
        #expect(try await cinema.count("SELECT COUNT(*) FROM seat_claims WHERE showtime_id = ?", [showtime]) == 0)
        #expect(try await cinema.count("SELECT COUNT(*) FROM seat_claims WHERE showtime_id = ?", [other]) == 1)
        #expect(try await cinema.booking.reservation(code: untouched.code, userID: ada.id)?.status == .confirmed)

        let mails = try await cinema.outbox.messages().filter { $0.kind == .cancellation }
        #expect(mails.count == 2)
        #expect(try await cinema.outbox.messages().count == mailsBefore + 2)
        #expect(Set(mails.map(\.recipient)) == ["ada@example.com", "bob@example.com"])
        #expect(mails.allSatisfy { $0.kind == .cancellation })
        let adaMail = try #require(mails.first { $0.recipient == "ada@example.com" })
        #expect(adaMail.subject == "Showtime cancelled: Orbitfall – \(adaTicket.code)")
        #expect(adaMail.body.contains("the showtime of Orbitfall on Tuesday 3 June 2025 at 18:00 has been cancelled"))
        #expect(adaMail.body.contains("A1"))
        #expect(adaMail.reservationID == adaTicket.reservation.id)

        let entry = try #require(try await cinema.audit.recent(entity: .showtime, entityID: showtime).first)
        #expect(entry.action == "cancel")
        #expect(entry.details.hasSuffix("3 reservations cancelled, 2 mails queued"))
        // The cancelled showtime is listed only when asked for.
        let listed = try await cinema.schedule.showtimes(ShowtimeFilter(), now: cinema.now)
        #expect(listed.map(\.id) == [other])
        let all = try await cinema.schedule.showtimes(ShowtimeFilter(includeCancelled: true), now: cinema.now)
        #expect(all.map(\.id) == [showtime, other])
    }

    @Test func anOverShowtimeCannotBeCancelled() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let orbit = try await cinema.movie("Orbitfall")
        let id = try await cinema.showtime(orbit, hall, at: "2025-06-02 11:00")
        await #expect(throws: AdminError.showtimeOver) {
            try await cinema.schedule.cancel(id: id, actor: cinema.admin.id, now: cinema.local("2025-06-02 13:00"))
        }
    }

    // MARK: - Listing

    @Test func theAdminListFiltersAndCountsBookings() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let grand = try await cinema.hall("Grand", format: .imax)
        let orbit = try await cinema.movie("Orbitfall")
        let boats = try await cinema.movie("Paper Boats")
        let a = try await cinema.showtime(orbit, hall, at: "2025-06-03 18:00")
        let b = try await cinema.showtime(boats, grand, at: "2025-06-03 18:00")
        let c = try await cinema.showtime(orbit, grand, at: "2025-06-05 18:00")
        let ada = try await cinema.customer("ada")
        try await cinema.book(ada, showtime: a, hall: hall, seats: ["A1", "A2", "A3"])
        _ = try await cinema.hold(ada, showtime: b, hall: grand, seats: ["A1"])

        let tuesday = cinema.settings.day(containing: cinema.local("2025-06-03 12:00"))
        let day = try await cinema.schedule.showtimes(ShowtimeFilter(range: tuesday), now: cinema.now)
        #expect(day.map(\.id) == [b, a])  // same time: by hall name
        #expect(day.map(\.confirmedReservations) == [0, 1])
        #expect(day.map(\.liveHolds) == [1, 0])
        #expect(day.map(\.seatsSold) == [0, 3])
        #expect(try await cinema.schedule.showtimes(ShowtimeFilter(movieID: orbit), now: cinema.now).map(\.id) == [a, c])
        #expect(try await cinema.schedule.showtimes(ShowtimeFilter(hallID: grand), now: cinema.now).map(\.id) == [b, c])
    }
}
