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
        // Over the UTF-8 bytes: splitting by Characters took a tenth of the load generator's
        // time, for a header every booking gets four of.
        let bytes = line.utf8
        let semicolon = UInt8(ascii: ";")
        let pairEnd = bytes.firstIndex(of: semicolon) ?? bytes.endIndex
        guard let equals = bytes[..<pairEnd].firstIndex(of: UInt8(ascii: "=")) else { return }
        let name = Self.trimmingSpaces(bytes[..<equals])
        let value = Self.trimmingSpaces(bytes[bytes.index(after: equals)..<pairEnd])
        var expired = false
        var attributeEnd = pairEnd  // at a semicolon, or the end
        while attributeEnd < bytes.endIndex {
            let start = bytes.index(after: attributeEnd)
            attributeEnd = bytes[start...].firstIndex(of: semicolon) ?? bytes.endIndex
            if Self.trimmingSpaces(bytes[start..<attributeEnd]).lowercased() == "max-age=0" { expired = true }
        }
        // Only a change touches `cookies` (and puts the header together again).
        if value.isEmpty || expired {
            if cookies[name] != nil { cookies[name] = nil }
        } else if cookies[name] != value {
            cookies[name] = value
        }
    }

    /// The bytes without leading and trailing spaces, as a String.
    private static func trimmingSpaces(_ bytes: Substring.UTF8View) -> String {
        var bytes = bytes
        while bytes.first == UInt8(ascii: " ") { bytes = bytes.dropFirst() }
        while bytes.last == UInt8(ascii: " ") { bytes = bytes.dropLast() }
        return String(Substring(bytes))
    }
}
