import Foundation
import Testing

@Suite struct AccountFlowTests {
    @Test func signUpShowsFieldErrorsAndKeepsTheInput() async throws {
        try await withApp(seed: false) { app in
            let browser = app.browser()
            let page = try await browser.get("/signup")
            #expect(page.status == 200)
            let token = try #require(page.csrfToken)
            let response = try await browser.post("/signup", form: [
                ("_csrf", token), ("username", "x!"), ("email", "film-fan@example.com"),
                ("password", "short"), ("passwordConfirmation", "different"),
            ])
            #expect(response.status == 422)
            #expect(response.body.contains("value=\"x!\""))
            #expect(response.body.contains("value=\"film-fan@example.com\""))
            #expect(response.body.contains("id=\"e-username\""))
            #expect(response.body.contains("id=\"e-password\""))
            #expect(response.body.contains("id=\"e-passwordConfirmation\""))
            #expect(browser.cookies["marquee_session"] == nil)
            #expect(try app.count("SELECT COUNT(*) FROM users") == 0)
        }
    }

    @Test func signUpThenLogOutThenLogIn() async throws {
        try await withApp(seed: false) { app in
            let browser = try await app.signedInBrowser("ada")
            let home = try await browser.get("/account")
            #expect(home.status == 200)
            #expect(home.body.contains("Signed in as <strong>ada</strong>"))

            let logout = try await browser.submit("/account", to: "/logout", form: [])
            #expect(logout.status == 303)
            #expect(browser.cookies["marquee_session"] == nil)
            let afterLogout = try await browser.get("/account")
            #expect(afterLogout.status == 303)
            #expect(afterLogout.header("Location") == "/login?next=/account")

            let wrong = try await browser.submit("/login", to: "/login", form: [("username", "ada"), ("password", "wrong password")])
            #expect(wrong.status == 401)
            #expect(wrong.body.contains("don&#39;t match") || wrong.body.contains("don&#x27;t match"))
            #expect(wrong.body.contains("value=\"ada\""))

            let right = try await browser.submit("/login?next=/reservations", to: "/login", form: [
                ("username", "ADA"), ("password", "popcorn-and-soda"), ("next", "/reservations"),
            ])
            #expect(right.status == 303)
            #expect(right.header("Location") == "/reservations")
            #expect(try await browser.get("/reservations").status == 200)
        }
    }

    @Test func logInRefusesAnOpenRedirect() async throws {
        try await withApp(seed: false) { app in
            _ = try await app.signedInBrowser("grace")
            let browser = app.browser()
            let response = try await browser.submit("/login", to: "/login", form: [
                ("username", "grace"), ("password", "popcorn-and-soda"), ("next", "//evil.example/steal"),
            ])
            #expect(response.status == 303)
            #expect(response.header("Location") == "/movies")
        }
    }

    @Test func passwordChangeEndsOlderSessions() async throws {
        try await withApp(seed: false) { app in
            let first = try await app.signedInBrowser("lin")
            let second = app.browser()
            let login = try await second.submit("/login", to: "/login", form: [("username", "lin"), ("password", "popcorn-and-soda")])
            #expect(login.status == 303)
            #expect(try await second.get("/account").status == 200)

            let mismatch = try await first.submit("/account", to: "/account/password", form: [
                ("currentPassword", "popcorn-and-soda"), ("newPassword", "a-new-password"), ("confirmation", "not-the-same"),
            ])
            #expect(mismatch.status == 422)
            #expect(mismatch.body.contains("id=\"e-confirmation\""))

            let changed = try await first.submit("/account", to: "/account/password", form: [
                ("currentPassword", "popcorn-and-soda"), ("newPassword", "a-new-password"), ("confirmation", "a-new-password"),
            ])
            #expect(changed.status == 303)
            // The browser that changed it stays signed in; the other one is signed out.
            #expect(try await first.get("/account").status == 200)
            let old = try await second.get("/account")
            #expect(old.status == 303)
            #expect(old.header("Location")?.hasPrefix("/login") == true)
        }
    }

    @Test func usernameChangeNeedsTheCurrentPassword() async throws {
        try await withApp(seed: false) { app in
            let browser = try await app.signedInBrowser("kim")
            let wrong = try await browser.submit("/account", to: "/account/username", form: [("username", "kimberly"), ("currentPassword", "nope")])
            #expect(wrong.status == 422)
            #expect(wrong.body.contains("value=\"kimberly\""))
            #expect(wrong.body.contains("id=\"e-currentPassword\""))
            let right = try await browser.submit("/account", to: "/account/username", form: [("username", "kimberly"), ("currentPassword", "popcorn-and-soda")])
            #expect(right.status == 303)
            #expect(try await browser.get("/account").body.contains("Signed in as <strong>kimberly</strong>"))
        }
    }

    @Test func failedLogInsAreLimited() async throws {
        try await withApp(seed: false) { app in
            _ = try await app.signedInBrowser("moe")
            let browser = app.browser()
            for _ in 0..<5 {
                let response = try await browser.submit("/login", to: "/login", form: [("username", "moe"), ("password", "guess-guess")])
                #expect(response.status == 401)
            }
            let limited = try await browser.submit("/login", to: "/login", form: [("username", "moe"), ("password", "popcorn-and-soda")])
            #expect(limited.status == 429)
            #expect(limited.body.contains("Too many failed attempts"))
            #expect(limited.header("Retry-After") != nil)
            // A minute later the right password works again.
            app.clock.advance(by: 61)
            let later = try await browser.submit("/login", to: "/login", form: [("username", "moe"), ("password", "popcorn-and-soda")])
            #expect(later.status == 303)
        }
    }
}
