import Foundation
import GRDB

/// The `cache_versions` rows, read once for a whole transaction instead of once per cache use.
///
/// A booking step uses three caches (prices, a hall's seats, a showtime), each checking its
/// version row: three statements per transaction, a dozen per booking, where one does.
/// Inside ``reading(_:_:)`` every ``SnapshotCache`` takes its version from the rows read
/// when the scope began, in the same transaction; elsewhere each reads its own row. Every
/// read transaction (``CinemaDatabase/read(_:)``) is a scope, and so is every booking write
/// (``CinemaDatabase/write(_:)``).
///
/// A write scope must not change the tables the caches watch and then use those caches
/// (their versions would be the ones from before the change): booking's writes never change
/// prices, seats, showtimes, movies or halls. Admin writes, which do, are not scopes.
final class CacheVersions: @unchecked Sendable {
    /// The rows of `cache_versions`, one per group of watched tables
    /// (`CinemaMigrator.cacheVersionTables`).
    enum Name: String, CaseIterable, Sendable {
        case prices, seats, showtimes
    }

    /// Every row's version, by ``Name``: read in one statement of one row, into a fixed
    /// record rather than a dictionary keyed by text (a dictionary and three strings per
    /// transaction showed in the booking storm's profile).
    struct Versions {
        var prices: Int64?
        var seats: Int64?
        var showtimes: Int64?

        subscript(name: Name) -> Int64? {
            switch name {
            case .prices: prices
            case .seats: seats
            case .showtimes: showtimes
            }
        }

        static let sql = """
            SELECT (SELECT version FROM cache_versions WHERE name = 'prices'),
                   (SELECT version FROM cache_versions WHERE name = 'seats'),
                   (SELECT version FROM cache_versions WHERE name = 'showtimes')
            """
    }

    /// A connection's scope: open, and its rows once the first cache asked.
    private enum Scope {
        case open
        case read(Versions)
    }

    // @unchecked: `scopes` is only touched while holding `lock`.
    private let lock = NSLock()
    /// Scopes by connection, for the connections inside one.
    private var scopes: [ObjectIdentifier: Scope] = [:]

    private static let shared = CacheVersions()

    /// Runs `body` as a scope: the first cache used in it reads every version, in one
    /// statement, for the rest of it (a transaction that uses no cache reads none). Inside
    /// another scope on the same connection, `body` runs in that one.
    static func reading<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let connection = ObjectIdentifier(db)
        let opened = shared.lock.withLock { () -> Bool in
            guard shared.scopes[connection] == nil else { return false }
            shared.scopes[connection] = .open
            return true
        }
        guard opened else { return try body() }
        defer { shared.lock.withLock { shared.scopes[connection] = nil } }
        return try body()
    }

    /// The version of row `name` as `db` sees it: from the scope's rows inside a scope, else
    /// read now.
    static func version(_ db: Database, _ name: Name) throws -> Int64? {
        let connection = ObjectIdentifier(db)
        switch shared.lock.withLock({ shared.scopes[connection] }) {
        case .read(let versions):
            return versions[name]
        case .open:
            var versions = Versions()
            try db.cachedStatement(sql: Versions.sql).forEachRow { row in
                versions = Versions(prices: row.optionalInt64(0), seats: row.optionalInt64(1), showtimes: row.optionalInt64(2))
            }
            shared.lock.withLock { shared.scopes[connection] = .read(versions) }
            return versions[name]
        case nil:
            return try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT version FROM cache_versions WHERE name = ?"), arguments: [name.rawValue])
        }
    }
}
