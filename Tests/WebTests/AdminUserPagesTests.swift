import Cinema
import Foundation
import GRDB
import Testing

/// /admin/users: search, pages, one user's bookings, role changes and the last-admin guard.
@Suite struct AdminUserPagesTests {
    func userID(_ app: TestApp, _ username: String) throws -> Int {
        try app.count("SELECT id FROM users WHERE username = ?", [username])
    }

    @Test func searchFindsByUsernameOrEmailAndPages() async throws {
        try await withApp { app in
            let accounts = Accounts(database: app.database, settings: app.settings, clock: { app.clock.now })
            for number in 1...30 {
                let name = String(format: "patron%02d", number)
                _ = try await accounts.createUser(username: name, email: "\(name)@cinema-friends.test", password: "popcorn-and-soda", role: .customer)
            }
            _ = try await accounts.createUser(username: "zelda", email: "z@hyrule.test", password: "popcorn-and-soda", role: .staff)
            let admin = try await app.signedInBrowser("boss", role: .admin)

            let byName = try await admin.get("/admin/users?q=ZEL")
            #expect(byName.status == 200)
            #expect(byName.body.contains(">zelda</a>"))
            #expect(!byName.body.contains(">patron01</a>"))
            let byMail = try await admin.get("/admin/users?q=hyrule")
            #expect(byMail.body.contains(">zelda</a>"))
            #expect(byMail.body.contains("1 account found"))

            let first = try await admin.get("/admin/users?q=friends")
            #expect(first.body.contains("30 accounts found"))
            #expect(first.body.contains(">patron25</a>"))
            #expect(!first.body.contains(">patron26</a>"))
            #expect(first.body.contains("href=\"/admin/users?q=friends&amp;page=2\""))
            let second = try await admin.get("/admin/users?q=friends&page=2")
            #expect(second.body.contains(">patron26</a>") && second.body.contains(">patron30</a>"))
            #expect(!second.body.contains(">patron25</a>"))
            let past = try await admin.get("/admin/users?q=friends&page=7")
            #expect(past.status == 302)
            #expect(past.header("Location") == "/admin/users?q=friends&page=2")

            let staff = try await admin.get("/admin/users?role=staff")
            #expect(staff.body.contains(">zelda</a>") && !staff.body.contains(">patron01</a>"))
            let wrong = try await admin.get("/admin/users?role=owner")
            #expect(wrong.status == 400)
            #expect(wrong.body.contains("Role &quot;owner&quot; is not one of the choices."))
        }
    }

    @Test func aUsersPageListsTheirReservations() async throws {
        try await withApp { app in
            let (showtime, free) = try await app.bookableShowtime()
            let nora = try await app.signedInBrowser("nora")
            let booked = try await app.book(nora, showtime: showtime, seats: [free[0], free[1]])
            let held = try await app.hold(nora, showtime: showtime, seats: [free[4]])
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let page = try await admin.get("/admin/users/\(try userID(app, "nora"))")
            #expect(page.status == 200)
            #expect(page.body.contains("nora@example.com"))
            #expect(page.body.contains(">\(booked)</td>") && page.body.contains(">\(held)</td>"))
            #expect(page.body.contains("href=\"/admin/reservations/\(booked)/cancel?back=%2Fadmin%2Fusers%2F"))
            #expect(page.body.contains("href=\"/admin/showtimes/\(showtime)/seating\""))
            #expect(try await admin.get("/admin/users/999999").status == 404)
            #expect(try await admin.get("/admin/users/nora").status == 404)
        }
    }

    @Test func aUsersReservationsComeAPageAtATime() async throws {
        try await withApp { app in
            for skip in 0..<26 {
                try await app.confirmedBooking(showtimeID: try await app.futureShowtime(skip: skip).id, username: "otto", seats: 1)
            }
            let id = try userID(app, "otto")
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let first = try await admin.get("/admin/users/\(id)")
            #expect(first.status == 200)
            #expect(first.body.contains("26 reservations, 25 on this page."))
            #expect(first.body.components(separatedBy: "Cancel…</a>").count - 1 == 25)
            #expect(first.body.contains("href=\"/admin/users/\(id)?page=2#h-res\" rel=\"next\""))
            let second = try await admin.get("/admin/users/\(id)?page=2")
            #expect(second.body.contains("26 reservations, 1 on this page."))
            #expect(second.body.components(separatedBy: "Cancel…</a>").count - 1 == 1)
            // Cancelling from the second page comes back to it.
            #expect(second.body.contains("?back=%2Fadmin%2Fusers%2F\(id)%3Fpage%3D2%23h-res"))
            let beyond = try await admin.get("/admin/users/\(id)?page=7")
            #expect(beyond.status == 302)
            #expect(beyond.header("Location") == "/admin/users/\(id)?page=2#h-res")
            let bad = try await admin.get("/admin/users/\(id)?page=two")
            #expect(bad.status == 400)
            #expect(bad.body.contains("Page must be a whole number from 1 to 100000."))
        }
    }

    @Test func aRoleChangeSignsThatUserOutEverywhere() async throws {
        try await withApp { app in
            let carol = try await app.signedInBrowser("carol")
            #expect(try await carol.get("/dashboard").status == 403)
            #expect(try await carol.get("/reservations").status == 200)
            let id = try userID(app, "carol")
            let admin = try await app.signedInBrowser("boss", role: .admin)

            let changed = try await admin.submit("/admin/users/\(id)", to: "/admin/users/\(id)/role", form: [("role", "staff")])
            #expect(changed.status == 303)
            #expect(changed.header("Location") == "/admin/users/\(id)")
            let after = try await admin.get("/admin/users/\(id)")
            #expect(after.body.contains("carol is now staff (was customer) and has been signed out everywhere."))
            #expect(after.body.contains("<option value=\"staff\" selected>"))
            #expect(try app.count("SELECT COUNT(*) FROM users WHERE id = ? AND role = 'staff'", [id]) == 1)
            #expect(try app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'role' AND entity = 'user' AND entity_id = ?", [id]) == 1)

            // Carol's old cookie no longer works: she is anonymous now, and must log in again.
            let old = try await carol.get("/reservations")
            #expect(old.status == 303)
            #expect(old.header("Location")?.hasPrefix("/login") == true)
            let fresh = app.browser()
            _ = try await fresh.submit("/login", to: "/login", form: [("username", "carol"), ("password", "popcorn-and-soda")])
            #expect(try await fresh.get("/dashboard").status == 200)

            // The same role again changes nothing.
            let same = try await admin.submit("/admin/users/\(id)", to: "/admin/users/\(id)/role", form: [("role", "staff")])
            #expect(same.status == 303)
            #expect(try await admin.get("/admin/users/\(id)").body.contains("carol is already staff; nothing changed."))
            #expect(try await fresh.get("/dashboard").status == 200)

            let bad = try await admin.submit("/admin/users/\(id)", to: "/admin/users/\(id)/role", form: [("role", "owner")])
            #expect(bad.status == 422)
            #expect(bad.body.contains("Choose customer, staff or admin."))
        }
    }

    @Test func theLastAdminCannotStepDown() async throws {
        try await withApp { app in
            let boss = try await app.signedInBrowser("boss", role: .admin)
            let id = try userID(app, "boss")
            let refused = try await boss.submit("/admin/users/\(id)", to: "/admin/users/\(id)/role", form: [("role", "customer")])
            #expect(refused.status == 409)
            #expect(refused.body.contains("This is the only admin account: make someone else an admin first."))
            #expect(refused.body.contains("aria-invalid=\"true\""))
            #expect(try app.count("SELECT COUNT(*) FROM users WHERE role = 'admin'") == 1)
            #expect(try await boss.get("/admin").status == 200, "still signed in")

            // With a second admin, boss may step down, and is signed out by it.
            let deputy = try await app.signedInBrowser("deputy", role: .admin)
            let stepped = try await boss.submit("/admin/users/\(id)", to: "/admin/users/\(id)/role", form: [("role", "customer")])
            #expect(stepped.status == 303)
            #expect(stepped.header("Location") == "/login")
            #expect(try await boss.get("/admin").status == 303)
            // Now deputy is the last admin.
            let deputyID = try userID(app, "deputy")
            let last = try await deputy.submit("/admin/users/\(deputyID)", to: "/admin/users/\(deputyID)/role", form: [("role", "staff")])
            #expect(last.status == 409)
        }
    }
}
