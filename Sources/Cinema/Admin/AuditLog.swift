public import Foundation
import GRDB

/// One change an admin made.
public struct AuditEntry: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// The acting admin; nil once that account is deleted.
    public var userID: Int64?
    /// The acting admin's username, if the account still exists.
    public var username: String?
    /// What was done: `create`, `update`, `delete`, `archive`, `unarchive`, `poster`,
    /// `layout`, `cancel`, `move`, `role`, `import`.
    public var action: String
    /// What it was done to (an ``AdminEntity`` raw value: `movie`, `hall`, …).
    public var entity: String
    public var entityID: Int64?
    /// A line for people: what changed ("runtime 118 → 121").
    public var details: String
    public var createdAt: Date

    public init(
        id: Int64, userID: Int64?, username: String?, action: String, entity: String, entityID: Int64?,
        details: String, createdAt: Date
    ) {
        self.id = id
        self.userID = userID
        self.username = username
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.details = details
        self.createdAt = createdAt
    }
}

/// Reads the audit log that every admin operation writes in its own transaction.
///
/// ```swift
/// let entries = try await AuditLog(database: database).recent(limit: 50)
/// ```
public struct AuditLog: Sendable {
    let database: CinemaDatabase

    public init(database: CinemaDatabase) {
        self.database = database
    }

    /// Entries, newest first.
    ///
    /// - Parameters:
    ///   - limit: At most this many (1 to 1000).
    ///   - entity: Only entries about this kind of thing.
    ///   - entityID: Only entries about the thing with this id (with `entity`).
    ///   - actor: Only entries made by this user.
    public func recent(
        limit: Int = 100, entity: AdminEntity? = nil, entityID: Int64? = nil, actor: Int64? = nil
    ) async throws -> [AuditEntry] {
        try await database.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT a.id, a.user_id, u.username, a.action, a.entity, a.entity_id, a.details, a.created_at
                    FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
                    WHERE (?1 IS NULL OR a.entity = ?1) AND (?2 IS NULL OR a.entity_id = ?2)
                      AND (?3 IS NULL OR a.user_id = ?3)
                    ORDER BY a.id DESC LIMIT ?4
                    """),
                arguments: [entity?.rawValue, entityID, actor, min(max(1, limit), 1_000)]
            ).map { row in
                AuditEntry(
                    id: row["id"], userID: row["user_id"], username: row["username"], action: row["action"],
                    entity: row["entity"], entityID: row["entity_id"], details: row["details"],
                    createdAt: row["created_at"])
            }
        }
    }
}
