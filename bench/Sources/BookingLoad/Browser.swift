import NIOHTTP1

/// One visitor's side of the conversation: a cookie jar, and requests the way a browser
/// without JavaScript sends them (cookies on every request, url-encoded forms).
struct Browser {
    /// Cookie name → value, as the server last set them.
    private(set) var cookies: [String: String] = [:]

    /// Sets a cookie as if the server had.
    mutating func setCookie(_ name: String, _ value: String) {
        cookies[name] = value
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
        if !cookies.isEmpty {
            headers.add(name: "Cookie", value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if body != nil {
            headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        }
        let reply = try await connection.send(method, path, headers: headers, body: body)
        for line in reply.headers[canonicalForm: "set-cookie"] {
            take(setCookie: line)
        }
        return reply
    }

    /// Applies one `Set-Cookie` header: stores the value, or forgets the cookie when the
    /// server clears it (empty value or `Max-Age=0`).
    private mutating func take(setCookie line: Substring) {
        let attributes = line.split(separator: ";", omittingEmptySubsequences: true)
        guard let pair = attributes.first, let equals = pair.firstIndex(of: "=") else { return }
        let name = pair[..<equals].trimmingSpaces()
        let value = pair[pair.index(after: equals)...].trimmingSpaces()
        let expired = attributes.dropFirst().contains { $0.trimmingSpaces().lowercased() == "max-age=0" }
        if value.isEmpty || expired {
            cookies[name] = nil
        } else {
            cookies[name] = value
        }
    }
}

/// `application/x-www-form-urlencoded`, as browsers write it.
enum FormEncoding {
    static func encode(_ fields: [(String, String)]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (index, (name, value)) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "&")) }
            append(name, to: &bytes)
            bytes.append(UInt8(ascii: "="))
            append(value, to: &bytes)
        }
        return bytes
    }

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                bytes.append(byte)
            case UInt8(ascii: " "):
                bytes.append(UInt8(ascii: "+"))
            default:
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
    }
}

extension Substring {
    /// The text without leading and trailing spaces, as a String.
    func trimmingSpaces() -> String {
        // Over the UTF-8 bytes: walking Characters (twice reversed) cost a fifth of the load
        // generator's time, on every Set-Cookie of every response.
        var bytes = utf8[...]
        while bytes.first == UInt8(ascii: " ") { bytes = bytes.dropFirst() }
        while bytes.last == UInt8(ascii: " ") { bytes = bytes.dropLast() }
        return String(Substring(bytes))
    }
}
