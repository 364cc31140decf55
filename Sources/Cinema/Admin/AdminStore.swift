import Foundation
import GRDB

/// SQL shared by the admin services, run inside their write transactions.
enum AdminStore {
    /// Throws ``AdminError/notAuthorized`` unless `actor` is an admin right now.
    ///
    /// Checked in the writing transaction itself: a role taken away a moment ago counts,
    /// whatever the caller's session token still says.
    static func requireAdmin(_ db: Database, actor: Int64) throws {
        let role = try String.fetchOne(
            db.cachedStatement(sql: "SELECT role FROM users WHERE id = ?"), arguments: [actor])
        guard role == Role.admin.rawValue else { throw AdminError.notAuthorized }
    }

    /// Appends an audit entry in the caller's transaction, so it exists exactly when the
    /// change it records was committed.
    static func audit(
        _ db: Database, actor: Int64, action: String, entity: AdminEntity, entityID: Int64?,
        details: String, now: Date
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO audit_log (user_id, action, entity, entity_id, details, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [actor, action, entity.rawValue, entityID, String(details.prefix(4_000)), now])
    }

    /// True when `table` has a row with this id.
    static func exists(_ db: Database, table: String, id: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE id = ?)", arguments: [id]) ?? false
    }
}
