import Foundation
import GRDB
import Testing

/// Catalogue pages rendered for anonymous visitors are reused for a moment; everyone else,
/// and every seat map, gets a fresh page.
@Suite struct AnonymousPageCacheTests {
    /// Renames a movie behind the app's back, straight in the database file.
    private func rename(_ app: TestApp, movie id: String, to title: String) throws {
        let queue = try DatabaseQueue(path: app.databasePath)
        try queue.write { db in
            try db.execute(sql: "UPDATE movies SET title = ? WHERE id = ?", arguments: [title, id])
        }
    }

    @Test func anonymousVisitorsShareAPageSignedInVisitorsDoNot() async throws {
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

            let member = try await app.signedInBrowser("cinephile")
            let fresh = try await member.get("/movies/\(id)")
            #expect(fresh.body.contains("Renamed Behind The Cache"), "a signed-in visitor always gets a fresh page")
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
