import BrowserKit
import NIOHTTP1

/// One visitor's side of the conversation: a cookie jar, and requests the way a browser
/// without JavaScript sends them (cookies on every request, url-encoded forms).
struct Browser {
    private var jar = CookieJar()

    /// Cookie name → value, as the server last set them.
    var cookies: [String: String] { jar.cookies }

    /// Sets a cookie as if the server had.
    mutating func setCookie(_ name: String, _ value: String) {
        jar.cookies[name] = value
    }

    /// GETs `path` with this browser's cookies.
    mutating func get(_ path: String, on connection: inout Connection) async throws -> Reply {
        try await send(.GET, path, body: nil, on: &connection)
    }

    /// POSTs a url-encoded form to `path` with this browser's cookies.
    /// - Parameter fields: name–value pairs in order; a name may repeat (`seat=1&seat=2`).
    mutating func post(_ path: String, form fields: [(String, String)], on connection: inout Connection) async throws -> Reply {
        try await send(.POST, path, body: FormEncoding.encode(fields), on: &connection)
    }

    private mutating func send(_ method: HTTPMethod, _ path: String, body: [UInt8]?, on connection: inout Connection) async throws -> Reply {
        var headers = HTTPHeaders()
        if let cookie = jar.header {
            headers.add(name: "Cookie", value: cookie)
        }
        if body != nil {
            headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        }
        let reply = try await connection.send(method, path, headers: headers, body: body)
        for line in reply.setCookies {
            jar.take(setCookie: line[...])
        }
        return reply
    }
}
