#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An HTTP response: status, headers and a body.
///
/// The server fills in `Content-Length`, `Date` and `Connection`; everything else is up to
/// the handler. Use the helpers for the common shapes:
///
/// ```swift
/// router.get("/healthz") { _ in .text("ok") }
/// router.post("/login") { request in
///     var response = Response.redirect(to: "/")   // 303 See Other
///     response.setCookie(Cookie(name: "session", value: token))
///     return response
/// }
/// ```
public struct Response: Sendable {
    /// What a response carries.
    public enum Body: Sendable {
        /// No body.
        case empty
        /// Bytes held in memory.
        case bytes(ByteBuffer)
        /// A file streamed from disk in chunks, never loaded whole. `size` is the number of
        /// bytes sent from the start of the file.
        case file(path: String, size: Int)

        /// The number of bytes the body will send.
        public var count: Int {
            switch self {
            case .empty: 0
            case .bytes(let buffer): buffer.readableBytes
            case .file(_, let size): size
            }
        }
    }

    /// The response status.
    public var status: HTTPResponseStatus
    /// The response headers.
    public var headers: HTTPHeaders
    /// The response body.
    public var body: Body

    /// Creates a response.
    /// - Parameters:
    ///   - status: The status, `200 OK` by default.
    ///   - headers: The headers.
    ///   - body: The body, empty by default.
    public init(status: HTTPResponseStatus = .ok, headers: HTTPHeaders = [:], body: Body = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// An HTML page (`text/html; charset=utf-8`).
    public static func html(_ html: String, status: HTTPResponseStatus = .ok) -> Response {
        Response(
            status: status,
            headers: .withContentType("text/html; charset=utf-8"),
            body: .bytes(ByteBuffer(string: html))
        )
    }

    /// An HTML page already encoded as UTF-8 (`text/html; charset=utf-8`), as a template
    /// engine writes it: no String in between to validate and copy.
    public static func html(utf8 bytes: [UInt8], status: HTTPResponseStatus = .ok) -> Response {
        Response(
            status: status,
            headers: .withContentType("text/html; charset=utf-8"),
            body: .bytes(ByteBuffer(bytes: bytes))
        )
    }

    /// Plain text (`text/plain; charset=utf-8`).
    public static func text(_ text: String, status: HTTPResponseStatus = .ok) -> Response {
        Response(
            status: status,
            headers: .withContentType("text/plain; charset=utf-8"),
            body: .bytes(ByteBuffer(string: text))
        )
    }

    /// A JSON document encoded from `value` (`application/json; charset=utf-8`).
    /// - Parameters:
    ///   - value: The value to encode.
    ///   - status: The status, `200 OK` by default.
    ///   - encoder: The encoder; a plain `JSONEncoder` by default.
    public static func json<T: Encodable>(
        _ value: T,
        status: HTTPResponseStatus = .ok,
        encoder: JSONEncoder = JSONEncoder()
    ) throws -> Response {
        let data = try encoder.encode(value)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(data.count)
        buffer.writeBytes(data)
        return Response(
            status: status,
            headers: .withContentType("application/json; charset=utf-8"),
            body: .bytes(buffer)
        )
    }

    /// A redirect to `location`; `303 See Other` by default, the right answer to a POST.
    public static func redirect(to location: String, status: HTTPResponseStatus = .seeOther) -> Response {
        var headers = HTTPHeaders()
        headers.reserveCapacity(8)
        headers.add(name: "location", value: location)
        return Response(status: status, headers: headers)
    }

    /// Adds a `Set-Cookie` header for `cookie`.
    public mutating func setCookie(_ cookie: Cookie) {
        self.headers.add(name: "set-cookie", value: cookie.headerValue)
    }

    /// Tells the client to delete the cookie `name` (empty value, `Max-Age=0`, an `Expires`
    /// in the past). `path` (and the domain, if any) must match the ones it was set with.
    public mutating func clearCookie(named name: String, path: String = "/", domain: String? = nil) {
        let cookie = Cookie(
            name: name,
            value: "",
            path: path,
            domain: domain,
            maxAge: 0,
            expires: Date(timeIntervalSince1970: 0),
            httpOnly: false,
            sameSite: nil
        )
        self.headers.add(name: "set-cookie", value: cookie.headerValue)
    }
}

extension HTTPHeaders {
    /// Headers holding a content type, with room for the few the server adds.
    fileprivate static func withContentType(_ contentType: String) -> HTTPHeaders {
        // Built from a list: `add` checks every name for ASCII, a cost on every response.
        var list: [(String, String)] = []
        list.reserveCapacity(8)
        list.append(("content-type", contentType))
        return HTTPHeaders(list)
    }
}
