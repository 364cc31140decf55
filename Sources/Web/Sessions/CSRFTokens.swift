import Foundation
import Cinema
import Crypto

/// Signed double-submit CSRF tokens, bound to the browser and, once signed in, to the session.
///
/// Every browser gets a random `marquee_csrf` cookie. A form's token is an HMAC, under
/// the server secret, of that cookie together with who is signed in (`anon`, or the user
/// id and session version). A forged form cannot know the cookie; a token stolen from
/// another browser does not match this browser's cookie; a token from before log-in or
/// before a password change no longer matches the session. Nothing is stored server-side.
public struct CSRFTokens: Sendable {
    /// The cookie that carries the browser's random value.
    public static let cookieName = "marquee_csrf"
    /// The form field that carries the token.
    public static let fieldName = "_csrf"
    /// The header a script may send instead of the form field.
    public static let headerName = "X-CSRF-Token"

    private let key: SymmetricKey
    /// Tokens by cookie and binding: a booking shows two forms and checks two, and the same
    /// browser's token is the same every time, so it is worked out once.
    private let known = BoundedMemo<String, String>(capacity: 8_192)

    /// - Parameter secret: the server secret (the same one sessions are signed with).
    public init(secret: [UInt8]) {
        // Derive a separate key so a CSRF token can never double as anything else.
        self.key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array("marquee-csrf".utf8), using: SymmetricKey(data: secret)))
    }

    /// A fresh random cookie value for a browser that has none.
    public static func newCookieValue() -> String {
        // Three 64-bit draws, not 24 one-byte ones: each draw is a getrandom system call.
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        for _ in 0..<3 {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return Base64URL.encode(bytes)
    }

    /// Whether `value` has the shape of a cookie from ``newCookieValue()``: 32 base64url
    /// characters. Anything else is treated as no cookie (a new one is given), so a client
    /// cannot fill the token memo with cookies of its own making, up to 16 KB each.
    public static func isWellFormedCookieValue(_ value: String) -> Bool {
        let bytes = value.utf8
        return bytes.count == 32 && bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                true
            default:
                false
            }
        }
    }

    /// The token to embed in forms.
    /// - Parameters:
    ///   - cookie: the browser's `marquee_csrf` cookie value.
    ///   - binding: who is signed in, from ``binding(userID:sessionVersion:)``.
    public func token(cookie: String, binding: String) -> String {
        let message = "\(cookie)|\(binding)"
        return known.value(for: message) {
            Base64URL.encode(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key))
        }
    }

    /// Whether a submitted token is the one this browser and session would have been given.
    public func isValid(_ submitted: String?, cookie: String?, binding: String) -> Bool {
        guard let submitted, let cookie, Self.isWellFormedCookieValue(cookie) else { return false }
        // Compared in constant time, so a guess's matching prefix cannot be timed.
        return ConstantTime.equals(Array(submitted.utf8), Array(token(cookie: cookie, binding: binding).utf8))
    }

    /// The session binding of a token: anonymous, or one user at one session version.
    public static func binding(userID: Int64?, sessionVersion: Int?) -> String {
        guard let userID, let sessionVersion else { return "anon" }
        return "u\(userID).\(sessionVersion)"
    }
}
