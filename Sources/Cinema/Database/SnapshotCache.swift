import Foundation
import GRDB

/// Values worked out from tables that rarely change (prices, a hall's seats), kept in memory
/// for as long as the tables' row in `cache_versions` keeps its value.
///
/// Triggers give that row a new random value whenever one of its tables changes (migration
/// `v2-cache-versions`). The row is read in the same transaction, so the same snapshot, as
/// the data a miss reads: a kept value is exactly what the tables held at that version,
/// whichever connection, transaction or process changed them. Random values rather than a
/// counter make the version tell databases apart too (tests open many in one process).
/// A change rolled back leaves an entry under a version that never comes back: a miss, not
/// a stale answer.
final class SnapshotCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // @unchecked: `version` and `values` are only touched while holding `lock`.
    private let lock = NSLock()
    private var version: Int64?
    private var values: [Key: Value] = [:]
    /// The `cache_versions` row that guards this cache.
    let name: CacheVersions.Name
    /// How many values are kept at most; past it the cache starts over (keys may come from
    /// requests, such as a showtime id in a URL).
    let maximumCount: Int

    init(versionRow name: CacheVersions.Name, maximumCount: Int = .max) {
        self.name = name
        self.maximumCount = maximumCount
    }

    /// The value for `key` at the version `db` sees, computed by `compute` on a miss.
    func value(_ db: Database, for key: Key, compute: (Database) throws -> Value) throws -> Value {
        let current = try CacheVersions.version(db, name)
        if let current, let hit = lock.withLock({ version == current ? values[key] : nil }) {
            return hit
        }
        let value = try compute(db)
        if let current {
            lock.withLock {
                if version != current || values.count >= maximumCount {
                    version = current
                    values.removeAll()
                }
                values[key] = value
            }
        }
        return value
    }
}
