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
            for pair in header.utf8.split(separator: UInt8(ascii: ";")) {
                guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { continue }
                let name = trimmed(pair[pair.startIndex..<equals])
                var value = trimmed(pair[pair.index(after: equals)...])
                if value.count >= 2, value.first == UInt8(ascii: "\""), value.last == UInt8(ascii: "\"") {
                    value = value.dropFirst().dropLast()
                }
                guard !name.isEmpty else { continue }
                let key = String(decoding: name, as: UTF8.self)
                if cookies[key] == nil {
                    cookies[key] = String(decoding: value, as: UTF8.self)
                }
            }
        }
        return cookies
    }

    private static func trimmed(_ bytes: Substring.UTF8View.SubSequence) -> Substring.UTF8View.SubSequence {
        var bytes = bytes
        while let first = bytes.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            bytes = bytes.dropFirst()
        }
        while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            bytes = bytes.dropLast()
        }
        return bytes
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
