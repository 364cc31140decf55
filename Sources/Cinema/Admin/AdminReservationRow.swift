public import Foundation
import GRDB

/// A reservation as the admin lists show it (per user, per showtime).
public struct AdminReservationRow: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var code: String
    public var status: ReservationStatus
    public var userID: Int64
    public var username: String
    public var email: String
    public var showtimeID: Int64
    public var movieTitle: String
    public var hallName: String
    public var startsAt: Date
    public var showtimeStatus: ShowtimeStatus
    /// "F11", "F12", … in grid order.
    public var seatLabels: [String]
    public var totalCents: Int
    public var holdExpiresAt: Date?
    public var createdAt: Date
    public var confirmedAt: Date?
    public var cancelledAt: Date?

    public init(
        id: Int64, code: String, status: ReservationStatus, userID: Int64, username: String, email: String,
        showtimeID: Int64, movieTitle: String, hallName: String, startsAt: Date, showtimeStatus: ShowtimeStatus,
        seatLabels: [String], totalCents: Int, holdExpiresAt: Date?, createdAt: Date, confirmedAt: Date?,
        cancelledAt: Date?
    ) {
        self.id = id
        self.code = code
        self.status = status
        self.userID = userID
        self.username = username
        self.email = email
        self.showtimeID = showtimeID
        self.movieTitle = movieTitle
        self.hallName = hallName
        self.startsAt = startsAt
        self.showtimeStatus = showtimeStatus
        self.seatLabels = seatLabels
        self.totalCents = totalCents
        self.holdExpiresAt = holdExpiresAt
        self.createdAt = createdAt
        self.confirmedAt = confirmedAt
        self.cancelledAt = cancelledAt
    }

    /// True for a confirmed booking, or a hold that has not run out at `now`.
    public func isLive(at now: Date) -> Bool {
        status == .confirmed || (status == .held && (holdExpiresAt.map { $0 > now } ?? false))
    }

    /// True when an admin can cancel it at `now`.
    public func isCancellable(at now: Date) -> Bool { isLive(at: now) }
}

extension AdminReservationRow {
    /// Rows matching `whereSQL` (on `r`, `s`, `u`), ordered by `orderSQL`.
    static func fetchAll(
        _ db: Database, whereSQL: String, arguments: StatementArguments, orderSQL: String
    ) throws -> [AdminReservationRow] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT r.id, r.code, r.status, r.user_id, u.username, u.email, r.showtime_id, m.title, h.name AS hall_name,
                       s.starts_at, s.status AS showtime_status, r.total_cents, r.hold_expires_at, r.created_at,
                       r.confirmed_at, r.cancelled_at
                FROM reservations r
                JOIN users u ON u.id = r.user_id
                JOIN showtimes s ON s.id = r.showtime_id
                JOIN movies m ON m.id = s.movie_id
                JOIN halls h ON h.id = s.hall_id
                \(whereSQL)
                \(orderSQL)
                """,
            arguments: arguments)
        guard !rows.isEmpty else { return [] }
        let ids = rows.map { $0["id"] as Int64 }
        var labels: [Int64: [String]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT rs.reservation_id, st.row_label, st.number FROM reservation_seats rs JOIN seats st ON st.id = rs.seat_id
                WHERE rs.reservation_id IN (\(databaseQuestionMarks(count: ids.count)))
                ORDER BY st.grid_row, st.grid_col
                """,
            arguments: StatementArguments(ids)) {
            labels[row["reservation_id"], default: []].append("\(row["row_label"] as String)\(row["number"] as Int)")
        }
        return rows.map { row in
            let id: Int64 = row["id"]
            return AdminReservationRow(
                id: id, code: row["code"], status: ReservationStatus(rawValue: row["status"]) ?? .expired,
                userID: row["user_id"], username: row["username"], email: row["email"], showtimeID: row["showtime_id"],
                movieTitle: row["title"], hallName: row["hall_name"], startsAt: row["starts_at"],
                showtimeStatus: ShowtimeStatus(rawValue: row["showtime_status"]) ?? .cancelled,
                seatLabels: labels[id] ?? [], totalCents: row["total_cents"], holdExpiresAt: row["hold_expires_at"],
                createdAt: row["created_at"], confirmedAt: row["confirmed_at"], cancelledAt: row["cancelled_at"])
        }
    }
}
