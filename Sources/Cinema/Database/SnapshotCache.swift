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
    let name: String
    /// How many values are kept at most; past it the cache starts over (keys may come from
    /// requests, such as a showtime id in a URL).
    let maximumCount: Int

    init(versionRow name: String, maximumCount: Int = .max) {
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

/// The `cache_versions` rows, read once for a whole transaction instead of once per cache use.
///
/// A booking step uses three caches (prices, a hall's seats, a showtime), each checking its
/// version row: three statements per transaction, a dozen per booking, where one does.
/// Inside ``reading(_:_:)`` every ``SnapshotCache`` takes its version from the rows read
/// when the scope began, in the same transaction; elsewhere each reads its own row.
///
/// A scope must not change the tables the caches watch and then use those caches (their
/// versions would be the ones from before the change): booking's reads and writes never
/// change prices, seats, showtimes, movies or halls.
final class CacheVersions: @unchecked Sendable {
    // @unchecked: `scopes` is only touched while holding `lock`.
    private let lock = NSLock()
    /// Versions by connection, for the connections inside a scope.
    private var scopes: [ObjectIdentifier: [String: Int64]] = [:]

    private static let shared = CacheVersions()

    /// Runs `body` with every version read now, in one statement (inside another scope on
    /// the same connection, with that scope's).
    static func reading<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let connection = ObjectIdentifier(db)
        if shared.lock.withLock({ shared.scopes[connection] != nil }) { return try body() }
        var versions: [String: Int64] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT name, version FROM cache_versions")) {
            versions[row[0]] = row[1]
        }
        shared.lock.withLock { shared.scopes[connection] = versions }
        defer { shared.lock.withLock { shared.scopes[connection] = nil } }
        return try body()
    }

    /// The version of row `name` as `db` sees it: from the scope's rows inside a scope, else
    /// read now.
    static func version(_ db: Database, _ name: String) throws -> Int64? {
        if let versions = shared.lock.withLock({ shared.scopes[ObjectIdentifier(db)] }) {
            return versions[name]
        }
        return try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT version FROM cache_versions WHERE name = ?"), arguments: [name])
    }
}
