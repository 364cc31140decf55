import Logging

/// What routing decided for a request, resolved once when its head arrives (the body limit
/// depends on it) and carried on the request to the end of the middleware chain.
enum RouteMatch: Sendable {
    case found(Endpoint)
    case notFound
    case methodNotAllowed(allow: String)
    case malformedPath
    /// Refused before its body was read (413): answered through the middleware like any
    /// error, so the application renders it as its other error pages.
    case refused(HTTPError)
}

/// A compiled, immutable ``Router``: resolves routes and runs the middleware chain, and maps
/// every error to a response in one place.
public final class RouterResponder: Sendable {
    private let tree: RouteTree
    /// The global middleware around the dispatching handler, composed once.
    private let chain: Handler
    private let logger: Logger
    /// Without global middleware a matched route's handler is called directly, saving an
    /// async call per request.
    private let hasGlobalMiddleware: Bool

    init(tree: RouteTree, middleware: [any Middleware], logger: Logger) {
        self.tree = tree
        self.logger = logger
        self.hasGlobalMiddleware = !middleware.isEmpty
        // The innermost handler dispatches on what routing found. Unmatched requests throw,
        // so global middleware sees them as errors (and can render a 404 page).
        self.chain = middleware.wrapping { request in
            switch request.match {
            case .found(let endpoint):
                return try await endpoint.handler(request)
            case .methodNotAllowed(let allow):
                throw HTTPError(.methodNotAllowed, headers: ["allow": allow])
            case .malformedPath:
                throw HTTPError(.badRequest, message: "Malformed request path.")
            case .refused(let error):
                throw error
            case .notFound, nil:
                throw HTTPError(.notFound)
            }
        }
    }

    /// Resolves the route for `request` and sets its route parameters.
    /// - Parameter serverDefault: The server's body limit, for routes without their own and
    ///   for requests a route's ``BodyLimit`` does not admit.
    /// - Returns: The most body bytes this request may send, and the answer to a body over it.
    func route(_ request: inout Request, serverDefault: Int) -> (bodyLimit: Int, refusal: HTTPError) {
        let standard = (serverDefault, BodyLimit.tooLarge)
        if request.hasMalformedPath {
            request.match = .malformedPath
            return standard
        }
        switch self.tree.lookup(request.method, request.segments) {
        case .found(let endpoint, let values):
            if !values.isEmpty {
                request.parameters = Parameters(Array(zip(endpoint.parameterNames, values)))
            }
            request.match = .found(endpoint)
            return endpoint.bodyLimit?.resolved(for: request, serverDefault: serverDefault) ?? standard
        case .methodNotAllowed(let allowed):
            request.match = .methodNotAllowed(allow: allowed.joined(separator: ", "))
            return standard
        case .notFound:
            request.match = .notFound
            return standard
        }
    }

    /// Answers `request`: routes it (if the server has not already), runs the middleware
    /// chain and handler, and turns any error into a response. Never throws.
    ///
    /// A `HEAD` request gets the `GET` route's response with its `Content-Length` and no body.
    nonisolated(nonsending) public func respond(to request: Request) async -> Response {
        var request = request
        if request.match == nil {
            // In process (tests): the body is already whole, so its limit does not matter.
            _ = self.route(&request, serverDefault: .max)
        }
        var response: Response
        do {
            if !self.hasGlobalMiddleware, case .found(let endpoint) = request.match {
                response = try await endpoint.handler(request)
            } else {
                response = try await self.chain(request)
            }
        } catch {
            response = self.response(for: error, request: request)
        }
        if request.method == .HEAD {
            if !response.headers.contains(name: "content-length") {
                response.headers.replaceOrAdd(name: "content-length", value: String(response.body.count))
            }
            response.body = .empty
        }
        return response
    }

    /// The one place errors become responses: errors that render themselves do so, decoding
    /// errors are the client's fault (400), anything else is a 500 whose details go only to
    /// the log.
    func response(for error: any Error, request: Request) -> Response {
        switch error {
        case let error as any HTTPResponseError:
            return error.response()
        case is DecodingError:
            return HTTPError(.badRequest, message: "Malformed request body.").response()
        default:
            self.logger.error(
                "Unhandled error: \(String(reflecting: error))",
                metadata: ["method": "\(request.method.rawValue)", "path": "\(request.path)"]
            )
            return HTTPError(.internalServerError, message: "Internal Server Error").response()
        }
    }
}
