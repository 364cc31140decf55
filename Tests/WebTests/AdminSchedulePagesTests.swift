import Cinema
import Foundation
import GRDB
import Testing

/// The admin showtime pages over real sockets: one showtime, a week at once, moving one,
/// and cancelling with its cascade of mails.
@Suite struct AdminSchedulePagesTests {
    @Test func showtimeFormReportsEachFieldAndWritesNothing() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let showtimes = try app.count("SELECT COUNT(*) FROM showtimes")
            let empty = try await admin.submit("/admin/showtimes/new", to: "/admin/showtimes", form: [
                ("movieID", ""), ("hallID", ""), ("date", "tomorrow"), ("time", "8pm"),
            ])
            #expect(empty.status == 422)
            #expect(empty.body.contains("id=\"e-movieID\">Choose a movie."))
            #expect(empty.body.contains("id=\"e-hallID\">Choose a hall."))
            #expect(empty.body.contains("id=\"e-date\">Enter a date like 2025-06-30."))
            #expect(empty.body.contains("id=\"e-time\">Enter a time like 18:30."))
            #expect(empty.body.contains("value=\"tomorrow\"") && empty.body.contains("value=\"8pm\""))

            let movie = try #require(try app.value("SELECT id FROM movies WHERE title = 'Orbitfall'", as: Int64.self))
            let hall = try #require(try app.value("SELECT id FROM halls WHERE name = 'Velvet'", as: Int64.self))
            let yesterday = app.localDay(inDays: -1)
            let past = try await admin.submit("/admin/showtimes/new", to: "/admin/showtimes", form: [
                ("movieID", String(movie)), ("hallID", String(hall)), ("date", yesterday), ("time", "20:00"),
            ])
            #expect(past.status == 422)
            #expect(past.body.contains("id=\"e-time\">That time has passed; choose a time in the future."))
            // The choices stay chosen.
            #expect(past.body.contains("<option value=\"\(movie)\" selected>Orbitfall</option>"))
            #expect(past.body.contains("<option value=\"\(hall)\" selected>Velvet</option>"))
            #expect(try app.count("SELECT COUNT(*) FROM showtimes") == showtimes)
        }
    }

    @Test func anOverlapNamesTheShowtimeInTheWayAndAFreeSlotIsScheduled() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let existing = try await app.futureShowtime()
            let (date, time) = app.localDateAndTime(existing.startsAt.addingTimeInterval(600))
            let movie = try #require(try app.value("SELECT id FROM movies WHERE title = 'Paper Boats'", as: Int64.self))
            let showtimes = try app.count("SELECT COUNT(*) FROM showtimes")

            let clash = try await admin.submit("/admin/showtimes/new", to: "/admin/showtimes", form: [
                ("movieID", String(movie)), ("hallID", String(existing.hallID)), ("date", date), ("time", time),
            ])
            #expect(clash.status == 422)
            let start = app.localDateAndTime(existing.startsAt).time
            #expect(clash.body.contains("id=\"e-time\">\(html(existing.hallName)) is taken by “\(html(existing.movieTitle))” on "))
            #expect(clash.body.contains("at \(start) (until "))
            #expect(try app.count("SELECT COUNT(*) FROM showtimes") == showtimes)

            // The demo fills two weeks; three weeks ahead the hall is free.
            let free = app.localDay(inDays: 21)
            let created = try await admin.submit("/admin/showtimes/new", to: "/admin/showtimes", form: [
                ("movieID", String(movie)), ("hallID", String(existing.hallID)), ("date", free), ("time", "20:15"),
            ])
            #expect(created.status == 303)
            #expect(created.header("Location") == "/admin/showtimes?from=\(free)&to=\(free)")
            let list = try await admin.follow(created)
            #expect(list.body.contains("“Paper Boats” in \(html(existing.hallName)) on "))
            #expect(list.body.contains("is scheduled."))
            #expect(list.body.contains("<strong>20:15</strong>"))
            let newID = try #require(try app.value("SELECT MAX(id) FROM showtimes", as: Int64.self))
            #expect(list.body.contains("href=\"/admin/showtimes/\(newID)/seating\">Seating"))
            let seating = try await admin.get("/admin/showtimes/\(newID)/seating")
            #expect(seating.status == 200)
            #expect(seating.body.contains("Paper Boats"))
            #expect(try app.count("SELECT COUNT(*) FROM showtimes") == showtimes + 1)
            #expect(try app.count("SELECT COUNT(*) FROM audit_log WHERE entity = 'showtime' AND action = 'create'") == 1)
        }
    }

    @Test func aWeekAtOnceAllOrNothingOrSkippingTheClashes() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let movie = try #require(try app.value("SELECT id FROM movies WHERE title = 'Paper Boats'", as: Int64.self))
            let hall = try #require(try app.value("SELECT id FROM halls WHERE name = 'Velvet'", as: Int64.self))
            let showtimes = try app.count("SELECT COUNT(*) FROM showtimes")
            func week(_ start: String, days: String, times: String, policy: String) async throws -> TestResponse {
                try await admin.submit("/admin/showtimes/week", to: "/admin/showtimes/week", form: [
                    ("movieID", String(movie)), ("hallID", String(hall)), ("startDate", start), ("dayCount", days),
                    ("times", times), ("policy", policy),
                ])
            }

            let invalid = try await week("2026-02-30", days: "40", times: "25:00", policy: "allOrNothing")
            #expect(invalid.status == 422)
            #expect(invalid.body.contains("id=\"e-startDate\">"))
            #expect(invalid.body.contains("id=\"e-dayCount\">"))
            #expect(invalid.body.contains("id=\"e-times\">"))
            #expect(invalid.body.contains("value=\"25:00\""))

            // The last demo day (13 days ahead) is full, the two days after it are free:
            // all or nothing refuses the lot and names the showtime in the way.
            let start = app.localDay(inDays: 13)
            let refused = try await week(start, days: "3", times: "14:00, 20:00", policy: "allOrNothing")
            #expect(refused.status == 409)
            #expect(refused.body.contains("Nothing was scheduled: "))
            #expect(refused.body.contains("\(start) at 14:00: Velvet is taken by “"))
            #expect(refused.body.contains("See that showtime"))
            #expect(refused.body.contains("value=\"14:00, 20:00\""))
            #expect(try app.count("SELECT COUNT(*) FROM showtimes") == showtimes)

            let skipped = try await week(start, days: "3", times: "14:00, 20:00", policy: "skipConflicts")
            #expect(skipped.status == 200)
            #expect(skipped.body.contains("4 showtimes scheduled, 2 skipped"))
            #expect(skipped.body.contains("\(start) at 20:00: Velvet is taken by “"))
            #expect(try app.count("SELECT COUNT(*) FROM showtimes") == showtimes + 4)

            // A batch clashing only with itself: Paper Boats runs 94 minutes plus cleaning.
            let later = app.localDay(inDays: 20)
            let own = try await week(later, days: "1", times: "18:00, 19:00", policy: "allOrNothing")
            #expect(own.status == 409)
            #expect(own.body.contains("\(later) at 19:00: overlaps this batch&#39;s own showtime at 18:00"))

            let clean = try await week(later, days: "2", times: "18:00 21:00", policy: "allOrNothing")
            #expect(clean.status == 303)
            let list = try await admin.follow(clean)
            #expect(list.body.contains("4 showtimes of “Paper Boats” in Velvet scheduled, from "))
            #expect(try app.count("SELECT COUNT(*) FROM showtimes") == showtimes + 8)
        }
    }

    @Test func movingABookedShowtimeMailsItsCustomers() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let showtime = try await app.futureShowtime()
            try await app.confirmedBooking(showtimeID: showtime.id, username: "nora")
            let mails = try app.count("SELECT COUNT(*) FROM outbox")
            let edit = try await admin.get("/admin/showtimes/\(showtime.id)/edit")
            #expect(edit.status == 200)
            #expect(edit.body.contains("its movie cannot change"))

            // Onto the next showtime of the same hall: refused, naming it.
            let other = try await app.futureShowtimeInHall(showtime.hallID, after: showtime.startsAt)
            let (date, time) = app.localDateAndTime(other.startsAt)
            let clash = try await admin.submit("/admin/showtimes/\(showtime.id)/edit", to: "/admin/showtimes/\(showtime.id)", form: [
                ("movieID", String(showtime.movieID)), ("hallID", String(showtime.hallID)), ("date", date), ("time", time),
            ])
            #expect(clash.status == 422)
            #expect(clash.body.contains("is taken by “\(html(other.movieTitle))”"))

            let free = app.localDay(inDays: 22)
            let moved = try await admin.submit("/admin/showtimes/\(showtime.id)/edit", to: "/admin/showtimes/\(showtime.id)", form: [
                ("movieID", String(showtime.movieID)), ("hallID", String(showtime.hallID)), ("date", free), ("time", "19:30"),
            ])
            #expect(moved.status == 303)
            #expect(try await admin.follow(moved).body.contains("It moved; 1 customer was mailed the new time."))
            #expect(try app.count("SELECT COUNT(*) FROM outbox") == mails + 1)
            #expect(try app.count("SELECT COUNT(*) FROM audit_log WHERE entity = 'showtime' AND action = 'move'") == 1)
        }
    }

    @Test func cancellingConfirmsFirstThenCancelsBookingsAndQueuesMails() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let showtime = try await app.futureShowtime()
            try await app.confirmedBooking(showtimeID: showtime.id, username: "nora", seats: 2)
            try await app.confirmedBooking(showtimeID: showtime.id, username: "omar", seats: 1)
            try await app.heldBooking(showtimeID: showtime.id, username: "pia", seats: 1)
            let cancellations = try app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'cancellation'")

            let list = try await admin.get("/admin/showtimes?from=\(app.localDateAndTime(showtime.startsAt).date)")
            #expect(list.body.contains("/admin/showtimes/\(showtime.id)/cancel"))

            let confirm = try await admin.get("/admin/showtimes/\(showtime.id)/cancel")
            #expect(confirm.status == 200)
            #expect(confirm.body.contains("<strong>2</strong> confirmed bookings are cancelled"))
            #expect(confirm.body.contains("<strong>2</strong> cancellation mails"))
            #expect(confirm.body.contains("<strong>1</strong> hold is released"))
            #expect(confirm.body.contains("3 sold seats become free"))
            #expect(try app.count("SELECT COUNT(*) FROM showtimes WHERE id = ? AND status = 'scheduled'", [showtime.id]) == 1)

            let cancelled = try await admin.submit("/admin/showtimes/\(showtime.id)/cancel", to: "/admin/showtimes/\(showtime.id)/cancel", form: [])
            #expect(cancelled.status == 303)
            let after = try await admin.follow(cancelled)
            #expect(after.body.contains("is cancelled: 3 reservations cancelled, 2 cancellation mails queued."))
            #expect(after.body.contains("class=\"is-cancelled\""))
            #expect(try app.count("SELECT COUNT(*) FROM showtimes WHERE id = ? AND status = 'cancelled'", [showtime.id]) == 1)
            #expect(try app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'cancellation'") == cancellations + 2)
            #expect(try app.count("SELECT COUNT(*) FROM seat_claims WHERE showtime_id = ?", [showtime.id]) == 0)
            #expect(try app.count("SELECT COUNT(*) FROM reservations WHERE showtime_id = ? AND status = 'cancelled'", [showtime.id]) == 3)

            // Twice is refused with a message, and the confirmation page is no longer offered.
            let again = try await admin.submit("/admin/showtimes/\(showtime.id)/edit", to: "/admin/showtimes/\(showtime.id)/cancel", form: [])
            #expect(again.status == 303)
            #expect(try await admin.follow(again).body.contains("This showtime was cancelled; it can no longer change."))
            #expect(try await admin.get("/admin/showtimes/\(showtime.id)/cancel").status == 303)
            let locked = try await admin.get("/admin/showtimes/\(showtime.id)/edit")
            #expect(locked.body.contains("This showtime was cancelled; it can no longer change."))
            #expect(!locked.body.contains("Save showtime") && !locked.body.contains("Cancel showtime…"))
            #expect(try app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'cancellation'") == cancellations + 2)
        }
    }
}
