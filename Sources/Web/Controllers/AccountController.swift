import Cinema
import Foundation
import HTTPCore
import Templating

/// Sign-up, log-in, log-out and the account page.
struct AccountController: Sendable {
    let accounts: Accounts
    let sessions: SessionIssuer
    let pages: PageRenderer
    let clock: @Sendable () -> Date

    func register(in router: inout some RouteBuilder) {
        router.get("/signup") { try await showSignUp($0) }
        router.post("/signup") { try await signUp($0) }
        router.get("/login") { try await showLogIn($0) }
        router.post("/login") { try await logIn($0) }
        router.post("/logout") { try await logOut($0) }
        router.group("/account", middleware: [RoleGuard(allowed: [.customer, .staff, .admin])]) { account in
            account.get("") { try await showAccount($0) }
            account.post("/username") { try await changeUsername($0) }
            account.post("/password") { try await changePassword($0) }
        }
    }

    // MARK: sign-up

    func showSignUp(_ request: Request) async throws -> Response {
        if request.visitor.user != nil { return .redirect(to: "/") }
        return try signUpPage(request, form: ["username": "", "email": ""], errors: [:], next: Paths.safeNext(request.query["next"]))
    }

    func signUp(_ request: Request) async throws -> Response {
        let form = try request.form()
        let next = Paths.safeNext(form["next"])
        let username = form["username"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let email = form["email"]?.trimmingCharacters(in: .whitespaces) ?? ""
        do {
            let user = try await accounts.signUp(
                username: username,
                email: email,
                password: form["password"] ?? "",
                passwordConfirmation: form["passwordConfirmation"] ?? ""
            )
            var response = Response.redirect(to: next ?? "/movies", flash: Flash(.success, "Welcome to Marquee, \(user.username)!"), secure: sessions.secureCookies)
            try await startSession(for: user, on: &response)
            return response
        } catch let error as ValidationError {
            return try signUpPage(request, form: ["username": username, "email": email], errors: error.fields, next: next, status: .unprocessableEntity)
        }
    }

    private func signUpPage(_ request: Request, form: [String: String], errors: [String: String], next: String?, status: HTTPResponseStatus = .ok) throws -> Response {
        try pages.page("pages/signup.html", [
            "form": .strings(form),
            "errors": .fieldErrors(errors),
            "next": .string(next ?? ""),
        ], for: request, section: "signup", status: status)
    }

    // MARK: log-in and log-out

    func showLogIn(_ request: Request) async throws -> Response {
        let next = Paths.safeNext(request.query["next"])
        if request.visitor.user != nil { return .redirect(to: next ?? "/") }
        return try logInPage(request, username: "", errors: [:], next: next)
    }

    func logIn(_ request: Request) async throws -> Response {
        let form = try request.form()
        let next = Paths.safeNext(form["next"])
        let username = form["username"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let password = form["password"] ?? ""
        var missing: [String: String] = [:]
        if username.isEmpty { missing["username"] = "Enter your username." }
        if password.isEmpty { missing["password"] = "Enter your password." }
        if !missing.isEmpty {
            return try logInPage(request, username: username, errors: missing, next: next, status: .unprocessableEntity)
        }
        do {
            let user = try await accounts.authenticate(username: username, password: password, address: request.remoteAddress ?? "unknown")
            var response = Response.redirect(to: next ?? "/movies", flash: Flash(.success, "Welcome back, \(user.username)."), secure: sessions.secureCookies)
            try await startSession(for: user, on: &response)
            return response
        } catch AccountError.invalidCredentials {
            return try logInPage(request, username: username, errors: ["form": "That username and password don't match. Check both and try again."], next: next, status: .unauthorized)
        } catch AccountError.throttled(let retryAfter) {
            var response = try logInPage(request, username: username, errors: ["form": "Too many failed attempts. Wait \(retryAfter) seconds, then try again."], next: next, status: .tooManyRequests)
            response.headers.replaceOrAdd(name: "Retry-After", value: String(retryAfter))
            return response
        }
    }

    private func logInPage(_ request: Request, username: String, errors: [String: String], next: String?, status: HTTPResponseStatus = .ok) throws -> Response {
        try pages.page("pages/login.html", [
            "form": .strings(["username": username]),
            "errors": .fieldErrors(errors),
            "next": .string(next ?? ""),
        ], for: request, section: "login", status: status)
    }

    func logOut(_ request: Request) async throws -> Response {
        var response = Response.redirect(to: "/", flash: Flash(.info, "You are logged out."), secure: sessions.secureCookies)
        response.clearCookie(named: SessionMiddleware.cookieName)
        // A fresh CSRF cookie, so nothing issued for the session outlives it.
        response.setCookie(sessions.cookie(named: CSRFTokens.cookieName, value: CSRFTokens.newCookieValue(), maxAge: 60 * 60 * 24 * 365))
        return response
    }

    /// Signs the user in on this response: a new session cookie and a new CSRF cookie
    /// (so a token planted before log-in cannot be used after it).
    private func startSession(for user: User, on response: inout Response) async throws {
        response.setCookie(try await sessions.cookie(for: user, now: clock()))
        response.setCookie(sessions.cookie(named: CSRFTokens.cookieName, value: CSRFTokens.newCookieValue(), maxAge: 60 * 60 * 24 * 365))
    }

    // MARK: account page

    func showAccount(_ request: Request) async throws -> Response {
        try accountPage(request)
    }

    func changeUsername(_ request: Request) async throws -> Response {
        let user = try request.visitor.requireUser()
        let form = try request.form()
        let username = form["username"]?.trimmingCharacters(in: .whitespaces) ?? ""
        do {
            let updated = try await accounts.changeUsername(userID: user.id, newUsername: username, currentPassword: form["currentPassword"] ?? "")
            return .redirect(to: "/account", flash: Flash(.success, "Your username is now \(updated.username)."), secure: sessions.secureCookies)
        } catch let error as ValidationError {
            var fields = error.fields
            if let message = fields.removeValue(forKey: "newUsername") { fields["username"] = message }
            return try accountPage(request, usernameForm: ["username": username], usernameErrors: fields, status: .unprocessableEntity)
        }
    }

    func changePassword(_ request: Request) async throws -> Response {
        let user = try request.visitor.requireUser()
        let form = try request.form()
        do {
            let updated = try await accounts.changePassword(
                userID: user.id,
                currentPassword: form["currentPassword"] ?? "",
                newPassword: form["newPassword"] ?? "",
                confirmation: form["confirmation"] ?? ""
            )
            // The session version moved on: every other session is now refused; this one
            // gets a fresh token at the new version.
            var response = Response.redirect(to: "/account", flash: Flash(.success, "Password changed. Other sessions have been signed out."), secure: sessions.secureCookies)
            try await startSession(for: updated, on: &response)
            return response
        } catch let error as ValidationError {
            return try accountPage(request, passwordErrors: error.fields, status: .unprocessableEntity)
        }
    }

    private func accountPage(
        _ request: Request,
        usernameForm: [String: String]? = nil,
        usernameErrors: [String: String] = [:],
        passwordErrors: [String: String] = [:],
        status: HTTPResponseStatus = .ok
    ) throws -> Response {
        let user = try request.visitor.requireUser()
        return try pages.page("pages/account.html", [
            "account": ["email": .string(user.email), "createdAt": .date(user.createdAt)],
            "usernameForm": .strings(usernameForm ?? ["username": user.username]),
            "usernameErrors": .fieldErrors(usernameErrors),
            "passwordErrors": .fieldErrors(passwordErrors),
        ], for: request, section: "account", status: status)
    }
}

extension Visitor {
    /// The signed-in user; routes behind ``RoleGuard`` always have one.
    func requireUser() throws -> User {
        guard let user else { throw HTTPError(.unauthorized, message: "Please log in first.") }
        return user
    }
}

extension TemplateValue {
    /// A dictionary of plain strings, as a form's values are.
    static func strings(_ values: [String: String]) -> TemplateValue {
        .dictionary(values.mapValues { .string($0) })
    }

    /// Field errors: any field name may be asked for; the ones without an error are null.
    static func fieldErrors(_ messages: [String: String]) -> TemplateValue {
        .object(FieldErrors(messages: messages))
    }
}

/// The errors of a form, open to any field name so templates can ask `errors.email`
/// whether or not that field failed, even in strict mode.
struct FieldErrors: TemplateObject {
    let messages: [String: String]

    func value(forKey key: String) -> TemplateValue? {
        messages[key].map(TemplateValue.string) ?? .null
    }
}
