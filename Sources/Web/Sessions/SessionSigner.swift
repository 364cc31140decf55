public import Foundation
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

    /// Creates a signer from a secret of at least 32 bytes.
    /// - Parameter secret: the HMAC key; jwt-kit refuses shorter HMAC keys and so do we.
    public init(secret: [UInt8]) async throws {
        guard secret.count >= 32 else { throw SecretStore.Error.secretTooShort(secret.count) }
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.keys = keys
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
        guard Self.headerAlgorithm(of: token) == "HS256" else { throw .wrongAlgorithm }
        let claims: SessionToken
        do {
            claims = try await keys.verify(token, as: SessionToken.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw .badSignature
        } catch {
            throw .malformed
        }
        guard claims.expiration.value > now else { throw .expired }
        return claims
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
enum Base64URL {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map { [UInt8]($0) }
    }
}
