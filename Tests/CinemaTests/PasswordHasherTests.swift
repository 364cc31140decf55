import Foundation
import Testing
@testable import Cinema

struct PasswordHasherTests {
    @Test func verifiesTheRightPasswordOnly() async throws {
        let hasher = PasswordHasher(cost: .testing)
        let hash = try await hasher.hash("süßer Popcorn 🍿")
        #expect(try await hasher.verify("süßer Popcorn 🍿", against: hash))
        #expect(try await hasher.verify("süßer Popcorn", against: hash) == false)
        #expect(try await hasher.hash("same") != hasher.hash("same"))  // fresh salt each time
    }

    @Test func matchesTheRFC7914TestVectorThroughItsEncoding() async throws {
        // RFC 7914 §12: P = "password", S = "NaCl", N = 1024, r = 8, p = 16, first 32 bytes.
        let expected: [UInt8] = [
            0xfd, 0xba, 0xbe, 0x1c, 0x9d, 0x34, 0x72, 0x00, 0x78, 0x56, 0xe7, 0x19, 0x0d, 0x01, 0xe9, 0xfe,
            0x7c, 0x6a, 0xd7, 0xcb, 0xc8, 0x23, 0x78, 0x30, 0xe7, 0x73, 0x76, 0x63, 0x4b, 0x37, 0x31, 0x62,
        ]
        let encoded = PasswordHasher.encode(
            cost: ScryptCost(rounds: 1_024, blockSize: 8, parallelism: 16), salt: Array("NaCl".utf8), hash: expected)
        #expect(try await PasswordHasher(cost: .testing).verify("password", against: encoded))
    }

    @Test func rejectsMalformedHashes() async throws {
        let hasher = PasswordHasher(cost: .testing)
        for bad in ["", "bcrypt$1$2$3$a$b", "scrypt$15$8$1$AAAA$AAAA", "scrypt$16$8$1$$AAAA", "scrypt$16$8$1$AAAA"] {
            await #expect(throws: PasswordHasher.Error.malformedHash) {
                try await hasher.verify("x", against: bad)
            }
        }
        #expect(hasher.needsRehash("garbage"))
        #expect(!hasher.needsRehash(hasher.decoyHash()))
    }

    @Test func comparesInConstantTimeShape() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!ConstantTime.equals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!ConstantTime.equals(Array("abc".utf8), Array("ab".utf8)))
        #expect(ConstantTime.equals([], []))
    }
}
