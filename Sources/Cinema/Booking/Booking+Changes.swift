public import Foundation
import GRDB

extension Booking {
    /// Moves a confirmed, upcoming booking to other seats of the same showtime.
    ///
    /// The new seats are claimed before the old ones are let go, in one transaction: when a
    /// new seat is taken, nothing changes and the booking keeps its old seats. Seats in both
    /// sets stay claimed throughout. Ticket types carry over in seat order (seats kept keep
    /// theirs), prices are recomputed and an updated confirmation mail is queued.
    ///
    /// - Parameters:
    ///   - newSeatIDs: As many seats as the booking has.
    /// - Throws: ``BookingError/seatsTaken(_:)``, ``BookingError/seatCountMismatch(expected:)``,
    ///   ``BookingError/notConfirmed``, ``BookingError/showtimeStarted``,
    ///   ``BookingError/unknownSeats``, ``BookingError/seatBlocked(_:)``,
    ///   ``BookingError/reservationNotFound``.
    public func changeSeats(code: String, userID: Int64, newSeatIDs: [Int64], now: Date) async throws -> ReservationDetail {
        let newSeatIDs = Array(Set(newSeatIDs)).sorted()
        guard !newSeatIDs.isEmpty else { throw BookingError.noSeatsChosen }
        let composer = MailComposer(settings: settings)
        return try await database.write { db in
            guard let (reservation, booked) = try BookingStore.reservationWithSeats(db, code: code, userID: userID) else {
                throw BookingError.reservationNotFound
            }
            guard reservation.status == .confirmed else { throw BookingError.notConfirmed }
            guard let showtime = try ScheduledShowtime.fetchOne(db, id: reservation.showtimeID),
                  showtime.isBookable(at: now)
            else { throw BookingError.showtimeStarted }

            let oldSeats = booked.map(\.seat)
            guard newSeatIDs.count == oldSeats.count else {
                throw BookingError.seatCountMismatch(expected: oldSeats.count)
            }
            let newSeats = try BookingStore.sellableSeats(db, ids: newSeatIDs, hallID: showtime.hallID)
            let oldIDs = Set(oldSeats.map(\.id))
            let newIDs = Set(newSeatIDs)
            let added = newSeats.filter { !oldIDs.contains($0.id) }
            let removed = oldSeats.filter { !newIDs.contains($0.id) }
            guard !added.isEmpty else {
                // Same seats: nothing to do.
                guard let detail = try BookingStore.detail(db, reservationID: reservation.id) else {
                    throw BookingError.reservationNotFound
                }
                return detail
            }

            // 1. Claim the new seats first; if one is taken, the throw rolls everything back.
            try BookingStore.releaseStaleHolds(db, showtimeID: showtime.id, now: now)
            try BookingStore.claim(
                db, seats: added, showtimeID: showtime.id, reservationID: reservation.id, userID: reservation.userID, heldUntil: nil)

            // 2. Only then let the old ones go. A new seat takes the ticket type of the seat it
            // replaces; kept seats keep theirs.
            var types: [Int64: TicketType?] = Dictionary(uniqueKeysWithValues: booked.map { ($0.seat.id, $0.ticketType) })
            for (seat, replaced) in zip(added, removed) { types[seat.id] = types[replaced.id] ?? nil }
            for seat in removed {
                try db.executeCached(
                    sql: "DELETE FROM seat_claims WHERE showtime_id = ? AND seat_id = ? AND reservation_id = ?",
                    arguments: [showtime.id, seat.id, reservation.id])
                try db.executeCached(
                    sql: "DELETE FROM reservation_seats WHERE reservation_id = ? AND seat_id = ?",
                    arguments: [reservation.id, seat.id])
            }
            for seat in added {
                try db.executeCached(
                    sql: "INSERT INTO reservation_seats (reservation_id, seat_id, ticket_type_id, price_cents) VALUES (?, ?, ?, 0)",
                    arguments: [reservation.id, seat.id, (types[seat.id] ?? nil)?.id])
            }

            // 3. Reprice: a VIP seat costs more than a standard one. Seats without a type yet
            // get the format's default.
            let prices = try PriceTable.fetch(db)
            let defaultType = prices.defaultTicketType(for: showtime.format)
            try BookingStore.price(
                db, reservationID: reservation.id, seats: newSeats,
                types: Dictionary(uniqueKeysWithValues: newSeats.compactMap { seat in
                    ((types[seat.id] ?? nil) ?? defaultType).map { (seat.id, $0) }
                }),
                format: showtime.format,
                prices: prices, now: now)

            guard let detail = try BookingStore.detail(db, reservationID: reservation.id) else {
                throw BookingError.reservationNotFound
            }
            try OutboxMessage.enqueue(db, .confirmation, about: detail, now: now) {
                composer.confirmation(detail, username: $0, changed: true)
            }
            return detail
        }
    }

    /// Cancels a booking until its showtime starts: the seats are free at once and a
    /// cancellation mail is queued. Cancelling a hold releases it (no mail); cancelling
    /// twice changes nothing.
    ///
    /// - Throws: ``BookingError/showtimeStarted``, ``BookingError/notConfirmed`` (an expired
    ///   hold), ``BookingError/reservationNotFound``.
    public func cancel(code: String, userID: Int64, now: Date) async throws -> ReservationDetail {
        let composer = MailComposer(settings: settings)
        return try await database.write { db in
            let reservation = try BookingStore.ownedReservation(db, code: code, userID: userID)
            switch reservation.status {
            case .cancelled:
                break
            case .expired:
                throw BookingError.notConfirmed
            case .held:
                try BookingStore.release(db, reservationID: reservation.id, status: .cancelled, now: now)
            case .confirmed:
                guard let showtime = try ScheduledShowtime.fetchOne(db, id: reservation.showtimeID),
                      showtime.startsAt > now
                else { throw BookingError.showtimeStarted }
                try BookingStore.release(db, reservationID: reservation.id, status: .cancelled, now: now)
                if let detail = try BookingStore.detail(db, reservationID: reservation.id) {
                    try OutboxMessage.enqueue(db, .cancellation, about: detail, now: now) {
                        composer.cancellation(detail, username: $0)
                    }
                }
            }
            guard let detail = try BookingStore.detail(db, reservationID: reservation.id) else {
                throw BookingError.reservationNotFound
            }
            return detail
        }
    }

    /// The user's reservations: all upcoming ones (showtime not started) and one page of past
    /// ones, latest first. Expired holds and holds past their expiry are left out.
    ///
    /// Upcoming bookings are as many as the schedule ahead allows; past ones grow with every
    /// visit for as long as the account lives, so they come a page at a time.
    /// - Parameters:
    ///   - pastPage: The page of past reservations, from 1; a page past the last gives the
    ///     last (``ReservationList/pastPage`` says which was given).
    ///   - pastPageSize: Past reservations per page.
    public func reservations(userID: Int64, now: Date, pastPage: Int = 1, pastPageSize: Int = 20) async throws -> ReservationList {
        let pageSize = max(1, pastPageSize)
        return try await database.read { db in
            let listed = "r.user_id = ?1 AND (r.status IN ('confirmed', 'cancelled') OR \(Reservation.liveHoldSQL(now: "?2")))"
            let select = """
                SELECT r.id, r.code, r.status, r.showtime_id, r.total_cents, r.hold_expires_at,
                       s.starts_at, s.movie_id, m.title, m.poster_path, h.name AS hall_name, h.format
                FROM reservations r
                JOIN showtimes s ON s.id = r.showtime_id
                JOIN movies m ON m.id = s.movie_id
                JOIN halls h ON h.id = s.hall_id
                """
            let upcomingRows = try Row.fetchAll(
                db.cachedStatement(sql: "\(select) WHERE \(listed) AND s.starts_at > ?2 ORDER BY s.starts_at, r.id"),
                arguments: [userID, now])
            let pastCount = try Int.fetchOne(
                db.cachedStatement(sql: """
                    SELECT COUNT(*) FROM reservations r JOIN showtimes s ON s.id = r.showtime_id
                    WHERE \(listed) AND s.starts_at <= ?2
                    """),
                arguments: [userID, now]) ?? 0
            let page = Paging.page(pastPage, total: pastCount, perPage: pageSize)
            let pastRows = try Row.fetchAll(
                db.cachedStatement(sql: "\(select) WHERE \(listed) AND s.starts_at <= ?2 ORDER BY s.starts_at DESC, r.id DESC LIMIT ?3 OFFSET ?4"),
                arguments: [userID, now, pageSize, Paging.offset(page: page, perPage: pageSize)])

            // The seats of the reservations shown, not of every one the user ever made.
            var labels: [Int64: [String]] = [:]
            let shown: [Int64] = (upcomingRows + pastRows).map { $0["id"] }
            if !shown.isEmpty {
                let seatRows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT rs.reservation_id, st.row_label, st.number
                        FROM reservation_seats rs
                        JOIN seats st ON st.id = rs.seat_id
                        WHERE rs.reservation_id IN (\(databaseQuestionMarks(count: shown.count)))
                        ORDER BY st.grid_row, st.grid_col
                        """,
                    arguments: StatementArguments(shown))
                for row in seatRows {
                    labels[row["reservation_id"], default: []].append("\(row["row_label"] as String)\(row["number"] as Int)")
                }
            }
            let summary = { (row: Row) in
                ReservationSummary(
                    code: row["code"], status: ReservationStatus(rawValue: row["status"]) ?? .expired,
                    showtimeID: row["showtime_id"], movieID: row["movie_id"], movieTitle: row["title"],
                    posterPath: row["poster_path"], hallName: row["hall_name"],
                    format: HallFormat(rawValue: row["format"]) ?? .standard, startsAt: row["starts_at"],
                    seatLabels: labels[row["id"]] ?? [], totalCents: row["total_cents"],
                    holdExpiresAt: row["hold_expires_at"])
            }
            let upcoming = upcomingRows.map(summary)
            // Live bookings first, cancelled ones after them.
            return ReservationList(
                upcoming: upcoming.filter { $0.status != .cancelled } + upcoming.filter { $0.status == .cancelled },
                past: pastRows.map(summary), pastPage: page, pastPerPage: pageSize, pastCount: pastCount)
        }
    }
}
