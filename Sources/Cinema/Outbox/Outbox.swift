import GRDB

/// Reads the outbox, for the admin pages and for tests.
public struct Outbox: Sendable {
    let database: CinemaDatabase

    public init(database: CinemaDatabase) {
        self.database = database
    }

    /// Messages, newest first.
    public func messages(limit: Int = 100) async throws -> [OutboxMessage] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(OutboxMessage.columns) FROM outbox ORDER BY id DESC LIMIT ?",
                arguments: [max(1, limit)]
            ).map(OutboxMessage.init(row:))
        }
    }

    /// Messages not delivered yet.
    public func pendingCount() async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") ?? 0
        }
    }
}
