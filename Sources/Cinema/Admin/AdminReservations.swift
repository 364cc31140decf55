public import Foundation
import GRDB

/// Reservations for the admin pages: a showtime's seats with who has them, a user's
/// reservations, and cancelling one.
public struct AdminReservations: Sendable {
    let database: CinemaDatabase
    let settings: CinemaSettings

    public init(database: CinemaDatabase, settings: CinemaSettings) {
        self.database = database
        self.settings = settings
    }

    /// A showtime's seat map with each seat's holder or booker, and its reservations; nil
    /// when there is no such showtime.
    ///
    /// - Parameters:
    ///   - now: Holds that ran out by `now` count as free seats.
    public func seating(showtimeID: Int64, now: Date) async throws -> ShowtimeSeating? {
        try await database.read { db in
            guard let showtime = try ShowtimeListing.fetchOne(db, id: showtimeID, now: now)
            else { return nil }
            var occupants: [Int64: ShowtimeSeating.Occupant] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT c.seat_id, r.user_id, u.username, r.code, r.status
                    FROM seat_claims c
                    JOIN reservations r ON r.id = c.reservation_id
                    JOIN users u ON u.id = r.user_id
                    WHERE c.showtime_id = ?1 AND \(SeatClaim.liveSQL(now: "?2"))
                    """,
                arguments: [showtimeID, now]) {
                occupants[row["seat_id"]] = ShowtimeSeating.Occupant(
                    userID: row["user_id"], username: row["username"], reservationCode: row["code"],
                    status: ReservationStatus(rawValue: row["status"]) ?? .held)
            }
            var gridRows = 0
            var gridCols = 0
            let seats = try Catalog.hallSeats(db, hallID: showtime.hallID).map { seat -> ShowtimeSeating.Seat in
                gridRows = max(gridRows, seat.gridRow + 1)
                gridCols = max(gridCols, seat.gridCol + 1)
                return ShowtimeSeating.Seat(
                    id: seat.id, rowLabel: seat.rowLabel, number: seat.number, gridRow: seat.gridRow,
                    gridCol: seat.gridCol, category: seat.category, blocked: seat.blocked, occupant: occupants[seat.id])
            }
            let reservations = try AdminReservationRow.fetchAll(
                db, whereSQL: "WHERE r.showtime_id = ?", arguments: [showtimeID], orderSQL: "ORDER BY r.id DESC")
            return ShowtimeSeating(
                showtime: showtime, seats: seats, gridRows: gridRows, gridCols: gridCols, reservations: reservations)
        }
    }

    /// The reservation with this code (any case, with or without the dash), or nil.
    public func reservation(code: String) async throws -> AdminReservationRow? {
        try await database.read { db in
            try AdminReservationRow.fetchAll(
                db, whereSQL: "WHERE r.code = ?", arguments: [BookingCode.normalize(code)], orderSQL: "").first
        }
    }

    /// Cancels someone's booking or live hold: its seats are free at once and, for a
    /// confirmed booking, a cancellation mail goes to its customer. Admins may cancel at any
    /// time, even after the showtime started.
    ///
    /// - Throws: ``AdminError/reservationNotActive(_:)`` for a reservation already cancelled
    ///   or expired (a hold that ran out is marked expired), ``AdminError/notFound(_:)``,
    ///   ``AdminError/notAuthorized``.
    @discardableResult
    public func cancel(code: String, actor: Int64, now: Date) async throws -> AdminReservationRow {
        let composer = MailComposer(settings: settings)
        let text = LocalTimeText(settings: settings)
        enum Outcome: Sendable {
            case cancelled(AdminReservationRow)
            case expired
        }
        let outcome = try await database.writer.write { db -> Outcome in
            try AdminStore.requireAdmin(db, actor: actor)
            guard let reservation = try Reservation.fetchAll(db, "WHERE code = ?", arguments: [BookingCode.normalize(code)]).first
            else { throw AdminError.notFound(.reservation) }
            switch reservation.status {
            case .cancelled, .expired:
                throw AdminError.reservationNotActive(reservation.status)
            case .held where !reservation.isLiveHold(at: now):
                // Committed, unlike a throw: the hold is over whatever happens next.
                try BookingStore.release(db, reservationID: reservation.id, status: .expired, now: now)
                return .expired
            case .held, .confirmed:
                break
            }
            try BookingStore.release(db, reservationID: reservation.id, status: .cancelled, now: now)
            var mailed = false
            if reservation.status == .confirmed,
               let detail = try BookingStore.detail(db, reservationID: reservation.id) {
                mailed = try OutboxMessage.enqueue(db, .cancellation, about: detail, now: now) {
                    composer.cancelledByCinema(detail, username: $0)
                }
            }
            guard let row = try AdminReservationRow.fetchAll(
                db, whereSQL: "WHERE r.id = ?", arguments: [reservation.id], orderSQL: "").first
            else { throw AdminError.notFound(.reservation) }
            try AdminStore.audit(
                db, actor: actor, action: "cancel", entity: .reservation, entityID: reservation.id,
                details: "\(row.code) of \(row.username) (\(reservation.status.rawValue)) for “\(row.movieTitle)” on "
                    + "\(text.long(row.startsAt)), seats \(row.seatLabels.joined(separator: " "))"
                    + (mailed ? "; mail queued" : ""),
                now: now)
            return .cancelled(row)
        }
        switch outcome {
        case .cancelled(let row): return row
        case .expired: throw AdminError.reservationNotActive(.expired)
        }
    }
}
