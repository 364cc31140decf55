import Cinema
import Foundation
import GRDB
import Testing

/// Catalogue pages rendered for anonymous visitors, and for customers, are reused for a
/// moment; staff and admins, and every seat map, get a fresh page.
@Suite struct SharedPageCacheTests {
    /// Renames a movie behind the app's back, straight in the database file.
    private func rename(_ app: TestApp, movie id: String, to title: String) throws {
        let queue = try DatabaseQueue(path: app.databasePath)
        try queue.write { db in
            try db.execute(sql: "UPDATE movies SET title = ? WHERE id = ?", arguments: [title, id])
        }
    }

    @Test func anonymousVisitorsShareAPageStaffDoNot() async throws {
        try await withApp(pageCacheSeconds: 60) { app in
            let anonymous = app.browser()
            let list = try await anonymous.get("/movies")
            let id = try #require(list.body.firstMatch(#"href="/movies/(\d+)""#))
            let first = try await anonymous.get("/movies/\(id)")
            #expect(first.status == 200)

            try rename(app, movie: id, to: "Renamed Behind The Cache")
            let another = try await app.browser().get("/movies/\(id)")
            #expect(another.status == 200)
            #expect(another.body == first.body, "a second anonymous visitor gets the page kept a moment ago")
            #expect(!another.body.contains("Renamed Behind The Cache"))
            #expect(another.headers("set-cookie").contains { $0.hasPrefix("marquee_csrf=") }, "each new visitor still gets a CSRF cookie")

            let staff = try await app.signedInBrowser("usher", role: .staff)
            let fresh = try await staff.get("/movies/\(id)")
            #expect(fresh.body.contains("Renamed Behind The Cache"), "staff always get a fresh page")
        }
    }

    @Test func customersShareCataloguePagesEachWithTheirOwnNameAndToken() async throws {
        try await withApp(pageCacheSeconds: 60) { app in
            let ana = try await app.signedInBrowser("ana-customer")
            _ = try await ana.get("/account")  // the welcome message
            let list = try await ana.get("/movies")
            let id = try #require(list.body.firstMatch(#"href="/movies/(\d+)""#))
            let first = try await ana.get("/movies/\(id)")
            #expect(first.body.contains("ana-customer"))

            try rename(app, movie: id, to: "Renamed Behind The Cache")
            let ben = try await app.signedInBrowser("ben-customer")
            _ = try await ben.get("/account")  // shows the welcome message: a page with a flash is never shared
            let shared = try await ben.get("/movies/\(id)")
            #expect(shared.status == 200)
            #expect(!shared.body.contains("Renamed Behind The Cache"), "a second customer gets the page kept a moment ago")
            #expect(shared.body.contains("ben-customer"), "with their own name in the header")
            #expect(!shared.body.contains("ana-customer"), "and nothing of the customer it was rendered for")
            #expect(!shared.body.contains("username-placeholder-") && !shared.body.contains("csrf-placeholder-"))

            // Anonymous visitors have their own copy, without anyone's name or log-out form.
            let anonymous = try await app.browser().get("/movies/\(id)")
            #expect(!anonymous.body.contains("ben-customer") && !anonymous.body.contains("ana-customer"))
            #expect(anonymous.body.contains("href=\"/login\""))

            // Admins change the catalogue: they always see it as it is.
            let admin = try await app.signedInBrowser("boss", role: .admin)
            #expect(try await admin.get("/movies/\(id)").body.contains("Renamed Behind The Cache"))

            // The token on the shared page is Ben's own: his log-out form works.
            let token = try #require(shared.csrfToken)
            #expect(try await ben.post("/logout", form: [("_csrf", token)]).status == 303)
            #expect(try await ben.get("/account").status == 303, "signed out")
        }
    }

    @Test func seatMapsAndOtherQueriesAreNeverServedFromTheCache() async throws {
        try await withApp(pageCacheSeconds: 60) { app in
            let (showtime, free) = try await app.bookableShowtime()
            let anonymous = app.browser()
            let before = try await anonymous.get("/showtimes/\(showtime)")
            #expect(!before.body.contains("held by someone else"))

            let member = try await app.signedInBrowser("early-bird")
            let hold = try await member.submit("/showtimes/\(showtime)", to: "/showtimes/\(showtime)/hold", form: [("seat", String(free[0]))])
            #expect(hold.status == 303)

            let after = try await anonymous.get("/showtimes/\(showtime)")
            #expect(after.body.contains("held by someone else"), "the seat map is live")

            // Another query string is another page.
            let list = try await anonymous.get("/movies")
            let sorted = try await anonymous.get("/movies?sort=runtime")
            #expect(list.body != sorted.body)
        }
    }

    @Test func withoutALifetimeEveryPageIsFresh() async throws {
        try await withApp { app in
            let anonymous = app.browser()
            let list = try await anonymous.get("/movies")
            let id = try #require(list.body.firstMatch(#"href="/movies/(\d+)""#))
            _ = try await anonymous.get("/movies/\(id)")
            try rename(app, movie: id, to: "Renamed Without A Cache")
            let again = try await anonymous.get("/movies/\(id)")
            #expect(again.body.contains("Renamed Without A Cache"))
        }
    }
}
