import Crypto

/// HMAC-SHA256 for forging test tokens.
enum HMACForTests {
    static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }
}
