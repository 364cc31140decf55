/// Something routes can be added to: the ``Router`` itself or a ``RouteGroup``.
public protocol RouteBuilder {
    /// Adds a route for `method` and `path`.
    ///
    /// - Parameters:
    ///   - method: The method. A `GET` route also answers `HEAD`, without the body.
    ///   - path: The pattern: literal segments, `:name` for one parameter segment, and
    ///     `*name` as the last segment for the rest of the path.
    ///   - bodyLimit: The most body bytes this route accepts, overriding the server's default
    ///     (raise it for uploads, for the requests it admits: see ``BodyLimit``). A larger
    ///     body gets 413 without being read.
    ///   - handler: The handler.
    mutating func on(_ method: HTTPMethod, _ path: String, bodyLimit: BodyLimit?, _ handler: @escaping Handler)

    /// Adds routes under `prefix`, wrapped in `middleware` (after any outer middleware).
    mutating func group(_ prefix: String, middleware: [any Middleware], _ build: (inout RouteGroup) -> Void)
}

extension RouteBuilder {
    /// Adds a route for `method` and `path` with the server's default body limit.
    public mutating func on(_ method: HTTPMethod, _ path: String, _ handler: @escaping Handler) {
        self.on(method, path, bodyLimit: nil, handler)
    }

    /// Adds a `GET` route (also answering `HEAD`).
    public mutating func get(_ path: String, bodyLimit: BodyLimit? = nil, _ handler: @escaping Handler) {
        self.on(.GET, path, bodyLimit: bodyLimit, handler)
    }

    /// Adds a `POST` route.
    public mutating func post(_ path: String, bodyLimit: BodyLimit? = nil, _ handler: @escaping Handler) {
        self.on(.POST, path, bodyLimit: bodyLimit, handler)
    }

    /// Adds a `PUT` route.
    public mutating func put(_ path: String, bodyLimit: BodyLimit? = nil, _ handler: @escaping Handler) {
        self.on(.PUT, path, bodyLimit: bodyLimit, handler)
    }

    /// Adds a `PATCH` route.
    public mutating func patch(_ path: String, bodyLimit: BodyLimit? = nil, _ handler: @escaping Handler) {
        self.on(.PATCH, path, bodyLimit: bodyLimit, handler)
    }

    /// Adds a `DELETE` route.
    public mutating func delete(_ path: String, bodyLimit: BodyLimit? = nil, _ handler: @escaping Handler) {
        self.on(.DELETE, path, bodyLimit: bodyLimit, handler)
    }

    /// Adds routes under `prefix` without extra middleware.
    public mutating func group(_ prefix: String, _ build: (inout RouteGroup) -> Void) {
        self.group(prefix, middleware: [], build)
    }
}

/// A route as registered, before the router is compiled.
struct RouteDefinition: Sendable {
    var method: HTTPMethod
    var path: String
    var bodyLimit: BodyLimit?
    /// Group middleware, outermost first.
    var middleware: [any Middleware]
    var handler: Handler
}

/// Routes sharing a path prefix and middleware.
///
/// ```swift
/// router.group("/admin", middleware: [RequireAdmin()]) { admin in
///     admin.get("/movies") { ... }
///     admin.post("/movies/:id/poster", bodyLimit: 10 << 20) { ... }
/// }
/// ```
public struct RouteGroup: RouteBuilder, Sendable {
    let prefix: String
    let middleware: [any Middleware]
    var routes: [RouteDefinition] = []

    init(prefix: String, middleware: [any Middleware]) {
        self.prefix = prefix
        self.middleware = middleware
    }

    public mutating func on(_ method: HTTPMethod, _ path: String, bodyLimit: BodyLimit?, _ handler: @escaping Handler) {
        self.routes.append(
            RouteDefinition(
                method: method,
                path: Self.join(self.prefix, path),
                bodyLimit: bodyLimit,
                middleware: self.middleware,
                handler: handler
            )
        )
    }

    public mutating func group(_ prefix: String, middleware: [any Middleware], _ build: (inout RouteGroup) -> Void) {
        var group = RouteGroup(prefix: Self.join(self.prefix, prefix), middleware: self.middleware + middleware)
        build(&group)
        self.routes += group.routes
    }

    static func join(_ prefix: String, _ path: String) -> String {
        let left = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        let right = path.hasPrefix("/") ? path : "/" + path
        return left + right
    }
}
