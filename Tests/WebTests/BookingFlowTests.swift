import Cinema
import Foundation
import GRDB
import Testing

@Suite struct BookingFlowTests {
    @Test func holdCheckoutConfirmChangeAndCancel() async throws {
        try await withApp { app in
            let (showtime, free) = try await app.bookableShowtime()
            let browser = try await app.signedInBrowser("nora")
            let map = try await browser.get("/showtimes/\(showtime)")
            #expect(map.status == 200)
            #expect(map.body.contains("aria-label=\"Row A, seat 1, free\"") || map.body.contains("seat 1,"))
            let token = try #require(map.csrfToken)

            let hold = try await browser.post("/showtimes/\(showtime)/hold", form: [("_csrf", token), ("seat", String(free[0])), ("seat", String(free[1])), ("seat", String(free[2]))])
            #expect(hold.status == 303)
            let checkoutPath = try #require(hold.header("Location"))
            #expect(checkoutPath.hasPrefix("/checkout/"))
            let code = String(checkoutPath.dropFirst("/checkout/".count))

            let checkout = try await browser.get(checkoutPath)
            #expect(checkout.status == 200)
            #expect(checkout.body.contains(code))
            #expect(checkout.body.contains("name=\"ticket_\(free[0])\""))
            #expect(checkout.body.contains("countdown"))
            // The countdown's script reads the hold's end as an ISO 8601 instant.
            let expires = try #require(try app.value("SELECT hold_expires_at FROM reservations WHERE code = ?", [code], as: Date.self))
            #expect(checkout.body.contains("data-expires=\"\(expires.formatted(Date.ISO8601FormatStyle()))\""))

            let confirm = try await browser.post("\(checkoutPath)/confirm", form: [
                ("_csrf", try #require(checkout.csrfToken)),
                ("ticket_\(free[0])", "adult"), ("ticket_\(free[1])", "child"), ("ticket_\(free[2])", "senior"),
            ])
            #expect(confirm.status == 303)
            #expect(confirm.header("Location") == "/reservations/\(code)")
            let detail = try await browser.get("/reservations/\(code)")
            #expect(detail.status == 200)
            #expect(detail.body.contains("You&#39;re booked!") || detail.body.contains("You&#x27;re booked!"))
            #expect(detail.body.contains("confirmed"))
            #expect(try app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'confirmation'") == 1)
            #expect(try app.count("SELECT COUNT(*) FROM seat_claims WHERE showtime_id = ?", [showtime]) == 3)

            let list = try await browser.get("/reservations")
            #expect(list.body.contains("/reservations/\(code)"))

            // Change one seat: keep two, swap the third for another free one.
            let change = try await browser.get("/reservations/\(code)/seats")
            #expect(change.status == 200)
            let moved = try await browser.post("/reservations/\(code)/seats", form: [
                ("_csrf", try #require(change.csrfToken)), ("seat", String(free[0])), ("seat", String(free[1])), ("seat", String(free[5])),
            ])
            #expect(moved.status == 303)
            #expect(try app.count("SELECT COUNT(*) FROM seat_claims WHERE seat_id = ?", [free[2]]) == 0)
            #expect(try app.count("SELECT COUNT(*) FROM seat_claims WHERE seat_id = ?", [free[5]]) == 1)

            let cancelPage = try await browser.get("/reservations/\(code)")
            let cancelled = try await browser.post("/reservations/\(code)/cancel", form: [("_csrf", try #require(cancelPage.csrfToken))])
            #expect(cancelled.status == 303)
            #expect(try app.count("SELECT COUNT(*) FROM seat_claims WHERE showtime_id = ?", [showtime]) == 0)
            #expect(try app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'cancellation'") == 1)
            #expect(try await browser.get("/reservations/\(code)").body.contains("cancelled"))
        }
    }

    @Test func anonymousChoiceSurvivesLogIn() async throws {
        try await withApp { app in
            let (showtime, free) = try await app.bookableShowtime()
            let browser = app.browser()
            let map = try await browser.get("/showtimes/\(showtime)")
            let response = try await browser.post("/showtimes/\(showtime)/hold", form: [("_csrf", try #require(map.csrfToken)), ("seat", String(free[3]))])
            #expect(response.status == 303)
            let location = try #require(response.header("Location"))
            #expect(location.hasPrefix("/login?next="))
            #expect(location.contains("seat%3D\(free[3])") || location.contains("seat=\(free[3])"))
            let carried = try await browser.get("/showtimes/\(showtime)?seat=\(free[3])")
            #expect(carried.body.contains("value=\"\(free[3])\" aria-label=\"Row") && carried.body.contains("checked"))
        }
    }

    @Test func choosingTooManyOrNoSeatsSaysSo() async throws {
        try await withApp { app in
            let (showtime, free) = try await app.bookableShowtime()
            let browser = try await app.signedInBrowser("greedy")
            let map = try await browser.get("/showtimes/\(showtime)")
            let token = try #require(map.csrfToken)
            let eleven = free.prefix(11).map { ("seat", String($0)) }
            let tooMany = try await browser.post("/showtimes/\(showtime)/hold", form: [("_csrf", token)] + eleven)
            #expect(tooMany.status == 422)
            #expect(tooMany.body.contains("at most 10 seats"))
            #expect(tooMany.body.components(separatedBy: " checked").count - 1 == 11, "the choice is kept")
            let none = try await browser.post("/showtimes/\(showtime)/hold", form: [("_csrf", token)])
            #expect(none.status == 422)
            #expect(none.body.contains("Pick at least one seat"))
            #expect(try app.count("SELECT COUNT(*) FROM seat_claims") == 0)
        }
    }

    @Test func anotherUsersReservationIsNotFound() async throws {
        try await withApp { app in
            let (showtime, free) = try await app.bookableShowtime()
            let owner = try await app.signedInBrowser("owner")
            let map = try await owner.get("/showtimes/\(showtime)")
            let hold = try await owner.post("/showtimes/\(showtime)/hold", form: [("_csrf", try #require(map.csrfToken)), ("seat", String(free[0]))])
            let code = String(try #require(hold.header("Location")).dropFirst("/checkout/".count))

            let intruder = try await app.signedInBrowser("intruder")
            for path in ["/checkout/\(code)", "/reservations/\(code)", "/reservations/\(code)/seats"] {
                #expect(try await intruder.get(path).status == 404, "\(path)")
            }
            let page = try await intruder.get("/reservations")
            let confirm = try await intruder.post("/checkout/\(code)/confirm", form: [("_csrf", try #require(page.csrfToken))])
            #expect(confirm.status == 404)
            let cancel = try await intruder.post("/reservations/\(code)/cancel", form: [("_csrf", try #require(page.csrfToken))])
            #expect(cancel.status == 404)
            #expect(try app.count("SELECT COUNT(*) FROM reservations WHERE code = ? AND status = 'held'", [code]) == 1)
            // Anonymous visitors are sent to log in.
            #expect(try await app.browser().get("/checkout/\(code)").status == 303)
        }
    }

    @Test func anExpiredHoldFreesTheSeatsAndCannotBeConfirmed() async throws {
        try await withApp(holdSeconds: 60) { app in
            let (showtime, free) = try await app.bookableShowtime()
            let first = try await app.signedInBrowser("slow")
            let map = try await first.get("/showtimes/\(showtime)")
            let hold = try await first.post("/showtimes/\(showtime)/hold", form: [("_csrf", try #require(map.csrfToken)), ("seat", String(free[0])), ("seat", String(free[1]))])
            let checkoutPath = try #require(hold.header("Location"))
            let checkout = try await first.get(checkoutPath)

            // Someone else is told the seats are taken while the hold lives…
            let second = try await app.signedInBrowser("quick")
            let secondMap = try await second.get("/showtimes/\(showtime)")
            let refused = try await second.post("/showtimes/\(showtime)/hold", form: [("_csrf", try #require(secondMap.csrfToken)), ("seat", String(free[0]))])
            #expect(refused.status == 409)

            // …and gets them once it has run out.
            app.clock.advance(by: 61)
            let taken = try await second.post("/showtimes/\(showtime)/hold", form: [("_csrf", try #require(secondMap.csrfToken)), ("seat", String(free[0]))])
            #expect(taken.status == 303)
            #expect(taken.header("Location")?.hasPrefix("/checkout/") == true)

            let late = try await first.post("\(checkoutPath)/confirm", form: [("_csrf", try #require(checkout.csrfToken))])
            #expect(late.status == 303)
            #expect(late.header("Location") == "/showtimes/\(showtime)")
            let back = try await first.get("/showtimes/\(showtime)")
            #expect(back.body.contains("hold ran out"))
            #expect(try app.count("SELECT COUNT(*) FROM reservations WHERE status = 'confirmed'") == 0)
            #expect(try app.count("SELECT COUNT(*) FROM seat_claims WHERE seat_id = ?", [free[0]]) == 1)
        }
    }

    @Test func changingSeatsKeepsTheOldOnesWhenANewOneIsTaken() async throws {
        try await withApp { app in
            let (showtime, free) = try await app.bookableShowtime()
            let alice = try await app.signedInBrowser("alice")
            let map = try await alice.get("/showtimes/\(showtime)")
            let hold = try await alice.post("/showtimes/\(showtime)/hold", form: [("_csrf", try #require(map.csrfToken)), ("seat", String(free[0])), ("seat", String(free[1]))])
            let checkoutPath = try #require(hold.header("Location"))
            let code = String(checkoutPath.dropFirst("/checkout/".count))
            let checkout = try await alice.get(checkoutPath)
            #expect(try await alice.post("\(checkoutPath)/confirm", form: [("_csrf", try #require(checkout.csrfToken))]).status == 303)

            let bob = try await app.signedInBrowser("bob")
            let bobMap = try await bob.get("/showtimes/\(showtime)")
            #expect(try await bob.post("/showtimes/\(showtime)/hold", form: [("_csrf", try #require(bobMap.csrfToken)), ("seat", String(free[4]))]).status == 303)

            let change = try await alice.get("/reservations/\(code)/seats")
            let refused = try await alice.post("/reservations/\(code)/seats", form: [
                ("_csrf", try #require(change.csrfToken)), ("seat", String(free[0])), ("seat", String(free[4])),
            ])
            #expect(refused.status == 409)
            #expect(refused.body.contains("just taken"))
            #expect(try app.count("SELECT COUNT(*) FROM seat_claims c JOIN reservations r ON r.id = c.reservation_id WHERE r.code = ?", [code]) == 2)
            #expect(try app.count("SELECT COUNT(*) FROM seat_claims WHERE seat_id IN (?, ?)", [free[0], free[1]]) == 2)
        }
    }

    @Test func myTicketsListPastBookingsAPageAtATime() async throws {
        try await withApp { app in
            _ = try await app.signedInBrowser("pia")
            for skip in 0..<22 {
                try await app.confirmedBooking(showtimeID: try await app.futureShowtime(skip: skip).id, username: "pia", seats: 1)
            }
            app.clock.advance(by: 30 * 86_400)
            let pia = app.browser()
            #expect(try await pia.submit("/login", to: "/login", form: [("username", "pia"), ("password", "popcorn-and-soda")]).status == 303)

            let first = try await pia.get("/reservations")
            #expect(first.status == 200)
            #expect(first.body.contains("No upcoming bookings."))
            #expect(first.body.contains("22 past bookings, 20 on this page."))
            #expect(first.body.components(separatedBy: ">Details</a>").count - 1 == 20)
            #expect(first.body.contains("href=\"/reservations?page=2#h-past\" rel=\"next\""))

            let second = try await pia.get("/reservations?page=2")
            #expect(second.status == 200)
            #expect(second.body.contains("22 past bookings, 2 on this page."))
            #expect(second.body.components(separatedBy: ">Details</a>").count - 1 == 2)
            #expect(second.body.contains("href=\"/reservations#h-past\" rel=\"prev\""))

            // An old bookmark past the end lands on the last page; a page that is not a number says so.
            let beyond = try await pia.get("/reservations?page=9")
            #expect(beyond.status == 302)
            #expect(beyond.header("Location") == "/reservations?page=2#h-past")
            let bad = try await pia.get("/reservations?page=last")
            #expect(bad.status == 400)
            #expect(bad.body.contains("Page must be a whole number from 1 to 100000."))
            #expect(bad.body.contains("22 past bookings, 20 on this page."))
        }
    }
}
