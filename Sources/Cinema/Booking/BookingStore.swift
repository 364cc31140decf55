import Foundation
import GRDB

/// The SQL of booking, run inside the services' write transactions.
///
/// This is the repository boundary: `DatabaseError`s for seat conflicts are caught here and
/// become ``BookingError``s.
enum BookingStore {
    /// The showtime if seats can be held for it at `now`.
    static func bookableShowtime(_ db: Database, id: Int64, now: Date) throws -> ScheduledShowtime {
        guard let showtime = try ScheduledShowtime.fetchOne(db, id: id) else { throw BookingError.showtimeNotFound }
        guard showtime.isBookable(at: now) else { throw BookingError.showtimeNotBookable }
        return showtime
    }

    /// The seats with these ids, which must all exist in `hallID` and not be blocked.
    static func sellableSeats(_ db: Database, ids: [Int64], hallID: Int64) throws -> [Seat] {
        // From the hall's seats in memory (see Catalog.hallSeats), in grid order.
        let wanted = Set(ids)
        let seats = try Catalog.hallSeats(db, hallID: hallID).filter { wanted.contains($0.id) }
        guard seats.count == ids.count else { throw BookingError.unknownSeats }
        let blocked = seats.filter(\.blocked)
        guard blocked.isEmpty else { throw BookingError.seatBlocked(blocked.map(\.seatLabel).sorted()) }
        return seats
    }

    /// Releases the holds for `showtimeID` that expired by `now` (marked expired) and, when
    /// `userID` is given, that user's own earlier holds, which a new hold replaces (cancelled).
    ///
    /// Runs first in every claiming transaction, so an expired hold never keeps a seat from
    /// the next customer even if the background sweep has not run yet. One indexed read finds
    /// the holds; usually there are none, and then nothing is written.
    static func releaseStaleHolds(_ db: Database, showtimeID: Int64, replacingHoldsOf userID: Int64? = nil, now: Date) throws {
        var stale: [(id: Int64, expired: Bool)] = []
        try db.cachedStatement(sql: """
            SELECT id, hold_expires_at <= ?2 FROM reservations
            WHERE showtime_id = ?1 AND status = 'held' AND (hold_expires_at <= ?2 OR user_id = ?3)
            """
        ).forEachRow(arguments: [showtimeID, StoredDate(now), userID]) { row in
            stale.append((row.int64(0), !row.isNull(1) && row.bool(1)))
        }
        for hold in stale {
            try release(db, reservationID: hold.id, status: hold.expired ? .expired : .cancelled, now: now)
        }
    }

    /// Claims `seats` for `reservationID`, or throws ``BookingError/seatsTaken(_:)`` naming the
    /// seats another reservation claims.
    ///
    /// There is no check before the insert: the `seat_claims` primary key is the arbiter, so
    /// two transactions can never both claim a seat, whatever their timing.
    ///
    /// - Parameters:
    ///   - userID: The reservation's owner.
    ///   - heldUntil: The hold's expiry for a hold, nil for a confirmed booking (a claim
    ///     carries both, see migration `v4-claim-holders`).
    static func claim(_ db: Database, seats: [Seat], showtimeID: Int64, reservationID: Int64, userID: Int64, heldUntil: Date?) throws {
        guard !seats.isEmpty else { return }
        let until = heldUntil.map(StoredDate.init)
        do {
            try db.insertCached(
                "INSERT INTO seat_claims (showtime_id, seat_id, reservation_id, user_id, held_until) VALUES",
                placeholders: "(?, ?, ?, ?, ?)",
                rows: seats.map { [showtimeID, $0.id, reservationID, userID, until] })
        } catch let error as DatabaseError where error.isUniquenessViolation {
            // The failed statement was rolled back on its own; the transaction is still open,
            // so we can see which of the seats others hold. The caller's throw then rolls
            // back the whole transaction.
            let taken = try Row.fetchAll(
                db,
                sql: """
                    SELECT st.id, st.row_label, st.number FROM seat_claims c JOIN seats st ON st.id = c.seat_id
                    WHERE c.showtime_id = ? AND c.reservation_id <> ?
                      AND c.seat_id IN (\(databaseQuestionMarks(count: seats.count)))
                    """,
                arguments: [showtimeID, reservationID] + StatementArguments(seats.map(\.id))
            ).map { SeatLabel(seatID: $0["id"], rowLabel: $0["row_label"], number: $0["number"]) }
            throw BookingError.seatsTaken(taken.sorted())
        }
    }

    /// The reservation with `code` owned by `userID`, or nil.
    static func reservation(_ db: Database, code: String, userID: Int64) throws -> Reservation? {
        try Reservation.fetchAll(db, "WHERE code = ? AND user_id = ?", arguments: [BookingCode.normalize(code), userID]).first
    }

    static func ownedReservation(_ db: Database, code: String, userID: Int64) throws -> Reservation {
        guard let reservation = try reservation(db, code: code, userID: userID) else {
            throw BookingError.reservationNotFound
        }
        return reservation
    }

    /// Deletes a reservation's claims and gives it a final status.
    static func release(_ db: Database, reservationID: Int64, status: ReservationStatus, now: Date) throws {
        try db.executeCached(sql: "DELETE FROM seat_claims WHERE reservation_id = ?", arguments: [reservationID])
        try db.executeCached(
            sql: """
                UPDATE reservations SET status = ?2, updated_at = ?3,
                       cancelled_at = CASE WHEN ?2 = 'cancelled' THEN ?3 ELSE cancelled_at END
                WHERE id = ?1
                """,
            arguments: [reservationID, status.rawValue, StoredDate(now)])
    }

    /// A ticket type code as a form sent it, trimmed and lowercased. Foundation's trimming
    /// (through `NSString`) is skipped when there is nothing to trim, as from our own forms.
    private static func trimmedCode(_ text: String) -> String {
        let untrimmed = !(text.first?.isWhitespace ?? false) && !(text.last?.isWhitespace ?? false)
        return (untrimmed ? text : text.trimmingCharacters(in: .whitespaces)).lowercased()
    }

    /// Resolves the requested ticket type codes for `seats`: seats without one get the
    /// format's default type.
    static func resolveTicketTypes(
        _ requested: [Int64: String], seats: [Seat], format: HallFormat, prices: PriceTable
    ) throws -> [Int64: TicketType] {
        let seatIDs = Set(seats.map(\.id))
        guard requested.keys.allSatisfy(seatIDs.contains) else { throw BookingError.unknownSeats }
        var result: [Int64: TicketType] = [:]
        for seat in seats {
            if let code = requested[seat.id].map(Self.trimmedCode) {
                guard let type = prices.ticketType(code: code) else { throw BookingError.unknownTicketType(code) }
                guard prices.basePrice(ticketType: code, format: format) != nil else {
                    throw BookingError.ticketTypeNotSold(code)
                }
                result[seat.id] = type
            } else {
                guard let type = prices.defaultTicketType(for: format) else {
                    throw BookingError.ticketTypeNotSold("any")
                }
                result[seat.id] = type
            }
        }
        return result
    }

    /// Writes each seat's ticket type and price, and the reservation's total.
    /// - Parameters:
    ///   - confirming: Also turns the reservation into a confirmed booking, in the same
    ///     statement as the total.
    /// - Returns: The seats as ``ReservationDetail`` shows them (in the order of `seats`),
    ///   and the total in cents.
    @discardableResult
    static func price(
        _ db: Database, reservationID: Int64, seats: [Seat], types: [Int64: TicketType],
        format: HallFormat, prices: PriceTable, now: Date, confirming: Bool = false
    ) throws -> (seats: [ReservationSeat], totalCents: Int) {
        var total = 0
        var priced: [ReservationSeat] = []
        priced.reserveCapacity(seats.count)
        for seat in seats {
            let type = types[seat.id]
            let cents = type.flatMap { prices.price(ticketType: $0.code, format: format, category: seat.category) } ?? 0
            total += cents
            priced.append(BookedSeat(seat: seat, ticketType: type, priceCents: cents).reservationSeat)
            // One row by its whole key per seat (a booking has few). A single UPDATE … CASE
            // for all seats made SQLite collect the rows in a temporary table first, as it
            // does whenever several rows change a foreign-key column (here ticket_type_id);
            // UPDATE … FROM (VALUES …) builds temporary tables too.
            try db.executeCached(
                sql: "UPDATE reservation_seats SET ticket_type_id = ?, price_cents = ? WHERE reservation_id = ? AND seat_id = ?",
                arguments: [type?.id, cents, reservationID, seat.id])
        }
        if confirming {
            try db.executeCached(
                sql: "UPDATE reservations SET total_cents = ?1, updated_at = ?2, status = 'confirmed', confirmed_at = ?2 WHERE id = ?3",
                arguments: [total, StoredDate(now), reservationID])
            // Sold: the claims no longer run out.
            try db.executeCached(sql: "UPDATE seat_claims SET held_until = NULL WHERE reservation_id = ?", arguments: [reservationID])
        } else {
            try db.executeCached(
                sql: "UPDATE reservations SET total_cents = ?, updated_at = ? WHERE id = ?",
                arguments: [total, StoredDate(now), reservationID])
        }
        return (priced, total)
    }

    /// A seat of a reservation with its ticket type (nil while none was chosen) and price.
    struct BookedSeat {
        var seat: Seat
        var ticketType: TicketType?
        var priceCents: Int

        var reservationSeat: ReservationSeat {
            ReservationSeat(
                seatID: seat.id, rowLabel: seat.rowLabel, number: seat.number, category: seat.category,
                ticketType: ticketType, priceCents: priceCents)
        }
    }

    /// A reservation and its seats' ids, prices and ticket types, in one statement (checkout
    /// and confirm read both on every booking). Read by column index: keep in step with
    /// `reservationWithSeats(_:arguments:)`.
    private static func reservationWithSeatsSQL(where condition: String) -> String {
        """
        SELECT \(Reservation.columns(prefix: "r.")), rs.seat_id, rs.price_cents, rs.ticket_type_id
        FROM reservations r
        LEFT JOIN reservation_seats rs ON rs.reservation_id = r.id
        WHERE \(condition)
        """
    }

    private static let reservationWithSeatsByCodeSQL = reservationWithSeatsSQL(where: "r.code = ? AND r.user_id = ?")
    private static let reservationWithSeatsByIDSQL = reservationWithSeatsSQL(where: "r.id = ?")

    /// The reservation with `code` owned by `userID`, with its seats, or nil.
    static func reservationWithSeats(_ db: Database, code: String, userID: Int64) throws -> (reservation: Reservation, seats: [BookedSeat])? {
        try reservationWithSeats(
            db, db.cachedStatement(sql: reservationWithSeatsByCodeSQL),
            arguments: [BookingCode.normalize(code), userID])
    }

    /// The reservation `id` with its seats, or nil.
    static func reservationWithSeats(_ db: Database, id: Int64) throws -> (reservation: Reservation, seats: [BookedSeat])? {
        try reservationWithSeats(db, db.cachedStatement(sql: reservationWithSeatsByIDSQL), arguments: [id])
    }

    private static func reservationWithSeats(
        _ db: Database, _ statement: Statement, arguments: StatementArguments
    ) throws -> (reservation: Reservation, seats: [BookedSeat])? {
        var reservation: Reservation?
        var rows: [(seatID: Int64, priceCents: Int, ticketTypeID: Int64?)] = []
        // Columns 0–10 are the reservation's (see reservationWithSeatsSQL).
        try statement.forEachRow(arguments: arguments) { row in
            if reservation == nil { reservation = Reservation(row) }
            guard !row.isNull(11) else { return }
            rows.append((row.int64(11), row.int(12), row.optionalInt64(13)))
        }
        guard let reservation else { return nil }
        guard !rows.isEmpty else { return (reservation, []) }

        // Seats and ticket types from the caches in memory rather than joined: under load, a
        // join read their pages again after every commit (WAL readers start with an empty
        // page cache). A seat outside the showtime's hall (a released booking's, after its
        // showtime moved to another hall) is read from the table.
        var seats: [Int64: Seat] = [:]
        if let showtime = try ScheduledShowtime.fetchOne(db, id: reservation.showtimeID) {
            let wanted = Set(rows.map(\.seatID))
            for seat in try Catalog.hallSeats(db, hallID: showtime.hallID) where wanted.contains(seat.id) {
                seats[seat.id] = seat
            }
        }
        let missing = rows.map(\.seatID).filter { seats[$0] == nil }
        if !missing.isEmpty {
            let found = try Row.fetchAll(
                db, sql: "SELECT \(Seat.columnNames.joined(separator: ", ")) FROM seats WHERE id IN (\(databaseQuestionMarks(count: missing.count)))",
                arguments: StatementArguments(missing))
            for row in found { let seat = Seat(row: row); seats[seat.id] = seat }
        }
        let prices = try PriceTable.fetch(db)

        // Both are kept by foreign keys (ON DELETE RESTRICT); a miss is a broken database.
        func broken(_ what: String) -> DatabaseError {
            DatabaseError(resultCode: .SQLITE_CORRUPT, message: "\(what) is missing")
        }
        var booked: [BookedSeat] = []
        booked.reserveCapacity(rows.count)
        for row in rows {
            guard let seat = seats[row.seatID] else { throw broken("seat \(row.seatID)") }
            let type = try row.ticketTypeID.map { id in
                guard let type = prices.ticketType(id: id) else { throw broken("ticket type \(id)") }
                return type
            }
            booked.append(BookedSeat(seat: seat, ticketType: type, priceCents: row.priceCents))
        }
        // Sorted here rather than by ORDER BY, which had SQLite build a temporary b-tree for
        // a handful of rows.
        booked.sort { ($0.seat.gridRow, $0.seat.gridCol) < ($1.seat.gridRow, $1.seat.gridCol) }
        return (reservation, booked)
    }

    /// The full view of a reservation, read inside the current transaction.
    static func detail(_ db: Database, reservationID: Int64) throws -> ReservationDetail? {
        guard let (reservation, seats) = try reservationWithSeats(db, id: reservationID) else { return nil }
        return try detail(db, reservation: reservation, seats: seats)
    }

    /// The full view of `reservation` and its `seats`, just read inside the current transaction.
    static func detail(_ db: Database, reservation: Reservation, seats: [BookedSeat]) throws -> ReservationDetail? {
        guard let showtime = try ScheduledShowtime.fetchOne(db, id: reservation.showtimeID) else { return nil }
        let prices = try PriceTable.fetch(db)
        return ReservationDetail(
            reservation: reservation, showtime: showtime, seats: seats.map(\.reservationSeat),
            ticketOptions: prices.ticketPrices(for: showtime.format), surcharges: prices.surcharges)
    }

    /// Username and e-mail address of a user, for mail.
    static func recipient(_ db: Database, userID: Int64) throws -> (username: String, email: String)? {
        var recipient: (username: String, email: String)?
        try db.cachedStatement(sql: "SELECT username, email FROM users WHERE id = ?").forEachRow(arguments: [userID]) { row in
            recipient = (row.text(0), row.text(1))
        }
        return recipient
    }
}

extension Seat {
    var seatLabel: SeatLabel { SeatLabel(seatID: id, rowLabel: rowLabel, number: number) }
}
