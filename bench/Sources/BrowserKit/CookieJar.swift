/// Cookies the way a browser keeps them for one site: name → value as the server last set
/// them, sent back on every request.
public struct CookieJar: Sendable {
    /// Cookie name → value.
    public var cookies: [String: String] = [:] {
        didSet { header = Self.header(for: cookies) }
    }

    /// The `Cookie` header to send, or nil with no cookies. Put together when the cookies
    /// change rather than for every request.
    public private(set) var header: String?

    public init() {}

    private static func header(for cookies: [String: String]) -> String? {
        cookies.isEmpty ? nil : cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
    }

    /// Applies one `Set-Cookie` header: stores the value, or forgets the cookie when the
    /// server clears it (empty value or `Max-Age=0`).
    public mutating func take(setCookie line: Substring) {
        let attributes = line.split(separator: ";", omittingEmptySubsequences: true)
        guard let pair = attributes.first, let equals = pair.firstIndex(of: "=") else { return }
        let name = pair[..<equals].trimmingSpaces()
        let value = pair[pair.index(after: equals)...].trimmingSpaces()
        let expired = attributes.dropFirst().contains { $0.trimmingSpaces().lowercased() == "max-age=0" }
        // Only a change touches `cookies` (and puts the header together again).
        if value.isEmpty || expired {
            if cookies[name] != nil { cookies[name] = nil }
        } else if cookies[name] != value {
            cookies[name] = value
        }
    }
}

extension Substring {
    /// The text without leading and trailing spaces, as a String.
    fileprivate func trimmingSpaces() -> String {
        // Over the UTF-8 bytes: walking Characters (twice reversed) cost a fifth of the load
        // generator's time, on every Set-Cookie of every response.
        var bytes = utf8[...]
        while bytes.first == UInt8(ascii: " ") { bytes = bytes.dropFirst() }
        while bytes.last == UInt8(ascii: " ") { bytes = bytes.dropLast() }
        return String(Substring(bytes))
    }
}
