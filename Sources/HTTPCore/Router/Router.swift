public import Logging

/// The routing table and middleware of a server: built before the server starts, then
/// compiled into an immutable ``RouterResponder``.
///
/// ```swift
/// var router = Router()
/// router.add(middleware: ErrorPages())
/// router.get("/movies/:id") { request in
///     let id = try request.parameter("id", as: Int.self)
///     ...
/// }
/// router.get("/static/*path") { try await files.respond(to: $0, path: $0.parameters["path"] ?? "") }
/// ```
///
/// Paths: literal segments, `:name` for a parameter segment, `*name` as the last segment for
/// the rest of the path. A known path with the wrong method answers 405 with `Allow`; `HEAD`
/// is answered by the `GET` route without the body.
public struct Router: RouteBuilder, Sendable {
    var routes: [RouteDefinition] = []
    var middleware: [any Middleware] = []

    /// Creates an empty router.
    public init() {}

    /// Adds global middleware: it wraps every request, in the order added, including requests
    /// no route matches (which reach it as a thrown ``HTTPError`` 404 or 405, so the app can
    /// render its own error pages).
    public mutating func add(middleware: any Middleware) {
        self.middleware.append(middleware)
    }

    public mutating func on(_ method: HTTPMethod, _ path: String, bodyLimit: BodyLimit?, _ handler: @escaping Handler) {
        self.routes.append(
            RouteDefinition(method: method, path: path, bodyLimit: bodyLimit, middleware: [], handler: handler)
        )
    }

    public mutating func group(_ prefix: String, middleware: [any Middleware], _ build: (inout RouteGroup) -> Void) {
        var group = RouteGroup(prefix: prefix, middleware: middleware)
        build(&group)
        self.routes += group.routes
    }

    /// Compiles the routes into a segment tree and composes the middleware chains once.
    /// - Parameter logger: Where unexpected errors (answered with a generic 500) are logged.
    public func makeResponder(logger: Logger = Logger(label: "marquee.http")) -> RouterResponder {
        var tree = RouteTree()
        for route in self.routes {
            let segments = RouteSegment.parse(route.path)
            let names = segments.compactMap { segment -> String? in
                switch segment {
                case .literal: nil
                case .parameter(let name), .catchAll(let name): name
                }
            }
            let endpoint = Endpoint(
                handler: route.middleware.wrapping(route.handler),
                parameterNames: names,
                bodyLimit: route.bodyLimit
            )
            tree.insert(route.method, segments, endpoint, path: route.path)
        }
        return RouterResponder(tree: tree, middleware: self.middleware, logger: logger)
    }

    /// Answers `request` in process, without a socket: routing, middleware, error mapping and
    /// `HEAD`, exactly as the server does. Compiles the router on every call, so it is meant
    /// for tests; a server compiles once.
    /// - Parameters:
    ///   - request: The request.
    ///   - logger: Where unexpected errors are logged.
    public func respond(to request: Request, logger: Logger = Logger(label: "marquee.http")) async -> Response {
        await self.makeResponder(logger: logger).respond(to: request)
    }
}
