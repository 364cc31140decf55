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
///
/// A value type with copy-on-write storage: passing a request down the middleware chain
/// costs one reference count, not one per field.
public struct Request: Sendable {
    /// The method.
    public var method: HTTPMethod {
        get { self.storage.method }
        set { self.uniqueStorage.method = newValue }
    }
    /// The raw request target, as sent (`/movies/12?day=2025-01-31`).
    public var uri: String {
        get { self.storage.uri }
        set { self.uniqueStorage.uri = newValue }
    }
    /// The raw path without the query (`/movies/12`), not percent-decoded.
    public var path: String {
        get { self.storage.path }
        set { self.uniqueStorage.path = newValue }
    }
    /// The percent-decoded path segments (`["movies", "12"]`); empty segments are dropped.
    public var segments: [String] {
        get { self.storage.segments }
        _modify { yield &self.uniqueStorage.segments }
    }
    /// The decoded query string; repeated keys are kept in order.
    public var query: Parameters {
        get { self.storage.query }
        _modify { yield &self.uniqueStorage.query }
    }
    /// The headers.
    public var headers: HTTPHeaders {
        get { self.storage.headers }
        _modify { yield &self.uniqueStorage.headers }
    }
    /// The cookies of the `Cookie` header.
    public var cookies: [String: String] {
        get { self.storage.cookies }
        _modify { yield &self.uniqueStorage.cookies }
    }
    /// The client's IP address, e.g. `127.0.0.1`.
    public var remoteAddress: String? {
        get { self.storage.remoteAddress }
        set { self.uniqueStorage.remoteAddress = newValue }
    }
    /// The body, collected up to the route's body limit.
    public var body: ByteBuffer {
        get { self.storage.body }
        _modify { yield &self.uniqueStorage.body }
    }
    /// The route parameters (`:id`, `*rest`), set by the router.
    public var parameters: Parameters {
        get { self.storage.parameters }
        _modify { yield &self.uniqueStorage.parameters }
    }
    /// The HTTP version of the request.
    public var version: HTTPVersion {
        get { self.storage.version }
        set { self.uniqueStorage.version = newValue }
    }

    /// Whether a path segment had a malformed escape or was not UTF-8; the router answers 400.
    var hasMalformedPath: Bool { self.storage.hasMalformedPath }

    /// What the router found for this request, resolved once when the head arrives.
    var match: RouteMatch? {
        get { self.storage.match }
        set { self.uniqueStorage.match = newValue }
    }

    private var storage: Storage

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
        var target = uri[...]
        // An absolute-form target (`http://host/path`, as sent to proxies) routes by its path.
        if target.utf8.first != UInt8(ascii: "/"), let scheme = target.firstRange(of: "://") {
            let afterAuthority = target[scheme.upperBound...]
            target = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }).map { afterAuthority[$0...] } ?? "/"
        }
        let pathPart: Substring
        let query: Parameters
        if let questionMark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            pathPart = target[..<questionMark]
            query = URLEncodedForm.decode(target[target.index(after: questionMark)...])
        } else {
            pathPart = target
            query = Parameters()
        }
        let (segments, malformed) = Request.decodeSegments(pathPart)
        // Cookies are separated by `;`, never `,` (RFC 6265), so the header's values are
        // read as sent: `canonicalForm` would split at commas, and cost a tenth of a small
        // request's parsing.
        let cookieHeaders = headers["cookie"]
        let cookies = cookieHeaders.isEmpty ? [:] : Cookie.parse(headerValues: cookieHeaders)
        self.storage = Storage(
            method: method,
            uri: uri,
            path: pathPart.startIndex == uri.startIndex && pathPart.endIndex == uri.endIndex ? uri : String(pathPart),
            segments: segments,
            query: query,
            headers: headers,
            cookies: cookies,
            remoteAddress: remoteAddress,
            body: body,
            version: version,
            hasMalformedPath: malformed
        )
    }

    /// A value that middleware attached under `key`.
    public subscript<Key: RequestStorageKey>(key: Key.Type) -> Key.Value? {
        get { self.storage.values[ObjectIdentifier(key)] as? Key.Value }
        set { self.uniqueStorage.values[ObjectIdentifier(key)] = newValue }
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
        let utf8 = path.utf8
        // One pass over the bytes (contiguous for the parser's strings); this runs for every
        // request. A segment without `%` is taken as it is (already valid UTF-8).
        let done: Void? = utf8.withContiguousStorageIfAvailable { bytes in
            var start = 0
            var hasPercent = false
            for index in 0...bytes.count {
                let atEnd = index == bytes.count
                let byte = atEnd ? UInt8(ascii: "/") : bytes[index]
                if byte == UInt8(ascii: "%") {
                    hasPercent = true
                } else if byte == UInt8(ascii: "/") {
                    if start != index {
                        let lower = utf8.index(utf8.startIndex, offsetBy: start)
                        let upper = utf8.index(lower, offsetBy: index - start)
                        let raw = path[lower..<upper]
                        if !hasPercent {
                            segments.append(String(raw))
                        } else if let decoded = PercentDecoding.decodeStrict(raw) {
                            segments.append(decoded)
                        } else {
                            segments.append(String(raw))
                            malformed = true
                        }
                    }
                    start = index + 1
                    hasPercent = false
                }
            }
        }
        if done == nil {
            return Self.decodeSegmentsSlowly(path)
        }
        return (segments, malformed)
    }

    /// ``decodeSegments(_:)`` for a path whose bytes are not contiguous in memory.
    private static func decodeSegmentsSlowly(_ path: Substring) -> ([String], malformed: Bool) {
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

    /// The storage, copied first if another request value shares it.
    private var uniqueStorage: Storage {
        mutating get {
            if !isKnownUniquelyReferenced(&self.storage) {
                self.storage = self.storage.copy()
            }
            return self.storage
        }
    }
}

extension Request {
    /// The fields of a request. `@unchecked Sendable` is sound because of copy-on-write:
    /// an instance is only ever mutated while uniquely referenced by one `Request`.
    fileprivate final class Storage: @unchecked Sendable {
        var method: HTTPMethod
        var uri: String
        var path: String
        var segments: [String]
        var query: Parameters
        var headers: HTTPHeaders
        var cookies: [String: String]
        var remoteAddress: String?
        var body: ByteBuffer
        var parameters: Parameters
        var version: HTTPVersion
        var values: [ObjectIdentifier: any Sendable]
        var hasMalformedPath: Bool
        var match: RouteMatch?

        init(
            method: HTTPMethod,
            uri: String,
            path: String,
            segments: [String],
            query: Parameters,
            headers: HTTPHeaders,
            cookies: [String: String],
            remoteAddress: String?,
            body: ByteBuffer,
            parameters: Parameters = Parameters(),
            version: HTTPVersion,
            values: [ObjectIdentifier: any Sendable] = [:],
            hasMalformedPath: Bool,
            match: RouteMatch? = nil
        ) {
            self.method = method
            self.uri = uri
            self.path = path
            self.segments = segments
            self.query = query
            self.headers = headers
            self.cookies = cookies
            self.remoteAddress = remoteAddress
            self.body = body
            self.parameters = parameters
            self.version = version
            self.values = values
            self.hasMalformedPath = hasMalformedPath
            self.match = match
        }

        func copy() -> Storage {
            Storage(
                method: self.method,
                uri: self.uri,
                path: self.path,
                segments: self.segments,
                query: self.query,
                headers: self.headers,
                cookies: self.cookies,
                remoteAddress: self.remoteAddress,
                body: self.body,
                parameters: self.parameters,
                version: self.version,
                values: self.values,
                hasMalformedPath: self.hasMalformedPath,
                match: self.match
            )
        }
    }
}
