import Cinema
import HTTPCore

/// Lets a request through only when the visitor has one of the allowed roles.
///
/// Anonymous visitors are sent to log in and brought back afterwards; a signed-in
/// visitor with the wrong role gets the 403 page.
struct RoleGuard: Middleware {
    let allowed: Set<Role>

    func respond(to request: Request, next: Handler) async throws -> Response {
        guard let user = request.visitor.user else {
            return .redirect(to: "/login?next=\(Paths.encodeQueryValue(request.uri))")
        }
        guard allowed.contains(user.role) else {
            throw HTTPError(.forbidden, message: "Your account does not have access to this page.")
        }
        return try await next(request)
    }
}
