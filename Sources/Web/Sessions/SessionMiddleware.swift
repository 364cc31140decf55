public import Cinema
public import Foundation
import JWTKit
public import HTTPCore

/// Works out who is asking: verifies the session cookie, loads the user, checks the
/// session version, renews the token past half its life, and hands out the CSRF cookie.
///
/// A refused token (tampered, expired, another algorithm, another key, an old session
/// version) simply means "not signed in": the cookie is cleared and the page renders.
///
/// Requests under ``sessionlessSegments`` pass straight through: no token is read and no
/// cookie is set.
public struct SessionMiddleware: Middleware {
    /// The cookie that carries the session JWT.
    public static let cookieName = "marquee_session"
    /// The cookie that carries a flash message over a redirect.
    public static let flashCookieName = "marquee_flash"

    let sessions: SessionIssuer
    let csrf: CSRFTokens
    let accounts: Accounts
    let clock: @Sendable () -> Date
    /// First path segments whose responses carry no session: static files and posters,
    /// which public caches keep (a cookie set on one would be handed to every visitor), and
    /// the health check, which load balancers call without cookies (each call would otherwise
    /// mint a CSRF cookie).
    let sessionlessSegments: Set<String>

    public func respond(to request: Request, next: Handler) async throws -> Response {
        if let first = request.segments.first, sessionlessSegments.contains(first) {
            return try await next(request)
        }
        var request = request
        let now = clock()
        var user: User?
        var renewal: User?
        var refused = false
        if let raw = request.cookies[Self.cookieName], !raw.isEmpty {
            if let claims = try? await sessions.signer.verify(raw, now: now),
               let id = claims.userID,
               let current = try await accounts.user(id: id),
               current.sessionVersion == claims.sessionVersion {
                user = current
                // Renew past half-life so an active visitor is never logged out mid-visit,
                // and whenever the role in the token is stale.
                if claims.expiration.value.timeIntervalSince(now) < sessions.lifetime / 2 || claims.role != current.role.rawValue {
                    renewal = current
                }
            } else {
                refused = true
            }
        }
        let existingCSRF = request.cookies[CSRFTokens.cookieName].flatMap { CSRFTokens.isWellFormedCookieValue($0) ? $0 : nil }
        let csrfCookie = existingCSRF ?? CSRFTokens.newCookieValue()
        let binding = CSRFTokens.binding(userID: user?.id, sessionVersion: user?.sessionVersion)
        let flash = request.cookies[Self.flashCookieName].flatMap(Cookie.percentDecoded).flatMap(Flash.init(cookieValue:))
        request[Visitor.Key.self] = Visitor(
            user: user,
            csrfCookie: csrfCookie,
            tokens: csrf,
            binding: binding,
            flash: flash
        )

        var response = try await next(request)

        let setsCookie = { (name: String) in
            response.headers[canonicalForm: "set-cookie"].contains { $0.hasPrefix("\(name)=") }
        }
        if existingCSRF == nil, !setsCookie(CSRFTokens.cookieName) {
            response.setCookie(sessions.cookie(named: CSRFTokens.cookieName, value: csrfCookie, maxAge: 60 * 60 * 24 * 365))
        }
        if flash != nil, !setsCookie(Self.flashCookieName) {
            response.clearCookie(named: Self.flashCookieName)
        }
        if !setsCookie(Self.cookieName) {
            if let renewal {
                response.setCookie(try await sessions.cookie(for: renewal, now: now))
            } else if refused {
                response.clearCookie(named: Self.cookieName)
            }
        }
        if !sessions.secureCookies, Self.isHTTPS(request) {
            Self.markCookiesSecure(&response)
        }
        return response
    }

    /// Whether the browser reached us over HTTPS, as a TLS-terminating proxy reports it.
    static func isHTTPS(_ request: Request) -> Bool {
        request.headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
    }

    /// Adds `Secure` to every cookie the response sets (for requests that came over HTTPS).
    static func markCookiesSecure(_ response: inout Response) {
        let cookies = response.headers[canonicalForm: "set-cookie"].map(String.init)
        guard !cookies.isEmpty else { return }
        response.headers.remove(name: "Set-Cookie")
        for cookie in cookies {
            response.headers.add(name: "Set-Cookie", value: cookie.contains("; Secure") ? cookie : cookie + "; Secure")
        }
    }
}

/// Issues session cookies: the signer plus the cookie policy (lifetime, `Secure`).
public struct SessionIssuer: Sendable {
    /// Verifies and signs tokens.
    public let signer: SessionSigner
    /// How long a token lasts (renewed past half of it).
    public let lifetime: TimeInterval
    /// Whether cookies carry `Secure` (behind HTTPS, or `--secure-cookies`).
    public let secureCookies: Bool

    public init(signer: SessionSigner, lifetime: TimeInterval = 12 * 60 * 60, secureCookies: Bool) {
        self.signer = signer
        self.lifetime = lifetime
        self.secureCookies = secureCookies
    }

    /// The session cookie for a user signing in (or being renewed) at `now`.
    public func cookie(for user: User, now: Date) async throws -> Cookie {
        let token = SessionToken(userID: user.id, role: user.role.rawValue, sessionVersion: user.sessionVersion, issuedAt: now, lifetime: lifetime)
        return cookie(named: SessionMiddleware.cookieName, value: try await signer.sign(token), maxAge: Int(lifetime))
    }

    /// A cookie with Marquee's policy: `HttpOnly`, `SameSite=Lax`, `Path=/`, `Secure` when configured.
    public func cookie(named name: String, value: String, maxAge: Int?) -> Cookie {
        var cookie = Cookie(name: name, value: value)
        cookie.path = "/"
        cookie.maxAge = maxAge
        cookie.httpOnly = true
        cookie.sameSite = .lax
        cookie.secure = secureCookies
        return cookie
    }
}
