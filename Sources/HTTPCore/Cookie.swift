#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A cookie to set on the client, with every attribute of `Set-Cookie`.
///
/// Defaults are the safe ones: `Path=/`, `HttpOnly`, `SameSite=Lax`.
///
/// ```swift
/// var response = Response.redirect(to: "/")
/// response.setCookie(Cookie(name: "session", value: token, maxAge: 86_400, secure: true))
/// ```
public struct Cookie: Sendable, Hashable {
    /// The `SameSite` attribute.
    public enum SameSite: String, Sendable, Hashable {
        case strict = "Strict"
        case lax = "Lax"
        /// Browsers only accept `SameSite=None` together with `Secure`.
        case none = "None"
    }

    /// The cookie's name.
    public var name: String
    /// The cookie's value. It must consist of cookie-octets (no spaces, quotes, commas,
    /// semicolons or backslashes); base64url and JWTs qualify.
    public var value: String
    /// `Path`; `/` by default.
    public var path: String?
    /// `Domain`; absent by default (host-only cookie).
    public var domain: String?
    /// `Max-Age` in seconds; `0` or less expires the cookie now.
    public var maxAge: Int?
    /// `Expires`, written as an HTTP date.
    public var expires: Date?
    /// `Secure`: only sent over HTTPS.
    public var secure: Bool
    /// `HttpOnly`: not readable from JavaScript.
    public var httpOnly: Bool
    /// `SameSite`; `Lax` by default.
    public var sameSite: SameSite?

    /// Creates a cookie.
    /// - Parameters:
    ///   - name: The cookie's name.
    ///   - value: The cookie's value (cookie-octets only).
    ///   - path: `Path`, `/` by default; `nil` leaves it out.
    ///   - domain: `Domain`, absent by default.
    ///   - maxAge: `Max-Age` in seconds.
    ///   - expires: `Expires`.
    ///   - secure: `Secure`.
    ///   - httpOnly: `HttpOnly`, on by default.
    ///   - sameSite: `SameSite`, `Lax` by default.
    public init(
        name: String,
        value: String,
        path: String? = "/",
        domain: String? = nil,
        maxAge: Int? = nil,
        expires: Date? = nil,
        secure: Bool = false,
        httpOnly: Bool = true,
        sameSite: SameSite? = .lax
    ) {
        self.name = name
        self.value = value
        self.path = path
        self.domain = domain
        self.maxAge = maxAge
        self.expires = expires
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
    }

    /// The value of a `Set-Cookie` header for this cookie.
    public var headerValue: String {
        var text = "\(self.name)=\(self.value)"
        if let path { text += "; Path=\(path)" }
        if let domain { text += "; Domain=\(domain)" }
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if let expires {
            text += "; Expires=" + HTTPDate.format(epochSeconds: Int(expires.timeIntervalSince1970.rounded(.down)))
        }
        if self.secure { text += "; Secure" }
        if self.httpOnly { text += "; HttpOnly" }
        if let sameSite { text += "; SameSite=\(sameSite.rawValue)" }
        return text
    }

    /// Parses the request's `Cookie` header values (`a=1; b=2`) into a dictionary.
    ///
    /// When a name repeats, the first value wins: browsers send the cookie with the most
    /// specific path first. Surrounding double quotes are removed from values.
    static func parse(headerValues: [String]) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in headerValues {
            var header = header
            // Over the contiguous UTF-8 with indices: splitting the String's UTF-8 view into
            // subsequences was over a percent of a booking's server time (every request of a
            // signed-in visitor carries a session token, a CSRF cookie, often a flash).
            header.withUTF8 { bytes in
                var start = 0
                while start < bytes.count {
                    var end = start
                    while end < bytes.count, bytes[end] != UInt8(ascii: ";") { end += 1 }
                    Self.take(bytes, from: start, to: end, into: &cookies)
                    start = end + 1
                }
            }
        }
        return cookies
    }

    /// Adds the pair `name=value` in `bytes[from..<to]` to `cookies` unless the name is there.
    private static func take(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, into cookies: inout [String: String]) {
        var equals = from
        while equals < to, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
        guard equals < to else { return }
        let (nameStart, nameEnd) = trimmed(bytes, from, equals)
        var (valueStart, valueEnd) = trimmed(bytes, equals + 1, to)
        if valueEnd - valueStart >= 2, bytes[valueStart] == UInt8(ascii: "\""), bytes[valueEnd - 1] == UInt8(ascii: "\"") {
            valueStart += 1
            valueEnd -= 1
        }
        guard nameStart < nameEnd else { return }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]), as: UTF8.self)
        if cookies[name] == nil {
            cookies[name] = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)
        }
    }

    /// `from..<to` without leading and trailing spaces and tabs.
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> (Int, Int) {
        var start = from
        var end = to
        while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        return (start, end)
    }
}

extension Cookie {
    /// `text` as a cookie value: every byte of its UTF-8 but ASCII letters and digits as
    /// `%XX`, so any text (a flash message) fits in cookie-octets.
    ///
    /// ```swift
    /// let value = Cookie.percentEncoded("Seats held – 8 min")  // "Seats%20held%20%E2%80%93%208%20min"
    /// Cookie.percentDecoded(value)                              // "Seats held – 8 min"
    /// ```
    public static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 2)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text of a value written by ``percentEncoded(_:)`` (any `%XX` escapes decoded), or
    /// nil when an escape is malformed or the bytes are not UTF-8.
    public static func percentDecoded(_ value: String) -> String? {
        PercentDecoding.decodeStrict(value[...])
    }
}
