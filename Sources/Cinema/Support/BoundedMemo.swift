import Foundation

/// Values worked out once per key and remembered, at most ``capacity`` of them (past it the
/// memo starts over), safe to share between threads.
///
/// For results that are pure functions of their key and dear to recompute every time: the
/// claims of a session token that passed the signature check and a CSRF token's HMAC (Web's
/// `SessionSigner` and `CSRFTokens`), the text of a date (``SharedDateFormatters``). Keys may
/// come from requests, hence the bound.
public final class BoundedMemo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // @unchecked: `entries` is only touched while holding `lock`.
    private let lock = NSLock()
    private var entries: [Key: Value] = [:]
    /// How many values are kept at most.
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value kept for `key`, if any.
    public func value(for key: Key) -> Value? {
        lock.withLock { entries[key] }
    }

    /// Keeps `value` for `key`.
    public func keep(_ key: Key, _ value: Value) {
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
    }

    /// The value kept for `key`, or `compute`'s, which is then kept.
    public func value(for key: Key, compute: () -> Value) -> Value {
        if let known = value(for: key) { return known }
        let value = compute()
        keep(key, value)
        return value
    }
}
