/// A handler registered for one method and path, with everything resolved at build time.
struct Endpoint: Sendable {
    /// The handler, already wrapped in its groups' middleware.
    var handler: Handler
    /// The names of the path's parameters and catch-all, in path order.
    var parameterNames: [String]
    /// The route's own body limit, if it overrides the server's default.
    var bodyLimit: BodyLimit?
}

/// One segment of a route pattern.
enum RouteSegment: Equatable, Sendable {
    case literal(String)
    /// `:name`: exactly one segment.
    case parameter(String)
    /// `*name`: the rest of the path (zero or more segments); only last.
    case catchAll(String)

    /// Parses `/movies/:id/seats` into segments.
    static func parse(_ path: String) -> [RouteSegment] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return parts.enumerated().map { offset, part in
            if part.first == ":" {
                precondition(part.count > 1, "Route \(path): a parameter needs a name")
                return .parameter(String(part.dropFirst()))
            }
            if part.first == "*" {
                precondition(offset == parts.count - 1, "Route \(path): a catch-all must be the last segment")
                precondition(part.count > 1, "Route \(path): a catch-all needs a name")
                return .catchAll(String(part.dropFirst()))
            }
            return .literal(String(part))
        }
    }
}

/// A segment tree of routes: lookup walks the request's segments once (literal children in a
/// dictionary, then the parameter child, then a catch-all), never a scan over all patterns.
struct RouteTree: Sendable {
    /// Endpoints by method raw value (`HTTPMethod` is not `Hashable`).
    typealias Endpoints = [String: Endpoint]

    struct Node: Sendable {
        var literals: [String: Node] = [:]
        /// The `:parameter` child; an array of at most one to give the recursive struct storage.
        var parameter: [Node] = []
        var endpoints: Endpoints = [:]
        var catchAll: Endpoints = [:]
    }

    private(set) var root = Node()

    /// Adds an endpoint; a second endpoint for the same method and path is a programming error.
    mutating func insert(_ method: HTTPMethod, _ segments: [RouteSegment], _ endpoint: Endpoint, path: String) {
        Self.insert(into: &self.root, segments[...], method: method, endpoint: endpoint, path: path)
    }

    private static func insert(
        into node: inout Node,
        _ segments: ArraySlice<RouteSegment>,
        method: HTTPMethod,
        endpoint: Endpoint,
        path: String
    ) {
        guard let first = segments.first else {
            precondition(node.endpoints[method.rawValue] == nil, "Route \(method.rawValue) \(path) is registered twice")
            node.endpoints[method.rawValue] = endpoint
            return
        }
        let rest = segments.dropFirst()
        switch first {
        case .literal(let literal):
            Self.insert(into: &node.literals[literal, default: Node()], rest, method: method, endpoint: endpoint, path: path)
        case .parameter:
            if node.parameter.isEmpty { node.parameter.append(Node()) }
            Self.insert(into: &node.parameter[0], rest, method: method, endpoint: endpoint, path: path)
        case .catchAll:
            precondition(node.catchAll[method.rawValue] == nil, "Route \(method.rawValue) \(path) is registered twice")
            node.catchAll[method.rawValue] = endpoint
        }
    }

    /// The result of a lookup.
    enum Lookup {
        /// An endpoint for the method, with the parameter values in path order.
        case found(Endpoint, values: [String])
        /// The path exists, but not for this method.
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    /// Finds the endpoint for `method` and `segments`. `HEAD` falls back to `GET`.
    ///
    /// A literal segment wins over a parameter, which wins over a catch-all; if the preferred
    /// branch dead-ends (or lacks the method) the search backtracks, so `/movies/new` and
    /// `/movies/:id/edit` can live side by side.
    func lookup(_ method: HTTPMethod, _ segments: [String]) -> Lookup {
        var values: [String] = []
        var firstPathMatch: Endpoints?
        let methodKey = method.rawValue
        let fallbackKey = method == .HEAD ? HTTPMethod.GET.rawValue : nil

        func endpoint(in endpoints: Endpoints) -> Endpoint? {
            if firstPathMatch == nil, !endpoints.isEmpty { firstPathMatch = endpoints }
            if let found = endpoints[methodKey] { return found }
            if let fallbackKey { return endpoints[fallbackKey] }
            return nil
        }

        func search(_ node: Node, _ index: Int) -> Endpoint? {
            if index == segments.count {
                if let found = endpoint(in: node.endpoints) { return found }
            } else {
                let segment = segments[index]
                if let child = node.literals[segment], let found = search(child, index + 1) {
                    return found
                }
                if let child = node.parameter.first {
                    values.append(segment)
                    if let found = search(child, index + 1) { return found }
                    values.removeLast()
                }
            }
            if !node.catchAll.isEmpty {
                values.append(segments[index...].joined(separator: "/"))
                if let found = endpoint(in: node.catchAll) { return found }
                values.removeLast()
            }
            return nil
        }

        if let found = search(self.root, 0) {
            return .found(found, values: values)
        }
        if let endpoints = firstPathMatch {
            var allowed = Set(endpoints.keys)
            if allowed.contains(HTTPMethod.GET.rawValue) { allowed.insert(HTTPMethod.HEAD.rawValue) }
            return .methodNotAllowed(allowed: allowed.sorted())
        }
        return .notFound
    }
}
