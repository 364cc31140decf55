import Foundation
import NIOHTTP1
import Testing
@testable import Web

@Suite struct SessionSecurityTests {
    /// Signs `claims` with `key` as jwt-kit would, by hand, to forge tokens.
    func forge(header: String, claims: String, key: [UInt8]?) -> String {
        let head = Base64URL.encode(Array(header.utf8))
        let body = Base64URL.encode(Array(claims.utf8))
        guard let key else { return "\(head).\(body)." }
        let mac = HMACForTests.sha256(key: key, message: Array("\(head).\(body)".utf8))
        return "\(head).\(body).\(Base64URL.encode(mac))"
    }

    @Test func badTokensMeanLoggedOutNeverAnErrorPage() async throws {
        try await withApp(seed: false) { app in
            let browser = try await app.signedInBrowser("tess")
            let good = try #require(browser.cookies["marquee_session"])
            #expect(try await browser.get("/account").status == 200)
            let now = Int(app.clock.now.timeIntervalSince1970)
            let userID = try app.count("SELECT id FROM users WHERE username = 'tess'")
            let version = try app.count("SELECT session_version FROM users WHERE username = 'tess'")
            let claims = #"{"sub":"\#(userID)","role":"admin","sv":\#(version),"iat":\#(now),"exp":\#(now + 3600)}"#

            var parts = good.split(separator: ".").map(String.init)
            parts[1] = Base64URL.encode(Array(claims.utf8)) // claims changed, signature kept
            let tampered = parts.joined(separator: ".")
            let expired = forge(header: #"{"alg":"HS256","typ":"JWT"}"#, claims: #"{"sub":"\#(userID)","role":"customer","sv":\#(version),"iat":\#(now - 7200),"exp":\#(now - 60)}"#, key: app.secret)
            let none = forge(header: #"{"alg":"none","typ":"JWT"}"#, claims: claims, key: nil)
            let wrongKey = forge(header: #"{"alg":"HS256","typ":"JWT"}"#, claims: claims, key: Array("another-secret-of-thirty-two-bytes-or-more".utf8))

            for (name, token) in [("tampered", tampered), ("expired", expired), ("alg none", none), ("wrong key", wrongKey)] {
                browser.setCookie("marquee_session", token)
                let page = try await browser.get("/movies")
                #expect(page.status == 200, "\(name) token gave \(page.status)")
                #expect(page.body.contains("href=\"/login\""), "\(name) token was accepted")
                #expect(!page.body.contains("tess"), "\(name) token was accepted")
                #expect(page.headers("set-cookie").contains { $0.hasPrefix("marquee_session=;") || $0.hasPrefix("marquee_session=") && $0.contains("Max-Age=0") }, "\(name) token was not cleared")
                browser.setCookie("marquee_session", token)
                let guarded = try await browser.get("/account")
                #expect(guarded.status == 303, "\(name) token reached /account")
            }
            // The genuine token still works: the forgeries above were refused, not the scheme.
            let signedByUs = forge(header: #"{"alg":"HS256","typ":"JWT"}"#, claims: #"{"sub":"\#(userID)","role":"customer","sv":\#(version),"iat":\#(now),"exp":\#(now + 3600)}"#, key: app.secret)
            browser.setCookie("marquee_session", signedByUs)
            #expect(try await browser.get("/account").status == 200)
        }
    }

    /// The check made as a request's head arrives (upload admission) accepts exactly what
    /// the full verification accepts: each signer is fresh, so no token is known beforehand.
    @Test func checkingAtOnceAcceptsWhatVerifyingAccepts() async throws {
        let secret = Array("a-secret-of-at-least-thirty-two-bytes!".utf8)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let issued = try await SessionSigner(secret: secret).sign(
            SessionToken(userID: 7, role: "admin", sessionVersion: 3, issuedAt: now, lifetime: 3600))
        let stamp = Int(now.timeIntervalSince1970)
        let claims = #"{"sub":"7","role":"admin","sv":3,"iat":\#(stamp),"exp":\#(stamp + 3600)}"#
        var tampered = issued.split(separator: ".").map(String.init)
        tampered[1] = Base64URL.encode(Array(claims.replacingOccurrences(of: "\"sv\":3", with: "\"sv\":4").utf8))
        let cases: [(String, String, Date, Bool)] = [
            ("issued", issued, now, true),
            ("forged by hand", forge(header: #"{"alg":"HS256","typ":"JWT"}"#, claims: claims, key: secret), now, true),
            ("expired", issued, now.addingTimeInterval(3601), false),
            ("tampered", tampered.joined(separator: "."), now, false),
            ("alg none", forge(header: #"{"alg":"none","typ":"JWT"}"#, claims: claims, key: nil), now, false),
            ("HS384 named", forge(header: #"{"alg":"HS384","typ":"JWT"}"#, claims: claims, key: secret), now, false),
            ("wrong key", forge(header: #"{"alg":"HS256","typ":"JWT"}"#, claims: claims, key: Array("another-secret-of-thirty-two-bytes-or-more".utf8)), now, false),
            ("not a token", "eyJhbGciOiJIUzI1NiJ9", now, false),
            ("empty", "", now, false),
        ]
        for (name, token, at, valid) in cases {
            let atOnce = try await SessionSigner(secret: secret).claimsAtOnce(token, now: at)
            let verified = try? await SessionSigner(secret: secret).verify(token, now: at)
            #expect((atOnce != nil) == valid, "\(name)")
            #expect(atOnce == verified, "\(name)")
            if valid { #expect(atOnce?.role == "admin" && atOnce?.userID == 7 && atOnce?.sessionVersion == 3, "\(name)") }
        }
    }

    @Test func sessionCookieHasTheSafeAttributes() async throws {
        try await withApp(seed: false) { app in
            let browser = app.browser()
            let page = try await browser.get("/signup")
            let token = try #require(page.csrfToken)
            let response = try await browser.post("/signup", form: [
                ("_csrf", token), ("username", "attr"), ("email", "attr@example.com"),
                ("password", "long-enough-pw"), ("passwordConfirmation", "long-enough-pw"),
            ])
            let cookie = try #require(response.headers("set-cookie").first { $0.hasPrefix("marquee_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("attr"), "the token must carry the id, never the username")
        }
    }

    @Test func postWithoutAValidCSRFTokenIsRefused() async throws {
        try await withApp(seed: false) { app in
            let browser = try await app.signedInBrowser("csrf")
            let missing = try await browser.post("/account/username", form: [("username", "other"), ("currentPassword", "popcorn-and-soda")])
            #expect(missing.status == 403)
            #expect(missing.body.contains("Not allowed"))
            let forged = try await browser.post("/logout", form: [("_csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")])
            #expect(forged.status == 403)
            // A token from another browser does not fit this one's cookie.
            let other = app.browser()
            let otherToken = try #require(try await other.get("/login").csrfToken)
            let crossed = try await browser.post("/logout", form: [("_csrf", otherToken)])
            #expect(crossed.status == 403)
            #expect(try await browser.get("/account").body.contains("Signed in as <strong>csrf</strong>"))
            // Anonymous forms are protected too.
            let anonymous = try await app.browser().post("/login", form: [("username", "csrf"), ("password", "popcorn-and-soda")])
            #expect(anonymous.status == 403)
        }
    }

    /// A CSRF cookie that is not one of ours (too long, wrong characters) is replaced by a
    /// fresh one, and the forms work with that one.
    @Test func anOddCSRFCookieIsReplaced() async throws {
        try await withApp(seed: false) { app in
            let browser = app.browser()
            for odd in [String(repeating: "x", count: 4_000), "short", "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"] {
                browser.setCookie("marquee_csrf", odd)
                let page = try await browser.get("/login")
                let fresh = try #require(page.headers("set-cookie").first { $0.hasPrefix("marquee_csrf=") })
                #expect(!fresh.contains(odd))
                let refused = try await browser.post("/login", form: [("_csrf", try #require(page.csrfToken)), ("username", "nobody"), ("password", "wrong-password")])
                #expect(refused.status == 401, "the form worked with the fresh cookie: \(odd.prefix(20))")
            }
        }
    }

    @Test func everyResponseCarriesSecurityHeaders() async throws {
        try await withApp(seed: false) { app in
            let browser = app.browser()
            for path in ["/movies", "/no-such-page", "/static/css/site.css", "/healthz"] {
                let response = try await browser.get(path)
                let csp = try #require(response.header("Content-Security-Policy"), "\(path)")
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(csp.contains("script-src 'self'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(response.header("X-Content-Type-Options") == "nosniff")
                #expect(response.header("Referrer-Policy") != nil)
            }
        }
    }

    @Test func errorPagesUseTheLayout() async throws {
        try await withApp(seed: false) { app in
            let browser = app.browser()
            let missing = try await browser.get("/no-such-page")
            #expect(missing.status == 404)
            #expect(missing.body.contains("Page not found"))
            #expect(missing.body.contains("class=\"site-header\""))
            let wrongMethod = try await browser.send(method: .DELETE, path: "/movies", headers: [], body: nil)
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.header("Allow")?.contains("GET") == true)
            #expect(wrongMethod.body.contains("class=\"site-header\""))
            let badID = try await browser.get("/movies/not-a-number")
            #expect(badID.status == 404)
        }
    }

    @Test func filesAndTheHealthCheckSetNoCookies() async throws {
        try await withApp(seed: false) { app in
            // A public cache keeps these responses: a cookie on one would go to everyone.
            let paths = ["/static/css/site.css", "/static/no-such-file.css", "/posters/none.png", "/healthz"]
            let newcomer = app.browser()
            for path in paths {
                let response = try await newcomer.get(path)
                #expect(response.headers("set-cookie").isEmpty, "\(path) set \(response.headers("set-cookie"))")
            }
            // Pages still hand out the CSRF cookie.
            #expect(try await newcomer.get("/movies").headers("set-cookie").contains { $0.hasPrefix("marquee_csrf=") })

            // Nor is a refused session cleared there: the token is not even read.
            let member = try await app.signedInBrowser("tess")
            member.setCookie("marquee_session", "not-a-token")
            for path in paths {
                #expect(try await member.get(path).headers("set-cookie").isEmpty, "\(path)")
            }
            #expect(try await member.get("/movies").headers("set-cookie").contains { $0.hasPrefix("marquee_session=") })
        }
    }

    @Test func healthCheckAnswersWhenTheDatabaseDoes() async throws {
        try await withApp(seed: false) { app in
            let response = try await app.browser().get("/healthz")
            #expect(response.status == 200)
            #expect(response.body.contains("\"ok\""))
        }
    }
}

@Suite struct SecureCookieTests {
    @Test func cookiesAreSecureBehindHTTPS() async throws {
        try await withApp(seed: false) { app in
            let browser = app.browser()
            let plain = try await browser.get("/login")
            #expect(plain.headers("set-cookie").allSatisfy { !$0.contains("Secure") })
            let proxied = try await app.browser().get("/login", headers: [("X-Forwarded-Proto", "https")])
            let cookies = proxied.headers("set-cookie")
            #expect(!cookies.isEmpty)
            #expect(cookies.allSatisfy { $0.contains("; Secure") })
        }
    }
}
