/// A key for values that middleware attaches to a request, such as the signed-in user.
///
/// ```swift
/// enum CurrentUser: RequestStorageKey { typealias Value = User }
/// request[CurrentUser.self] = user        // in a middleware
/// let user = request[CurrentUser.self]    // in a handler
/// ```
public protocol RequestStorageKey {
    /// The type of the stored value.
    associatedtype Value: Sendable
}

/// An HTTP request, complete with its body (collected up to the route's limit).
public struct Request: Sendable {
    /// The method.
    public var method: HTTPMethod
    /// The raw request target, as sent (`/movies/12?day=2025-01-31`).
    public var uri: String
    /// The raw path without the query (`/movies/12`), not percent-decoded.
    public var path: String
    /// The percent-decoded path segments (`["movies", "12"]`); empty segments are dropped.
    public var segments: [String]
    /// The decoded query string; repeated keys are kept in order.
    public var query: Parameters
    /// The headers.
    public var headers: HTTPHeaders
    /// The cookies of the `Cookie` header.
    public var cookies: [String: String]
    /// The client's IP address, e.g. `127.0.0.1`.
    public var remoteAddress: String?
    /// The body, collected up to the route's body limit.
    public var body: ByteBuffer
    /// The route parameters (`:id`, `*rest`), set by the router.
    public var parameters: Parameters
    /// The HTTP version of the request.
    public var version: HTTPVersion

    /// Values attached by middleware, keyed by `RequestStorageKey` types.
    private var storage: [ObjectIdentifier: any Sendable]
    /// Whether a path segment had a malformed escape or was not UTF-8; the router answers 400.
    var hasMalformedPath: Bool
    /// What the router found for this request, resolved once when the head arrives.
    var match: RouteMatch?

    /// Creates a request, parsing `uri` into path, segments and query and the `Cookie` header
    /// into cookies. The server uses it for every request; tests can use it to call a router
    /// in process.
    /// - Parameters:
    ///   - method: The method.
    ///   - uri: The request target (`/path?query`).
    ///   - headers: The headers.
    ///   - body: The body.
    ///   - remoteAddress: The client's address.
    ///   - version: The HTTP version.
    public init(
        method: HTTPMethod = .GET,
        uri: String,
        headers: HTTPHeaders = [:],
        body: ByteBuffer = ByteBuffer(),
        remoteAddress: String? = nil,
        version: HTTPVersion = .http1_1
    ) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.version = version
        self.parameters = Parameters()
        self.storage = [:]
        self.match = nil

        var target = uri[...]
        // An absolute-form target (`http://host/path`, as sent to proxies) routes by its path.
        if target.utf8.first != UInt8(ascii: "/"), let scheme = target.firstRange(of: "://") {
            let afterAuthority = target[scheme.upperBound...]
            target = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }).map { afterAuthority[$0...] } ?? "/"
        }
        let pathPart: Substring
        if let questionMark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            pathPart = target[..<questionMark]
            self.query = URLEncodedForm.decode(target[target.index(after: questionMark)...])
        } else {
            pathPart = target
            self.query = Parameters()
        }
        self.path = String(pathPart)
        (self.segments, self.hasMalformedPath) = Request.decodeSegments(pathPart)

        if headers.contains(name: "cookie") {
            self.cookies = Cookie.parse(headerValues: headers[canonicalForm: "cookie"].map(String.init))
        } else {
            self.cookies = [:]
        }
    }

    /// A value that middleware attached under `key`.
    public subscript<Key: RequestStorageKey>(key: Key.Type) -> Key.Value? {
        get { self.storage[ObjectIdentifier(key)] as? Key.Value }
        set { self.storage[ObjectIdentifier(key)] = newValue }
    }

    /// The route parameter `name` converted to `T`.
    ///
    /// A missing or invalid parameter means no such resource, so it throws ``HTTPError`` 404
    /// (`/movies/abc` for `/movies/:id` with an integer id).
    public func parameter<T: LosslessStringConvertible & Sendable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let raw = self.parameters[name], let value = T(raw) else {
            throw HTTPError(.notFound)
        }
        return value
    }

    /// Splits a raw path into percent-decoded segments, dropping empty ones (so `/a//b/` is
    /// `["a", "b"]`). A segment that cannot be decoded is kept raw and flagged.
    static func decodeSegments(_ path: Substring) -> ([String], malformed: Bool) {
        var segments: [String] = []
        var malformed = false
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            if let decoded = PercentDecoding.decodeStrict(raw) {
                segments.append(decoded)
            } else {
                segments.append(String(raw))
                malformed = true
            }
        }
        return (segments, malformed)
    }
}
