import Cinema
import Foundation
import GRDB
import Testing

/// Every admin route of movies, halls, showtimes and prices is for admins only, checked on
/// the server for GET and POST alike.
@Suite struct AdminGuardTests {
    static let gets = [
        "/admin/movies", "/admin/movies/new", "/admin/movies/1/edit",
        "/admin/halls", "/admin/halls/new", "/admin/halls/1/edit",
        "/admin/showtimes", "/admin/showtimes/new", "/admin/showtimes/week", "/admin/showtimes/1/edit", "/admin/showtimes/1/cancel",
        "/admin/prices",
    ]
    static let posts = [
        "/admin/movies", "/admin/movies/1", "/admin/movies/1/poster", "/admin/movies/1/poster/remove",
        "/admin/movies/1/archive", "/admin/movies/1/unarchive", "/admin/movies/1/delete",
        "/admin/halls", "/admin/halls/1",
        "/admin/showtimes", "/admin/showtimes/week", "/admin/showtimes/1", "/admin/showtimes/1/cancel",
        "/admin/prices",
    ]

    @Test(arguments: [Role.customer, Role.staff])
    func signedInNonAdminsGet403Everywhere(role: Role) async throws {
        try await withApp { app in
            let browser = try await app.signedInBrowser("someone", role: role)
            for path in Self.gets {
                let response = try await browser.get(path)
                #expect(response.status == 403, "GET \(path)")
                #expect(response.body.contains("Your account does not have access to this page."), "GET \(path)")
            }
            // A valid CSRF token, so the refusal is the role check and not the token check.
            let token = try await browser.csrfToken(from: "/account")
            for path in Self.posts {
                let response = try await browser.post(path, form: [("_csrf", token), ("title", "Hijack"), ("runtimeMinutes", "90")])
                #expect(response.status == 403, "POST \(path)")
                #expect(response.body.contains("Your account does not have access to this page."), "POST \(path)")
            }
            #expect(try app.count("SELECT COUNT(*) FROM movies WHERE title = 'Hijack'") == 0)
            #expect(try app.count("SELECT COUNT(*) FROM audit_log") == 0)
        }
    }

    @Test func anonymousVisitorsAreSentToLogIn() async throws {
        try await withApp { app in
            let browser = app.browser()
            for path in Self.gets {
                let response = try await browser.get(path)
                #expect(response.status == 303, "GET \(path)")
                #expect(response.header("Location") == "/login?next=\(path)", "GET \(path)")
            }
            let token = try await browser.csrfToken(from: "/login")
            for path in Self.posts {
                let response = try await browser.post(path, form: [("_csrf", token), ("title", "Hijack"), ("runtimeMinutes", "90")])
                #expect(response.status == 303, "POST \(path)")
                #expect(response.header("Location")?.hasPrefix("/login?next=") == true, "POST \(path)")
            }
            #expect(try app.count("SELECT COUNT(*) FROM movies WHERE title = 'Hijack'") == 0)
        }
    }

    @Test func adminsReachEveryPage() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let showtime = try await app.futureShowtime()
            for path in Self.gets {
                let concrete = path.replacingOccurrences(of: "/showtimes/1/", with: "/showtimes/\(showtime.id)/")
                let response = try await admin.get(concrete)
                #expect(response.status == 200, "GET \(concrete)")
                #expect(response.body.contains("class=\"admin-nav\""), "GET \(concrete)")
            }
        }
    }
}
