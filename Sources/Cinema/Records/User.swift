public import Foundation
import GRDB

/// What a user may do on the site.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// A moviegoer: browses and books.
    case customer
    /// Watches the occupancy dashboard.
    case staff
    /// Runs the catalogue, halls, showtimes, prices and users.
    case admin

    /// True for staff and admins.
    public var isStaff: Bool { self != .customer }

    /// A label for pages ("Customer", "Staff", "Admin").
    public var displayName: String {
        switch self {
        case .customer: "Customer"
        case .staff: "Staff"
        case .admin: "Admin"
        }
    }
}

/// A signed-up account, without its password hash.
public struct User: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// Unique regardless of case; shown as typed at sign-up.
    public var username: String
    public var email: String
    public var role: Role
    /// Bumps when the password changes: a session token carrying an older version is revoked.
    public var sessionVersion: Int
    public var createdAt: Date

    public init(id: Int64, username: String, email: String, role: Role, sessionVersion: Int, createdAt: Date) {
        self.id = id
        self.username = username
        self.email = email
        self.role = role
        self.sessionVersion = sessionVersion
        self.createdAt = createdAt
    }
}

extension User {
    /// Columns of `users` that ``init(row:)`` reads.
    static let columns = "id, username, email, role, session_version, created_at"

    init(row: Row) {
        self.init(
            id: row["id"],
            username: row["username"],
            email: row["email"],
            role: Role(rawValue: row["role"]) ?? .customer,
            sessionVersion: row["session_version"],
            createdAt: row["created_at"])
    }
}
