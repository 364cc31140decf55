import Cinema
import Foundation
import GRDB
import Testing

/// Who sits where, and an admin cancelling someone's reservation.
@Suite struct AdminReservationPagesTests {
    @Test func seatingShowsWhoHoldsAndWhoBookedEachSeat() async throws {
        try await withApp { app in
            let (showtime, free) = try await app.bookableShowtime()
            let booked = try await app.book(try await app.signedInBrowser("nora"), showtime: showtime, seats: [free[0], free[1]])
            let held = try await app.hold(try await app.signedInBrowser("otto"), showtime: showtime, seats: [free[2]])
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let page = try await admin.get("/admin/showtimes/\(showtime)/seating")
            #expect(page.status == 200)
            #expect(page.body.contains("booked by nora (\(booked), confirmed)"))
            #expect(page.body.contains("held by otto (\(held), held)"))
            #expect(page.body.components(separatedBy: "booked by nora (").count - 1 == 4, "title and aria-label of two seats")
            #expect(page.body.contains("<strong>2</strong> booked") && page.body.contains("<strong>1</strong> held"))
            // The table below names the codes, the customers and links to cancel the live ones.
            #expect(page.body.contains(">\(booked)</td>") && page.body.contains(">\(held)</td>"))
            #expect(page.body.contains("href=\"/admin/users/"))
            #expect(page.body.contains("href=\"/admin/reservations/\(held)/cancel?back=%2Fadmin%2Fshowtimes%2F\(showtime)%2Fseating\""))
            #expect(try await admin.get("/admin/showtimes/999999/seating").status == 404)
        }
    }

    @Test func cancellingABookingFreesTheSeatsAndMailsTheCustomer() async throws {
        try await withApp { app in
            let (showtime, free) = try await app.bookableShowtime()
            let code = try await app.book(try await app.signedInBrowser("nora"), showtime: showtime, seats: [free[0], free[1]])
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let back = "/admin/showtimes/\(showtime)/seating"

            let confirm = try await admin.get("/admin/reservations/\(code)/cancel?back=\(TestBrowser.encode(back))")
            #expect(confirm.status == 200)
            #expect(confirm.body.contains("Cancel reservation \(code)?"))
            #expect(confirm.body.contains("nora gets an e-mail"))
            #expect(confirm.body.contains("name=\"back\" value=\"\(back)\""))
            #expect(try app.count("SELECT COUNT(*) FROM seat_claims WHERE showtime_id = ?", [showtime]) == 2, "nothing happens on GET")

            let cancelled = try await admin.post("/admin/reservations/\(code)/cancel", form: [("_csrf", try #require(confirm.csrfToken)), ("back", back)])
            #expect(cancelled.status == 303)
            #expect(cancelled.header("Location") == back)
            #expect(try app.count("SELECT COUNT(*) FROM seat_claims WHERE showtime_id = ?", [showtime]) == 0)
            #expect(try app.count("SELECT COUNT(*) FROM reservations WHERE code = ? AND status = 'cancelled'", [code]) == 1)
            #expect(try app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'cancellation' AND recipient = 'nora@example.com' AND subject LIKE ?", ["%\(code)%"]) == 1)
            #expect(try app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'cancel' AND entity = 'reservation'") == 1)
            let after = try await admin.get(back)
            #expect(after.body.contains("Cancelled \(code) of nora; seats"))
            #expect(after.body.contains("A cancellation mail to nora@example.com is queued."))
            #expect(!after.body.contains("booked by nora"))

            // Twice: refused with a message, nothing more sent.
            let again = try await admin.post("/admin/reservations/\(code)/cancel", form: [("_csrf", try #require(after.csrfToken)), ("back", back)])
            #expect(again.status == 303)
            #expect(try await admin.get(back).body.contains("This reservation is already cancelled."))
            #expect(try app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'cancellation'") == 1)
            #expect(!(try await admin.get("/admin/reservations/\(code)/cancel").body.contains("Yes, cancel")))
        }
    }

    @Test func cancellingAHoldSendsNoMailAndAForeignBackIsIgnored() async throws {
        try await withApp { app in
            let (showtime, free) = try await app.bookableShowtime()
            let code = try await app.hold(try await app.signedInBrowser("otto"), showtime: showtime, seats: [free[0]])
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let confirm = try await admin.get("/admin/reservations/\(code.lowercased())/cancel")
            #expect(confirm.status == 200)
            #expect(confirm.body.contains("It is a hold, so no e-mail is sent."))
            let cancelled = try await admin.post("/admin/reservations/\(code)/cancel", form: [("_csrf", try #require(confirm.csrfToken)), ("back", "//evil.example/")])
            #expect(cancelled.status == 303)
            #expect(cancelled.header("Location") == "/admin/showtimes/\(showtime)/seating")
            #expect(try app.count("SELECT COUNT(*) FROM seat_claims") == 0)
            #expect(try app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'cancellation'") == 0)
            #expect(try await admin.get("/admin/reservations/NOPE-123/cancel").status == 404)
        }
    }
}
