import Foundation
import GRDB

/// The cinema's SQLite database: one per file and one per process.
///
/// ```swift
/// let database = try CinemaDatabase.open(path: "var/marquee.sqlite")  // creates and migrates
/// try await database.ping()
/// ```
///
/// Services (``Accounts``, ``Catalog``, ``Booking``, ``Pricing``, ``MailDelivery``) share one
/// instance. Their queries use `async` reads and writes (``read(_:)``, ``write(_:)`` and
/// GRDB's `write` for admin changes), so no caller blocks a thread while SQLite works,
/// except the booking path's short reads bounded by one showtime or one reservation, which
/// run in place (``readInline(_:)``) because the thread switches cost more than the read.
public final class CinemaDatabase: Sendable {
    /// A `DatabasePool` (WAL) for files, a `DatabaseQueue` for in-memory databases.
    let writer: any DatabaseWriter

    /// The file path, or nil for an in-memory database.
    public let path: String?

    /// Signed-in users by id, for the lookup every request makes (see ``UserCache``).
    let users: UserCache

    /// Booking writes, grouped under shared commits when they arrive together.
    private let groupCommit: GroupCommit

    /// Where ``readInline(_:)`` reads for a file: read-only connections of their own, which
    /// are only ever taken and given back with no suspension in between (see there). Nil in
    /// memory, where it reads on the queue's one connection, which no caller holds across a
    /// suspension either.
    private let inlineReaders: InlineReaders?

    init(writer: any DatabaseWriter, path: String?, inlineReaders: InlineReaders? = nil) {
        self.writer = writer
        self.path = path
        self.inlineReaders = inlineReaders
        self.users = UserCache()
        self.groupCommit = GroupCommit(writer: writer)
        writer.add(transactionObserver: UsersTableObserver(cache: users), extent: .databaseLifetime)
    }

    /// Runs `body` as one write transaction that may share its commit with other calls
    /// arriving at the same moment (see ``GroupCommit``): for the short, frequent writes of
    /// booking, where one `fsync` per commit would otherwise cap bookings a second.
    ///
    /// Each call is a cache-version scope (see ``CacheVersions``), so `body` must not change
    /// the tables the caches watch (prices, seats, showtimes, movies, halls). Booking never
    /// does; admin changes go through GRDB's `write`.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await groupCommit.write { db in try CacheVersions.reading(db) { try body(db) } }
    }

    /// Runs `body` as one read transaction (a snapshot of the last commit), on a reader of
    /// the pool: what GRDB's `read` does, with the transaction's `BEGIN` and `COMMIT`
    /// prepared once per connection (see `Database.inCachedTransaction`) and the caches'
    /// versions read once for the whole transaction (see ``CacheVersions``). The default for
    /// the services' reads; see ``readInline(_:)`` for the short ones of the booking path.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await writer.unsafeRead { db in try Self.snapshot(db, body) }
    }

    /// The same read transaction as ``read(_:)``, run on the calling thread, which waits.
    ///
    /// For reads bounded by one showtime or one reservation that every booking step makes (the
    /// seat map, the checkout page): GRDB's `async` read hops to a queue that hands out
    /// readers, then to the reader's queue, then back, and those thread switches cost more
    /// than the read itself. Not for reads whose size grows with the data (lists, reports):
    /// the caller is usually an event loop, and every connection on it waits too.
    ///
    /// The connections are not the pool's of ``read(_:)``: an `async` read keeps its reader
    /// until its task runs again, maybe on this very thread, so waiting here for one of those
    /// could wait forever. These are only held by calls like this one, which never suspend,
    /// so a caller that finds them all busy waits a moment at most. (In WAL mode a reader
    /// never waits for the writer.)
    func readInline<T>(_ body: (Database) throws -> T) throws -> T {
        guard let inlineReaders else {
            // GRDB's synchronous read runs on this thread.
            return try writer.unsafeRead { db in try Self.snapshot(db, body) }
        }
        return try inlineReaders.read { db in try Self.snapshot(db, body) }
    }

    /// The read transaction of ``read(_:)`` and ``readInline(_:)``: deferred, with `BEGIN` and
    /// `COMMIT` prepared once, and a cache-version scope.
    private static func snapshot<T>(_ db: Database, _ body: (Database) throws -> T) throws -> T {
        try db.inCachedTransaction(.deferred) {
            try CacheVersions.reading(db) { try body(db) }
        }
    }

    /// How many pages the write-ahead log grows to before the writer copies them into the
    /// database file (SQLite's default is 1,000, about 4 MB).
    ///
    /// A checkpoint writes each page once, however often it changed since the last one, and
    /// syncs the file; bookings change the same few pages (the newest rows of each table and
    /// index) over and over. With ten times the pages, the booking storm wrote a quarter fewer
    /// pages and synced a third less often per booking. The log then takes up to about 40 MB.
    static let walCheckpointPages = 10_000

    /// Opens (creating when needed) the database at `path` and migrates it.
    ///
    /// Creates the parent folder, opens a WAL `DatabasePool` with foreign keys on, raises
    /// `synchronous` to FULL (a committed booking survives a power loss), lets the log grow to
    /// ``walCheckpointPages`` between checkpoints, and applies every pending migration.
    public static func open(path: String) throws -> CinemaDatabase {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Another process (the command line) may write while the server runs.
        configuration.busyMode = .timeout(5)
        configuration.label = "Cinema"
        let pool = try DatabasePool(path: path, configuration: configuration)
        // DatabasePool sets synchronous = NORMAL on its writer once opened; FULL must be
        // set again afterwards, on that same writer connection.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(walCheckpointPages)")
        }
        try CinemaMigrator.migrator.migrate(pool)
        // Opened after the migration, which may have created the file and its WAL.
        var inlineConfiguration = Configuration()
        inlineConfiguration.readonly = true
        inlineConfiguration.busyMode = .timeout(5)
        inlineConfiguration.label = "Cinema.inline"
        // One per event loop thread is enough; more callers wait their turn briefly.
        let inlineReaders = try InlineReaders(path: path, configuration: inlineConfiguration, limit: 2)
        return CinemaDatabase(writer: pool, path: path, inlineReaders: inlineReaders)
    }

    /// A fresh, migrated in-memory database, for tests and previews.
    public static func inMemory() throws -> CinemaDatabase {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let queue = try DatabaseQueue(configuration: configuration)
        let database = CinemaDatabase(writer: queue, path: nil)
        try database.migrate()
        return database
    }

    /// Applies the migrations this build knows and the database lacks. Safe to run again.
    public func migrate() throws {
        try CinemaMigrator.migrator.migrate(writer)
    }

    /// Identifiers of the migrations applied to the database, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await read { db in try CinemaMigrator.migrator.appliedMigrations(db) }
    }

    /// True when the cinema has neither halls nor movies yet (nothing seeded or created).
    public func isEmpty() async throws -> Bool {
        try await read { db in
            try Bool.fetchOne(db, sql: """
                SELECT NOT EXISTS (SELECT 1 FROM halls) AND NOT EXISTS (SELECT 1 FROM movies)
                """) ?? true
        }
    }

    /// Checks that the database answers a query, for `/healthz`.
    public func ping() async throws {
        // The shortest read there is: in place, without the hops of an `async` read.
        // Prepared once per connection rather than parsed on every check.
        _ = try readInline { db in try Int.fetchOne(db.cachedStatement(sql: "SELECT 1")) }
    }
}
