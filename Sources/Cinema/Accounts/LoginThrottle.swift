import Foundation

/// Limits failed log-ins per username and per client address over a sliding window.
///
/// An attempt is counted as a failure *before* the password is checked and forgiven on
/// success, so concurrent guesses cannot slip past the limit while a hash is computed.
actor LoginThrottle {
    /// Keys are namespaced so a username can never collide with an address.
    enum Key: Hashable {
        case username(String)
        case address(String)
    }

    /// A pending attempt to settle with ``succeeded(_:)``.
    struct Attempt: Sendable {
        fileprivate let keys: [Key]
        fileprivate let time: Date
    }

    let limit: Int
    let window: TimeInterval
    /// One byte longer than a username may be (``AccountRules/usernameLength``; usernames
    /// are ASCII, a byte a character).
    static let longestName = AccountRules.usernameLength.upperBound + 1
    private var failures: [Key: [Date]] = [:]
    private var recordsSincePurge = 0

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Starts an attempt, or returns the whole seconds to wait when a key is over the limit.
    func begin(username: String, address: String?, now: Date) -> Result<Attempt, Throttled> {
        // A name longer than any account's is kept by its first bytes: it cannot be anyone's,
        // and whole it could make the throttle hold a megabyte per attempt. Bytes, not
        // characters: one character can carry any number of combining marks.
        let name = username.utf8.count > Self.longestName
            ? String(decoding: username.utf8.prefix(Self.longestName), as: UTF8.self) : username
        var keys: [Key] = [.username(name.lowercased())]
        if let address, !address.isEmpty { keys.append(.address(address)) }
        var wait: TimeInterval = 0
        for key in keys {
            let recent = prune(key, now: now)
            if recent.count >= limit, let oldest = recent.first {
                wait = max(wait, oldest.addingTimeInterval(window).timeIntervalSince(now))
            }
        }
        if wait > 0 {
            return .failure(Throttled(retryAfter: max(1, Int(wait.rounded(.up)))))
        }
        for key in keys { failures[key, default: []].append(now) }
        purgeOccasionally(now: now)
        return .success(Attempt(keys: keys, time: now))
    }

    /// Forgives a successful attempt, and the username's earlier failures with it.
    func succeeded(_ attempt: Attempt) {
        for key in attempt.keys {
            switch key {
            case .username:
                failures[key] = nil
            case .address:
                if var times = failures[key], let index = times.lastIndex(of: attempt.time) {
                    times.remove(at: index)
                    failures[key] = times.isEmpty ? nil : times
                }
            }
        }
    }

    struct Throttled: Error {
        let retryAfter: Int
    }

    /// Drops failures older than the window for `key` and returns the rest, oldest first.
    private func prune(_ key: Key, now: Date) -> [Date] {
        guard let times = failures[key] else { return [] }
        let cutoff = now.addingTimeInterval(-window)
        let recent = times.filter { $0 > cutoff }
        failures[key] = recent.isEmpty ? nil : recent
        return recent
    }

    // Without this, every address that ever failed once would stay in memory.
    private func purgeOccasionally(now: Date) {
        recordsSincePurge += 1
        guard recordsSincePurge >= 1_000 else { return }
        recordsSincePurge = 0
        let cutoff = now.addingTimeInterval(-window)
        failures = failures.compactMapValues { times in
            let recent = times.filter { $0 > cutoff }
            return recent.isEmpty ? nil : recent
        }
    }
}
