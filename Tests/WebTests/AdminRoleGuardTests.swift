import Cinema
import Foundation
import GRDB
import Testing

/// Every admin route is for admins only, the dashboard for staff and admins, checked on the
/// server: customers and staff get the 403 page, anonymous visitors are sent to log in.
///
/// POSTs carry a valid CSRF token, so a 403 here comes from the role check, not from CSRF.
@Suite struct AdminRoleGuardTests {
    static let denied = "Your account does not have access to this page."

    /// The admin routes of this branch's pages.
    static let adminGets = [
        "/admin", "/admin/users", "/admin/users/1", "/admin/showtimes/1/seating",
        "/admin/reservations/ABC-123/cancel", "/admin/import", "/admin/audit?entity=movie",
    ]
    static let adminPosts = ["/admin/users/1/role", "/admin/reservations/ABC-123/cancel", "/admin/import"]
    /// The catalogue pages: movies, halls, showtimes, prices.
    static let catalogueGets = [
        "/admin/movies", "/admin/movies/new", "/admin/movies/1/edit", "/admin/halls", "/admin/halls/new", "/admin/halls/1/edit",
        "/admin/showtimes", "/admin/showtimes/new", "/admin/showtimes/week", "/admin/showtimes/1/edit", "/admin/showtimes/1/cancel",
        "/admin/prices",
    ]
    static let cataloguePosts = [
        "/admin/movies", "/admin/movies/1", "/admin/movies/1/poster/remove", "/admin/movies/1/archive", "/admin/movies/1/unarchive",
        "/admin/movies/1/delete", "/admin/halls", "/admin/halls/1", "/admin/showtimes", "/admin/showtimes/week",
        "/admin/showtimes/1", "/admin/showtimes/1/cancel", "/admin/prices",
    ]
    static let dashboard = ["/dashboard", "/dashboard?span=week", "/dashboard.csv"]

    func post(_ browser: TestBrowser, _ path: String) async throws -> TestResponse {
        // A page with a form for this visitor: the log-in form, or the account forms.
        let page = browser.cookies["marquee_session"] == nil ? "/login" : "/account"
        let token = try #require(try await browser.get(page).csrfToken)
        return try await browser.post(path, form: [("_csrf", token), ("role", "admin")])
    }

    @Test func customersAreRefusedEverywhere() async throws {
        try await withApp { app in
            let customer = try await app.signedInBrowser("nora")
            for path in Self.adminGets + Self.dashboard {
                let response = try await customer.get(path)
                #expect(response.status == 403, "GET \(path)")
                #expect(response.body.contains(Self.denied), "GET \(path)")
            }
            for path in Self.adminPosts {
                let response = try await post(customer, path)
                #expect(response.status == 403, "POST \(path)")
                #expect(response.body.contains(Self.denied), "POST \(path)")
            }
            for path in Self.catalogueGets {
                let response = try await customer.get(path)
                #expect(response.status == 403, "GET \(path)")
                #expect(!response.body.contains("admin-nav"), "GET \(path)")
            }
            for path in Self.cataloguePosts {
                let response = try await post(customer, path)
                #expect(response.status == 403, "POST \(path)")
                #expect(!response.body.contains("admin-nav"), "POST \(path)")
            }
            #expect(try app.count("SELECT COUNT(*) FROM users WHERE role = 'admin'") == 0)
        }
    }

    @Test func staffSeeTheDashboardButNotAdmin() async throws {
        try await withApp { app in
            let staff = try await app.signedInBrowser("usher", role: .staff)
            for path in Self.adminGets {
                let response = try await staff.get(path)
                #expect(response.status == 403, "GET \(path)")
                #expect(response.body.contains(Self.denied), "GET \(path)")
            }
            for path in Self.adminPosts {
                let response = try await post(staff, path)
                #expect(response.status == 403, "POST \(path)")
                #expect(response.body.contains(Self.denied), "POST \(path)")
            }
            for path in Self.catalogueGets {
                #expect(try await staff.get(path).status == 403, "GET \(path)")
            }
            for path in Self.cataloguePosts {
                #expect(try await post(staff, path).status == 403, "POST \(path)")
            }
            for path in Self.dashboard {
                #expect(try await staff.get(path).status == 200, "GET \(path)")
            }
            // The navigation offers what the role may open.
            let home = try await staff.get("/movies")
            #expect(home.body.contains("href=\"/dashboard\""))
            #expect(!home.body.contains("href=\"/admin\""))
            #expect(try app.count("SELECT role = 'staff' FROM users WHERE username = 'usher'") == 1)
        }
    }

    @Test func anonymousVisitorsAreSentToLogIn() async throws {
        try await withApp { app in
            let visitor = app.browser()
            for path in Self.adminGets.filter({ !$0.contains("?") }) + ["/dashboard"] {
                let response = try await visitor.get(path)
                #expect(response.status == 303, "GET \(path)")
                #expect(response.header("Location") == "/login?next=\(path)", "GET \(path)")
            }
            let csv = try await visitor.get("/dashboard.csv?date=2030-01-01")
            #expect(csv.status == 303)
            #expect(csv.header("Location") == "/login?next=/dashboard.csv%3Fdate%3D2030-01-01")
            for path in Self.adminPosts {
                let response = try await post(visitor, path)
                #expect(response.status == 303, "POST \(path)")
                #expect(response.header("Location")?.hasPrefix("/login?next=") == true, "POST \(path)")
            }
        }
    }

    @Test func adminsOpenEveryPage() async throws {
        try await withApp { app in
            let (showtime, _) = try await app.bookableShowtime()
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let id = try app.count("SELECT id FROM users WHERE username = 'boss'")
            for path in ["/admin", "/admin/users", "/admin/users/\(id)", "/admin/showtimes/\(showtime)/seating", "/admin/import", "/admin/audit", "/dashboard", "/dashboard.csv"] {
                #expect(try await admin.get(path).status == 200, "GET \(path)")
            }
            let home = try await admin.get("/admin")
            for area in ["/admin/movies", "/admin/halls", "/admin/showtimes", "/admin/prices", "/admin/users", "/admin/import", "/admin/audit", "/dashboard"] {
                #expect(home.body.contains("<a href=\"\(area)\"><strong>"), "\(area)")
            }
        }
    }
}
