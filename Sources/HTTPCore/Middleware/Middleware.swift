/// A request handler: takes the complete request, returns the response or throws.
public typealias Handler = @Sendable (Request) async throws -> Response

/// Code that runs around handlers: before (inspect or change the request, answer early) and
/// after (change the response, catch errors).
///
/// ```swift
/// struct RequireAdmin: Middleware {
///     func respond(to request: Request, next: Handler) async throws -> Response {
///         guard request[CurrentUser.self]?.isAdmin == true else { throw HTTPError(.forbidden) }
///         return try await next(request)
///     }
/// }
/// ```
///
/// Global middleware (``Router/add(middleware:)``) wraps every request, including those no
/// route matches: they see a thrown ``HTTPError`` 404 or 405. Group middleware
/// (``Router/group(_:middleware:_:)``) wraps only the group's routes.
public protocol Middleware: Sendable {
    /// Handles `request`, usually by calling `next` somewhere in between.
    func respond(to request: Request, next: Handler) async throws -> Response
}

/// A middleware made from a closure.
public struct ClosureMiddleware: Middleware {
    private let body: @Sendable (Request, Handler) async throws -> Response

    /// Creates a middleware from `body`, which receives the request and the next handler.
    public init(_ body: @escaping @Sendable (Request, Handler) async throws -> Response) {
        self.body = body
    }

    public func respond(to request: Request, next: Handler) async throws -> Response {
        try await self.body(request, next)
    }
}

extension Array where Element == any Middleware {
    /// Wraps `handler` in these middleware, the first one outermost. Done once when the
    /// router is compiled, never per request.
    func wrapping(_ handler: @escaping Handler) -> Handler {
        // A plain loop, not `reduce`: passing the closures through a generic parameter
        // wraps each in reabstraction thunks, async calls that every request then goes
        // through (two around a route's handler even without any middleware).
        var next = handler
        for middleware in self.reversed() {
            let inner = next
            next = { request in try await middleware.respond(to: request, next: inner) }
        }
        return next
    }
}
