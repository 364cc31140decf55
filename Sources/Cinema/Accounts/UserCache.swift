import Foundation
import GRDB

/// Users by id, kept for a few seconds: the session middleware asks for the signed-in user
/// on every request, and that database round trip was a fifth of a booking's server time.
///
/// Never stale for changes made through this process: ``UsersTableObserver`` empties the
/// cache when a transaction that touched `users` commits (a password change, which revokes
/// other sessions, or a role change takes effect on the very next request). A lookup that
/// raced such a commit is not kept (see ``store(_:generation:)``). Changes made by another
/// process reach the cache after at most ``lifetime``.
final class UserCache: @unchecked Sendable {
    // @unchecked: `entries` and `generation` are only touched while holding `lock`.
    private let lock = NSLock()
    private var entries: [Int64: (user: User, expires: ContinuousClock.Instant)] = [:]
    /// Bumped by every ``invalidate()``.
    private var generation = 0
    /// How long a user is kept.
    let lifetime: Duration
    /// At most this many users are kept; past it the cache starts over.
    let capacity: Int

    init(lifetime: Duration = .seconds(5), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    enum Lookup {
        case hit(User)
        /// Read the user, then ``store(_:generation:)`` it with this generation.
        case miss(generation: Int)
    }

    func lookup(_ id: Int64, now: ContinuousClock.Instant = .now) -> Lookup {
        lock.withLock {
            if let entry = entries[id], entry.expires > now { return .hit(entry.user) }
            return .miss(generation: generation)
        }
    }

    /// Keeps `user`, read after a lookup that returned `generation`, unless the cache was
    /// emptied since: then the read may have seen the table before that commit.
    func store(_ user: User, generation: Int, now: ContinuousClock.Instant = .now) {
        lock.withLock {
            guard generation == self.generation else { return }
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[user.id] = (user, now + lifetime)
        }
    }

    /// Forgets every user.
    func invalidate() {
        lock.withLock {
            generation &+= 1
            entries.removeAll(keepingCapacity: true)
        }
    }
}

/// Empties a ``UserCache`` whenever a transaction that changed `users` commits on the
/// database's writer connection (every write of this process goes through it).
final class UsersTableObserver: TransactionObserver {
    private let cache: UserCache
    /// Whether the transaction in progress changed `users` (used on the writer's queue only).
    private var changed = false

    init(cache: UserCache) {
        self.cache = cache
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        eventKind.tableName == "users"
    }

    func databaseDidChange(with event: DatabaseEvent) {
        changed = true
    }

    func databaseDidCommit(_ db: Database) {
        if changed {
            changed = false
            cache.invalidate()
        }
    }

    func databaseDidRollback(_ db: Database) {
        changed = false
    }
}
