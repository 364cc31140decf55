import Cinema
import HTTPCore

/// Refuses a state-changing request whose CSRF token does not match the browser's cookie
/// and session. Runs after ``SessionMiddleware``; the JSON API (bearer tokens, no cookies)
/// is exempt.
struct CSRFMiddleware: Middleware {
    let csrf: CSRFTokens
    var exemptPrefixes: [String] = ["/api/"]

    func respond(to request: Request, next: Handler) async throws -> Response {
        switch request.method {
        case .GET, .HEAD, .OPTIONS:
            return try await next(request)
        default:
            break
        }
        if exemptPrefixes.contains(where: { request.path.hasPrefix($0) }) {
            return try await next(request)
        }
        var request = request
        let visitor = request.visitor
        var submitted = request.headers.first(name: CSRFTokens.headerName)
        if submitted == nil, request.hasMultipartBody {
            // An upload is parsed once, here, and the handler reads the same parse.
            let form = try? await request.multipartForm()
            request[Request.ParsedMultipart.self] = form
            submitted = form?.fields[CSRFTokens.fieldName]
        } else if submitted == nil {
            // Decoded once, here, and the handler reads the same decoding.
            submitted = (try? request.decodeForm())?[CSRFTokens.fieldName]
        }
        let binding = CSRFTokens.binding(userID: visitor.user?.id, sessionVersion: visitor.user?.sessionVersion)
        guard csrf.isValid(submitted, cookie: request.cookies[CSRFTokens.cookieName], binding: binding) else {
            throw HTTPError(.forbidden, message: "This form has expired or did not come from Marquee. Go back, reload the page and try again.")
        }
        return try await next(request)
    }
}
