public import Foundation
import GRDB

/// Holds, confirmations, seat changes and cancellations.
///
/// A reservation starts as a hold: its seats are claimed for
/// ``CinemaSettings/holdDuration`` while the moviegoer picks ticket types; confirming turns
/// it into a booking and queues a confirmation mail. Every change of claimed seats happens in
/// one write transaction, and the `seat_claims` primary key makes a double booking
/// impossible by construction.
///
/// ```swift
/// let booking = Booking(database: database, settings: settings)
/// let hold = try await booking.hold(showtimeID: 7, seatIDs: [101, 102], userID: user.id, now: Date())
/// let ticket = try await booking.confirm(
///     code: hold.code, userID: user.id, ticketTypes: [101: "adult", 102: "child"], now: Date())
/// ```
///
/// Every method takes the current time as `now`, so tests control time.
public struct Booking: Sendable {
    let database: CinemaDatabase
    let settings: CinemaSettings

    public init(database: CinemaDatabase, settings: CinemaSettings) {
        self.database = database
        self.settings = settings
    }

    // MARK: - Holding

    /// Claims seats of a showtime for the user for ``CinemaSettings/holdDuration``.
    ///
    /// A user's earlier hold for the same showtime is released first: the new hold replaces
    /// it (so going back to the seat map and choosing again just works).
    ///
    /// - Throws: ``BookingError/seatsTaken(_:)`` naming the seats others claim (nothing is
    ///   held then), ``BookingError/noSeatsChosen``, ``BookingError/tooManySeats(max:)``,
    ///   ``BookingError/unknownSeats``, ``BookingError/seatBlocked(_:)``,
    ///   ``BookingError/showtimeNotFound``, ``BookingError/showtimeNotBookable``.
    public func hold(showtimeID: Int64, seatIDs: [Int64], userID: Int64, now: Date) async throws -> Reservation {
        let seatIDs = Array(Set(seatIDs)).sorted()
        guard !seatIDs.isEmpty else { throw BookingError.noSeatsChosen }
        guard seatIDs.count <= settings.maxSeatsPerBooking else {
            throw BookingError.tooManySeats(max: settings.maxSeatsPerBooking)
        }
        let expiry = now.addingTimeInterval(settings.holdDuration)
        return try await database.write { db in
            let showtime = try BookingStore.bookableShowtime(db, id: showtimeID, now: now)
            let seats = try BookingStore.sellableSeats(db, ids: seatIDs, hallID: showtime.hallID)
            try BookingStore.releaseStaleHolds(db, showtimeID: showtimeID, replacingHoldsOf: userID, now: now)

            // Provisional prices with the default ticket type, so checkout shows a total at once.
            let prices = try PriceTable.fetch(db)
            let defaultType = prices.defaultTicketType(for: showtime.format)
            let seatPrices = seats.map { seat in
                defaultType.flatMap { prices.price(ticketType: $0.code, format: showtime.format, category: seat.category) } ?? 0
            }
            let total = seatPrices.reduce(0, +)
            let code = try BookingCode.insertUnused(db) { code in
                try db.executeCached(
                    sql: """
                        INSERT INTO reservations (code, user_id, showtime_id, status, hold_expires_at, total_cents, created_at, updated_at)
                        VALUES (?, ?, ?, 'held', ?, ?, ?, ?)
                        """,
                    arguments: [code, userID, showtimeID, StoredDate(expiry), total, StoredDate(now), StoredDate(now)])
            }
            let reservationID = db.lastInsertedRowID
            try db.insertCached(
                "INSERT INTO reservation_seats (reservation_id, seat_id, ticket_type_id, price_cents) VALUES",
                placeholders: "(?, ?, NULL, ?)", rows: zip(seats, seatPrices).map { [reservationID, $0.id, $1] })
            try BookingStore.claim(
                db, seats: seats, showtimeID: showtimeID, reservationID: reservationID, userID: userID, heldUntil: expiry)
            return Reservation(
                id: reservationID, code: code, userID: userID, showtimeID: showtimeID, status: .held,
                holdExpiresAt: expiry, totalCents: total, createdAt: now, updatedAt: now,
                confirmedAt: nil, cancelledAt: nil)
        }
    }

    /// Sets ticket types on a live hold and reprices it, without confirming (the checkout
    /// page's "update total" without JavaScript).
    ///
    /// - Parameters:
    ///   - ticketTypes: Seat id → ticket type code; seats left out get the default type.
    /// - Throws: ``BookingError/reservationNotFound``, ``BookingError/notHeld``,
    ///   ``BookingError/holdExpired``, ``BookingError/unknownSeats``,
    ///   ``BookingError/unknownTicketType(_:)``, ``BookingError/ticketTypeNotSold(_:)``.
    public func setTicketTypes(
        code: String, userID: Int64, ticketTypes: [Int64: String], now: Date
    ) async throws -> ReservationDetail {
        try await finishHold(code: code, userID: userID, ticketTypes: ticketTypes, confirm: false, now: now)
    }

    /// Confirms a live hold with the chosen ticket types: prices are computed from the price
    /// table plus seat surcharges and stored per seat, and a confirmation mail is queued in
    /// the same transaction.
    ///
    /// - Parameters:
    ///   - ticketTypes: Seat id → ticket type code; seats left out get the default type.
    /// - Throws: ``BookingError/holdExpired`` (the seats are released, nothing is booked),
    ///   ``BookingError/notHeld``, ``BookingError/reservationNotFound``,
    ///   ``BookingError/showtimeNotBookable``, and the ticket type errors of
    ///   ``setTicketTypes(code:userID:ticketTypes:now:)``.
    public func confirm(
        code: String, userID: Int64, ticketTypes: [Int64: String], now: Date
    ) async throws -> ReservationDetail {
        try await finishHold(code: code, userID: userID, ticketTypes: ticketTypes, confirm: true, now: now)
    }

    private enum HoldOutcome: Sendable {
        case done(ReservationDetail)
        case expired
    }

    private func finishHold(
        code: String, userID: Int64, ticketTypes: [Int64: String], confirm: Bool, now: Date
    ) async throws -> ReservationDetail {
        let composer = MailComposer(settings: settings)
        let outcome = try await database.write { db -> HoldOutcome in
            guard let (reservation, booked) = try BookingStore.reservationWithSeats(db, code: code, userID: userID) else {
                throw BookingError.reservationNotFound
            }
            switch reservation.status {
            case .held: break
            case .expired: return .expired
            case .confirmed, .cancelled: throw BookingError.notHeld
            }
            guard reservation.isLiveHold(at: now) else {
                // Committed, unlike a throw: the hold is over whatever the caller does next.
                try BookingStore.release(db, reservationID: reservation.id, status: .expired, now: now)
                return .expired
            }
            guard let showtime = try ScheduledShowtime.fetchOne(db, id: reservation.showtimeID),
                  showtime.isBookable(at: now)
            else { throw BookingError.showtimeNotBookable }

            let prices = try PriceTable.fetch(db)
            let seats = booked.map(\.seat)
            let types = try BookingStore.resolveTicketTypes(ticketTypes, seats: seats, format: showtime.format, prices: prices)
            let priced = try BookingStore.price(
                db, reservationID: reservation.id, seats: seats, types: types, format: showtime.format,
                prices: prices, now: now, confirming: confirm)
            var updated = reservation
            updated.totalCents = priced.totalCents
            updated.updatedAt = now
            if confirm {
                updated.status = .confirmed
                updated.confirmedAt = now
            }
            // Built from what this transaction just wrote rather than read back: the showtime
            // was read above, the seats and prices are those written.
            let detail = ReservationDetail(
                reservation: updated, showtime: showtime, seats: priced.seats,
                ticketOptions: prices.ticketPrices(for: showtime.format), surcharges: prices.surcharges)
            if confirm {
                try OutboxMessage.enqueue(db, .confirmation, about: detail, now: now) {
                    composer.confirmation(detail, username: $0, changed: false)
                }
            }
            return .done(detail)
        }
        switch outcome {
        case .done(let detail): return detail
        case .expired: throw BookingError.holdExpired
        }
    }

    /// Gives up a hold: its seats are free at once. Releasing a hold that already expired or
    /// was released does nothing.
    ///
    /// - Throws: ``BookingError/reservationNotFound``; ``BookingError/notHeld`` for a confirmed
    ///   booking (use ``cancel(code:userID:now:)``).
    public func release(code: String, userID: Int64, now: Date) async throws {
        try await database.write { db in
            let reservation = try BookingStore.ownedReservation(db, code: code, userID: userID)
            switch reservation.status {
            case .held:
                try BookingStore.release(db, reservationID: reservation.id, status: .cancelled, now: now)
            case .expired, .cancelled:
                return
            case .confirmed:
                throw BookingError.notHeld
            }
        }
    }

    // MARK: - Reading

    /// The reservation with `code` if `userID` owns it; nil otherwise (a page answers 404, so
    /// codes of other people's reservations cannot be probed). A hold past its expiry still
    /// reads as held until a write releases it: check ``Reservation/isLiveHold(at:)``.
    public func reservation(code: String, userID: Int64) async throws -> ReservationDetail? {
        // One reservation, on every checkout view: short enough to read in place.
        try database.readInline { db in
            guard let (reservation, seats) = try BookingStore.reservationWithSeats(db, code: code, userID: userID) else { return nil }
            return try BookingStore.detail(db, reservation: reservation, seats: seats)
        }
    }

    /// Releases every hold that expired by `now` and returns how many. Holds are also
    /// released lazily by the next hold on their showtime; this sweep keeps seat counts
    /// exact everywhere else.
    @discardableResult
    public func expireHolds(now: Date) async throws -> Int {
        try await database.write { db in
            try db.executeCached(
                sql: """
                    DELETE FROM seat_claims WHERE reservation_id IN (
                        SELECT id FROM reservations WHERE status = 'held' AND hold_expires_at <= ?)
                    """,
                arguments: [now])
            try db.executeCached(
                sql: "UPDATE reservations SET status = 'expired', updated_at = ?1 WHERE status = 'held' AND hold_expires_at <= ?1",
                arguments: [now])
            return db.changesCount
        }
    }
}
