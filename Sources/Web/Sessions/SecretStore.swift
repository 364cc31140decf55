public import Foundation

/// Where the server's signing secret comes from.
///
/// `MARQUEE_SECRET` wins when set; otherwise a random 256-bit key is created once
/// beside the database (mode 0600) and read back on every later start, so sessions
/// survive restarts without a constant ever living in the code.
public enum SecretStore {
    public enum Error: Swift.Error, CustomStringConvertible {
        case secretTooShort(Int)
        case unreadable(path: String, reason: String)

        public var description: String {
            switch self {
            case .secretTooShort(let count):
                "the session secret must be at least 32 bytes (got \(count)); set MARQUEE_SECRET to a longer value"
            case .unreadable(let path, let reason):
                "cannot read or create the secret at \(path): \(reason)"
            }
        }
    }

    /// The secret to sign with.
    /// - Parameters:
    ///   - environmentValue: the value of `MARQUEE_SECRET`, if any.
    ///   - directory: the data folder where a generated key is kept.
    public static func load(environmentValue: String?, directory: URL) throws -> [UInt8] {
        if let value = environmentValue, !value.isEmpty {
            let bytes = Array(value.utf8)
            guard bytes.count >= 32 else { throw Error.secretTooShort(bytes.count) }
            return bytes
        }
        let file = directory.appendingPathComponent("session.key")
        let manager = FileManager.default
        if let existing = manager.contents(atPath: file.path) {
            guard existing.count >= 32 else { throw Error.secretTooShort(existing.count) }
            return [UInt8](existing)
        }
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            var key = [UInt8](repeating: 0, count: 32)
            var generator = SystemRandomNumberGenerator()
            for index in key.indices { key[index] = generator.next() }
            // Created with 0600 from the start, so the key is never readable by others.
            guard manager.createFile(atPath: file.path, contents: Data(key), attributes: [.posixPermissions: 0o600]) else {
                throw Error.unreadable(path: file.path, reason: "could not create the file")
            }
            return key
        } catch let error as Error {
            throw error
        } catch {
            throw Error.unreadable(path: file.path, reason: "\(error)")
        }
    }
}
