public import Foundation
import GRDB

/// Which users the admin list shows.
public struct AdminUserQuery: Sendable, Hashable {
    /// Matches usernames and e-mail addresses containing the text (any case).
    public var search: String?
    public var role: Role?
    /// 1-based.
    public var page: Int
    /// 1 to 200.
    public var perPage: Int

    public init(search: String? = nil, role: Role? = nil, page: Int = 1, perPage: Int = 50) {
        self.search = search
        self.role = role
        self.page = page
        self.perPage = perPage
    }
}

/// A user as the admin list shows it.
public struct AdminUserRow: Sendable, Hashable, Identifiable {
    public var user: User
    /// Reservations ever confirmed (including ones cancelled since).
    public var bookings: Int
    /// Confirmed bookings for showtimes that have not started.
    public var upcomingBookings: Int

    public init(user: User, bookings: Int, upcomingBookings: Int) {
        self.user = user
        self.bookings = bookings
        self.upcomingBookings = upcomingBookings
    }

    public var id: Int64 { user.id }
}

/// One page of the admin user list.
/// One page of a user's reservations, for the admin user page.
public struct AdminReservationPage: Sendable, Hashable {
    public var items: [AdminReservationRow]
    /// How many reservations the user has on all pages.
    public var total: Int
    /// Which page ``items`` is, from 1.
    public var page: Int
    public var perPage: Int

    public init(items: [AdminReservationRow], total: Int, page: Int, perPage: Int) {
        self.items = items
        self.total = total
        self.page = page
        self.perPage = perPage
    }

    /// Number of pages (at least 1).
    public var pageCount: Int { Paging.pageCount(total: total, perPage: perPage) }
}

public struct AdminUserPage: Sendable, Hashable {
    public var items: [AdminUserRow]
    public var total: Int
    public var page: Int
    public var perPage: Int
    /// How many admins there are (the last one cannot be demoted).
    public var adminCount: Int

    public init(items: [AdminUserRow], total: Int, page: Int, perPage: Int, adminCount: Int) {
        self.items = items
        self.total = total
        self.page = page
        self.perPage = perPage
        self.adminCount = adminCount
    }

    public var pageCount: Int { Paging.pageCount(total: total, perPage: perPage) }
    public var hasPrevious: Bool { page > 1 }
    public var hasNext: Bool { page < pageCount }
}

/// Users for the admin pages: list and search, one user with their reservations, change a role.
public struct AdminUsers: Sendable {
    let database: CinemaDatabase

    public init(database: CinemaDatabase) {
        self.database = database
    }

    /// A page of users by username.
    ///
    /// - Parameters:
    ///   - now: Bookings for showtimes starting after `now` count as upcoming.
    public func users(_ query: AdminUserQuery, now: Date) async throws -> AdminUserPage {
        let page = max(1, query.page)
        let perPage = min(max(1, query.perPage), 200)
        return try await database.read { db in
            var conditions: [String] = []
            var arguments = StatementArguments()
            if let search = query.search?.trimmingCharacters(in: .whitespacesAndNewlines), !search.isEmpty {
                let pattern = "%" + AdminCatalog.likePrefix(search)
                conditions.append("(u.username LIKE ? ESCAPE '\\' OR u.email LIKE ? ESCAPE '\\')")
                arguments += [pattern, pattern]
            }
            if let role = query.role {
                conditions.append("u.role = ?")
                arguments += [role.rawValue]
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(User.columns.split(separator: ",").map { "u." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")),
                           (SELECT COUNT(*) FROM reservations r WHERE r.user_id = u.id AND r.confirmed_at IS NOT NULL) AS bookings,
                           (SELECT COUNT(*) FROM reservations r JOIN showtimes s ON s.id = r.showtime_id
                             WHERE r.user_id = u.id AND r.status = 'confirmed' AND s.status = 'scheduled' AND s.starts_at > ?1
                           ) AS upcoming
                    FROM users u
                    \(whereClause)
                    ORDER BY u.username COLLATE NOCASE, u.id
                    LIMIT ? OFFSET ?
                    """,
                // `?1` is `now`; the unnumbered parameters after it are 2, 3, …
                arguments: [now] + arguments + [perPage, Paging.offset(page: page, perPage: perPage)])
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users u \(whereClause)", arguments: arguments) ?? 0
            return AdminUserPage(
                items: rows.map { AdminUserRow(user: User(row: $0), bookings: $0["bookings"], upcomingBookings: $0["upcoming"]) },
                total: total, page: page, perPage: perPage, adminCount: try Self.adminCount(db))
        }
    }

    /// One user's row (for a user detail page), or nil.
    public func user(id: Int64, now: Date) async throws -> AdminUserRow? {
        try await database.read { db in
            guard let user = try Row.fetchOne(db, sql: "SELECT \(User.columns) FROM users WHERE id = ?", arguments: [id])
                .map(User.init(row:))
            else { return nil }
            let counts = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT COUNT(*) FROM reservations WHERE user_id = ?1 AND confirmed_at IS NOT NULL) AS bookings,
                           (SELECT COUNT(*) FROM reservations r JOIN showtimes s ON s.id = r.showtime_id
                             WHERE r.user_id = ?1 AND r.status = 'confirmed' AND s.status = 'scheduled' AND s.starts_at > ?2
                           ) AS upcoming
                    """,
                arguments: [id, now])
            return AdminUserRow(user: user, bookings: counts?["bookings"] ?? 0, upcomingBookings: counts?["upcoming"] ?? 0)
        }
    }

    /// One page of a user's reservations (any status), the latest showtime first: a regular
    /// customer's list grows for as long as the account lives.
    /// - Parameters:
    ///   - page: From 1; a page past the last gives the last (``AdminReservationPage/page``
    ///     says which was given).
    ///   - perPage: Reservations per page.
    public func reservations(userID: Int64, page: Int = 1, perPage: Int = 25) async throws -> AdminReservationPage {
        let perPage = max(1, perPage)
        return try await database.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reservations WHERE user_id = ?", arguments: [userID]) ?? 0
            let page = Paging.page(page, total: total, perPage: perPage)
            let items = try AdminReservationRow.fetchAll(
                db, whereSQL: "WHERE r.user_id = ?", arguments: [userID, perPage, Paging.offset(page: page, perPage: perPage)],
                orderSQL: "ORDER BY s.starts_at DESC, r.id DESC LIMIT ? OFFSET ?")
            return AdminReservationPage(items: items, total: total, page: page, perPage: perPage)
        }
    }

    /// Gives a user another role and signs them out everywhere (their session version bumps,
    /// so tokens carrying the old role stop working). Giving the same role changes nothing.
    ///
    /// - Throws: ``AdminError/lastAdmin`` when this would leave no admin (checked inside the
    ///   write transaction, so two admins demoting each other cannot both succeed);
    ///   ``AdminError/notFound(_:)``, ``AdminError/notAuthorized``.
    @discardableResult
    public func changeRole(userID: Int64, to role: Role, actor: Int64, now: Date) async throws -> User {
        try await database.writer.write { db in
            try AdminStore.requireAdmin(db, actor: actor)
            guard let user = try Row.fetchOne(db, sql: "SELECT \(User.columns) FROM users WHERE id = ?", arguments: [userID])
                .map(User.init(row:))
            else { throw AdminError.notFound(.user) }
            guard user.role != role else { return user }
            if user.role == .admin, try Self.adminCount(db) <= 1 {
                throw AdminError.lastAdmin
            }
            try db.execute(
                sql: "UPDATE users SET role = ?, session_version = session_version + 1, updated_at = ? WHERE id = ?",
                arguments: [role.rawValue, now, userID])
            try AdminStore.audit(
                db, actor: actor, action: "role", entity: .user, entityID: userID,
                details: "\(user.username): \(user.role.rawValue) → \(role.rawValue)", now: now)
            var changed = user
            changed.role = role
            changed.sessionVersion += 1
            return changed
        }
    }

    static func adminCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE role = 'admin'") ?? 0
    }
}
