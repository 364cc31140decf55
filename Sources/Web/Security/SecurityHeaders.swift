import HTTPCore

/// Adds the security headers every response carries, error pages included.
struct SecurityHeaders: Middleware {
    // No inline scripts or styles anywhere: every script and stylesheet is a file in Public/.
    static let contentSecurityPolicy = [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, next: Handler) async throws -> Response {
        var response = try await next(request)
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        return response
    }
}
