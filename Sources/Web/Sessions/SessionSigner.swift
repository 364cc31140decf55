public import Foundation
import Cinema
import Crypto
import JWTKit

/// Signs and verifies session tokens with HS256 and nothing else.
///
/// jwt-kit does the signing and the signature check; this type pins the algorithm
/// (a token whose header names any other algorithm, `none` included, is refused
/// before its signature is even looked at) and checks expiry against a clock the
/// caller controls.
public struct SessionSigner: Sendable {
    /// Why a token was not accepted. Every case means "not signed in", never an error page.
    public enum Rejection: Error, Equatable {
        case malformed
        case wrongAlgorithm
        case badSignature
        case expired
    }

    private let keys: JWTKeyCollection
    /// The same secret, for checking a signature without suspending (``claimsAtOnce(_:now:)``).
    private let key: SymmetricKey
    /// Session tokens that passed the signature check, with their claims, so a signed-in
    /// visitor's every request does not parse JSON and compute an HMAC again (that was a
    /// twentieth of a booking's server time). Only ever holds tokens this process verified
    /// with its own key; expiry is still checked on every request, and revocation (a password
    /// change) is decided later from the user's row.
    private let verified = BoundedMemo<String, SessionToken>(capacity: 4_096)

    /// Creates a signer from a secret of at least 32 bytes.
    /// - Parameter secret: the HMAC key; jwt-kit refuses shorter HMAC keys and so do we.
    public init(secret: [UInt8]) async throws {
        guard secret.count >= 32 else { throw SecretStore.Error.secretTooShort(secret.count) }
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.keys = keys
        self.key = SymmetricKey(data: secret)
    }

    /// Signs the claims into a compact JWT.
    public func sign(_ token: SessionToken) async throws -> String {
        try await keys.sign(token)
    }

    /// Verifies a compact JWT and returns its claims.
    /// - Parameters:
    ///   - token: the cookie's value.
    ///   - now: the moment to check expiry against.
    public func verify(_ token: String, now: Date) async throws(Rejection) -> SessionToken {
        let claims: SessionToken
        if let known = verified.value(for: token) {
            // The same bytes under the same key verify the same way: only expiry can change.
            claims = known
        } else {
            guard Self.headerAlgorithm(of: token) == "HS256" else { throw .wrongAlgorithm }
            do {
                claims = try await keys.verify(token, as: SessionToken.self)
            } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
                throw .badSignature
            } catch {
                throw .malformed
            }
            verified.keep(token, claims)
        }
        guard claims.expiration.value > now else { throw .expired }
        return claims
    }

    /// The claims of a valid, unexpired token, worked out without suspending: for decisions
    /// made on the event loop as a request's head arrives (``UploadAdmission``). The same
    /// checks as ``verify(_:now:)`` (HS256 only, this key's signature, expiry), done here
    /// with an HMAC of the token's first two parts rather than through jwt-kit's async
    /// key collection; nil for anything else.
    public func claimsAtOnce(_ token: String, now: Date) -> SessionToken? {
        let claims: SessionToken
        if let known = verified.value(for: token) {
            claims = known
        } else {
            let bytes = Array(token.utf8)
            guard Self.headerAlgorithm(of: token) == "HS256",
                  let lastDot = bytes.lastIndex(of: UInt8(ascii: ".")),
                  let parsed = try? DefaultJWTParser().parse(bytes, as: SessionToken.self),
                  HMAC<SHA256>.isValidAuthenticationCode(parsed.signature, authenticating: bytes[..<lastDot], using: key)
            else { return nil }
            claims = parsed.payload
            verified.keep(token, claims)
        }
        return claims.expiration.value > now ? claims : nil
    }

    /// The `alg` named in a token's header, read without trusting anything else in it.
    static func headerAlgorithm(of token: String) -> String? {
        guard let dot = token.firstIndex(of: "."), token[dot...].dropFirst().contains(".") else { return nil }
        guard let header = Base64URL.decode(token[..<dot]),
              let object = try? JSONSerialization.jsonObject(with: Data(header)) as? [String: Any]
        else { return nil }
        return object["alg"] as? String
    }
}

/// Base64url without padding, as JWTs and our CSRF tokens use it.
///
/// Written out by hand: every page view of a new visitor mints a CSRF cookie, and going
/// through Foundation's base64 and three `replacingOccurrences` calls cost more than the
/// HMAC itself.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    /// Each byte of the alphabet mapped to its 6-bit value; 0xFF for anything else.
    private static let values: [UInt8] = {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { values[Int(byte)] = UInt8(index) }
        return values
    }()

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let input = Array(bytes)
        let alphabet = Self.alphabet
        return String(unsafeUninitializedCapacity: (input.count * 4 + 2) / 3) { output in
            var written = 0
            var index = 0
            while index + 3 <= input.count {
                let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                output[written] = alphabet[Int(chunk >> 18)]
                output[written + 1] = alphabet[Int(chunk >> 12 & 63)]
                output[written + 2] = alphabet[Int(chunk >> 6 & 63)]
                output[written + 3] = alphabet[Int(chunk & 63)]
                written += 4
                index += 3
            }
            let rest = input.count - index
            if rest > 0 {
                let chunk = UInt32(input[index]) << 16 | (rest == 2 ? UInt32(input[index + 1]) << 8 : 0)
                output[written] = alphabet[Int(chunk >> 18)]
                output[written + 1] = alphabet[Int(chunk >> 12 & 63)]
                written += 2
                if rest == 2 {
                    output[written] = alphabet[Int(chunk >> 6 & 63)]
                    written += 1
                }
            }
            return written
        }
    }

    /// The bytes of unpadded base64url `text` (trailing `=` tolerated), or nil when it is not that.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var utf8 = Array(text.utf8)
        while utf8.last == UInt8(ascii: "=") { utf8.removeLast() }
        guard utf8.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in utf8 {
            let value = values[Int(byte)]
            guard value != 0xFF else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }
}
