import Crypto
import CryptoExtras
import Dispatch
import Foundation

/// Hashes and verifies passwords with scrypt, off Swift's cooperative thread pool.
///
/// The encoded form keeps the parameters beside the salt and the hash, so costs can rise
/// without breaking old hashes:
///
/// ```
/// scrypt$32768$8$1$<salt, base64>$<hash, base64>
/// ```
struct PasswordHasher: Sendable {
    enum Error: Swift.Error, Equatable {
        /// The stored string is not one this hasher wrote.
        case malformedHash
    }

    var cost: ScryptCost
    /// Serial queues that run the hashes, one thread each: at most this many at once.
    private let lanes: [DispatchQueue]

    static let saltByteCount = 16
    static let hashByteCount = 32

    // A hash takes ~120 ms of CPU and 32 MiB. On the cooperative pool (two threads on
    // the build machines) two log-ins would stall every request, so hashing runs on
    // dedicated serial queues, each a thread of its own; their number bounds the memory.
    init(cost: ScryptCost, threads: Int = 1) {
        self.cost = cost
        self.lanes = (0..<max(1, threads)).map { DispatchQueue(label: "marquee.password-hashing.\($0)", qos: .userInitiated) }
    }

    /// Hashes `password` with a fresh random salt and ``cost``.
    func hash(_ password: String) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<Self.saltByteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let cost = self.cost
        let derived = try await offPool {
            try Self.derive(password: password, salt: salt, cost: cost)
        }
        return Self.encode(cost: cost, salt: salt, hash: derived)
    }

    /// True when `password` matches `encoded`; compares in constant time.
    func verify(_ password: String, against encoded: String) async throws -> Bool {
        let parsed = try Self.decode(encoded)
        let derived = try await offPool {
            try Self.derive(password: password, salt: parsed.salt, cost: parsed.cost)
        }
        return ConstantTime.equals(derived, parsed.hash)
    }

    /// True when `encoded` was made with other parameters than ``cost`` (rehash at next log-in).
    func needsRehash(_ encoded: String) -> Bool {
        (try? Self.decode(encoded).cost) != cost
    }

    /// A valid hash of a random password, verified against when a username is unknown so
    /// that a failed log-in takes as long whether or not the account exists.
    func decoyHash() -> String {
        Self.encode(
            cost: cost,
            salt: [UInt8](repeating: 0x5A, count: Self.saltByteCount),
            hash: [UInt8](repeating: 0xA5, count: Self.hashByteCount))
    }

    // MARK: - Encoding

    static func encode(cost: ScryptCost, salt: [UInt8], hash: [UInt8]) -> String {
        [
            "scrypt", String(cost.rounds), String(cost.blockSize), String(cost.parallelism),
            Data(salt).base64EncodedString(), Data(hash).base64EncodedString(),
        ].joined(separator: "$")
    }

    static func decode(_ encoded: String) throws(Error) -> (cost: ScryptCost, salt: [UInt8], hash: [UInt8]) {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt",
              let rounds = Int(parts[1]), rounds > 1, rounds & (rounds - 1) == 0,
              let blockSize = Int(parts[2]), blockSize > 0,
              let parallelism = Int(parts[3]), parallelism > 0,
              let salt = Data(base64Encoded: String(parts[4])), !salt.isEmpty,
              let hash = Data(base64Encoded: String(parts[5])), !hash.isEmpty
        else { throw .malformedHash }
        return (ScryptCost(rounds: rounds, blockSize: blockSize, parallelism: parallelism), [UInt8](salt), [UInt8](hash))
    }

    // MARK: - Work

    private static func derive(password: String, salt: [UInt8], cost: ScryptCost) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: hashByteCount,
            rounds: cost.rounds, blockSize: cost.blockSize, parallelism: cost.parallelism)
        return key.withUnsafeBytes { [UInt8]($0) }
    }

    private func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await lanes.randomElement()!.result(of: work)
    }
}
