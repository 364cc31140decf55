public import Foundation
import GRDB

extension AdminSchedule {
    /// Saves the form over a showtime that has not started: another start, hall or movie.
    ///
    /// With confirmed bookings or live holds, the movie cannot change and the showtime can
    /// only move to a hall with the same seats (same labels and categories, none of the
    /// booked ones blocked there): the bookings keep their seats, by label, and each
    /// confirmed booking gets a mail with the new time and hall. Prices paid stay as paid.
    ///
    /// - Throws: ``ValidationError`` on `movieID`, `hallID` (unknown, or seats that differ
    ///   while there are bookings), `date`, `time` (as for ``create(_:actor:now:)``, an overlap
    ///   names the showtime in the way); ``AdminError/showtimeCancelled``,
    ///   ``AdminError/showtimeStarted``, ``AdminError/notFound(_:)``, ``AdminError/notAuthorized``.
    @discardableResult
    public func update(id: Int64, _ form: ShowtimeForm, actor: Int64, now: Date) async throws -> ShowtimeChange {
        let text = LocalTimeText(settings: settings)
        var errors = ValidationError()
        let start = Self.start(date: form.date, time: form.time, text: text, now: now, errors: &errors)
        let cleaning = settings.cleaningMinutes
        let composer = MailComposer(settings: settings)
        // The closure runs on GRDB's writer: it starts from a copy of the form checks.
        let checked = errors
        return try await database.writer.write { db in
            var errors = checked
            try AdminStore.requireAdmin(db, actor: actor)
            guard let old = try ShowtimeListing.fetchOne(db, id: id, now: now)
            else { throw AdminError.notFound(.showtime) }
            guard old.status == .scheduled else { throw AdminError.showtimeCancelled }
            guard old.startsAt > now else { throw AdminError.showtimeStarted }
            let choice = try Self.choose(db, movieID: form.movieID, hallID: form.hallID, errors: &errors)
            try errors.throwIfAny()
            guard let choice, let start else { throw errors }

            let live = try Self.liveReservations(db, showtimeID: id, now: now)
            if !live.isEmpty && choice.movieID != old.movieID {
                throw ValidationError(
                    field: "movieID",
                    "This showtime has \(AdminError.count(live.count, "booking or hold", plural: "bookings or holds")), "
                        + "so its movie cannot change. Cancel it and schedule the other movie instead.")
            }
            var seatMap: [Int64: Int64] = [:]
            if !live.isEmpty && choice.hallID != old.hallID {
                seatMap = try Self.matchingSeats(
                    db, showtimeID: id, reservations: live.map(\.id), from: old.hallID, to: choice.hallID,
                    toName: choice.hallName, bookings: live.count)
            }
            let end = start.addingTimeInterval(TimeInterval((choice.runtime + cleaning) * 60))
            if let conflict = try ShowtimeConflict.find(
                db, hallID: choice.hallID, start: start, end: end, excluding: id, requestedStart: start, text: text) {
                throw ValidationError(field: "time", conflict.message)
            }

            try db.execute(
                sql: "UPDATE showtimes SET movie_id = ?, hall_id = ?, starts_at = ?, ends_at = ? WHERE id = ?",
                arguments: [choice.movieID, choice.hallID, start, end, id])
            // The bookings keep their seats: same labels, the new hall's seat ids.
            let liveIDs = StatementArguments(live.map(\.id))
            for (oldSeat, newSeat) in seatMap {
                try db.execute(
                    sql: """
                        UPDATE reservation_seats SET seat_id = ?
                        WHERE seat_id = ? AND reservation_id IN (\(databaseQuestionMarks(count: live.count)))
                        """,
                    arguments: [newSeat, oldSeat] + liveIDs)
                try db.execute(
                    sql: "UPDATE seat_claims SET seat_id = ? WHERE showtime_id = ? AND seat_id = ?",
                    arguments: [newSeat, id, oldSeat])
            }

            let moved = start != old.startsAt || choice.hallID != old.hallID
            var mails = 0
            if moved {
                for reservation in live where reservation.status == .confirmed {
                    guard let detail = try BookingStore.detail(db, reservationID: reservation.id) else { continue }
                    let queued = try OutboxMessage.enqueue(db, .confirmation, about: detail, now: now) {
                        composer.showtimeMoved(detail, username: $0, previousStart: old.startsAt, previousHall: old.hallName)
                    }
                    if queued { mails += 1 }
                }
            }
            var details: [String] = []
            if choice.movieID != old.movieID { details.append("movie “\(old.movieTitle)” → “\(choice.title)”") }
            if choice.hallID != old.hallID { details.append("hall \(old.hallName) → \(choice.hallName)") }
            if start != old.startsAt { details.append("start \(text.long(old.startsAt)) → \(text.long(start))") }
            if mails > 0 { details.append("\(AdminError.count(mails, "mail")) queued") }
            try AdminStore.audit(
                db, actor: actor, action: moved ? "move" : "update", entity: .showtime, entityID: id,
                details: details.isEmpty ? "no changes" : details.joined(separator: "; "), now: now)
            return ShowtimeChange(moved: moved, mailsQueued: mails)
        }
    }

    /// Old seat id → new seat id, matched by label, when the two halls have the same seats
    /// and none of the booked ones is blocked in the new hall; otherwise a ``ValidationError``
    /// on `hallID`.
    static func matchingSeats(
        _ db: Database, showtimeID: Int64, reservations: [Int64], from oldHall: Int64, to newHall: Int64,
        toName: String, bookings: Int
    ) throws -> [Int64: Int64] {
        struct SeatKey: Hashable { var label: String; var category: String }
        func seats(_ hallID: Int64) throws -> [SeatKey: (id: Int64, blocked: Bool)] {
            var result: [SeatKey: (id: Int64, blocked: Bool)] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT id, row_label, number, category, blocked FROM seats WHERE hall_id = ?", arguments: [hallID]) {
                result[SeatKey(label: "\(row["row_label"] as String)\(row["number"] as Int)", category: row["category"])] =
                    (row["id"], row["blocked"])
            }
            return result
        }
        let old = try seats(oldHall)
        let new = try seats(newHall)
        let refusal = "This showtime has \(AdminError.count(bookings, "booking or hold", plural: "bookings or holds")), "
            + "so it can only move to a hall with the same seats, and \(toName)'s seats differ"
        let differing = Set(old.keys).symmetricDifference(new.keys).map(\.label).sorted()
        if !differing.isEmpty {
            throw ValidationError(field: "hallID", refusal + " (for example \(differing.prefix(3).joined(separator: ", "))).")
        }
        let booked = try Int64.fetchAll(
            db,
            sql: "SELECT DISTINCT seat_id FROM reservation_seats WHERE reservation_id IN (\(databaseQuestionMarks(count: reservations.count)))",
            arguments: StatementArguments(reservations))
        var map: [Int64: Int64] = [:]
        for (key, seat) in old {
            guard let target = new[key] else { continue }
            if booked.contains(seat.id) && target.blocked {
                throw ValidationError(field: "hallID", refusal + ": seat \(key.label) is blocked in \(toName).")
            }
            map[seat.id] = target.id
        }
        // Only the seats the bookings use need moving.
        return map.filter { booked.contains($0.key) }
    }

    /// Cancels a showtime that is not over: every booking and live hold of it is cancelled,
    /// their seats released, and each confirmed booking's customer gets a cancellation mail,
    /// all in one transaction.
    ///
    /// - Throws: ``AdminError/showtimeCancelled`` (already), ``AdminError/showtimeOver``,
    ///   ``AdminError/notFound(_:)``, ``AdminError/notAuthorized``.
    @discardableResult
    public func cancel(id: Int64, actor: Int64, now: Date) async throws -> ShowtimeCancellation {
        let text = LocalTimeText(settings: settings)
        let composer = MailComposer(settings: settings)
        return try await database.writer.write { db in
            try AdminStore.requireAdmin(db, actor: actor)
            guard let showtime = try ShowtimeListing.fetchOne(db, id: id, now: now)
            else { throw AdminError.notFound(.showtime) }
            guard showtime.status == .scheduled else { throw AdminError.showtimeCancelled }
            guard showtime.endsAt > now else { throw AdminError.showtimeOver }
            try db.execute(sql: "UPDATE showtimes SET status = 'cancelled' WHERE id = ?", arguments: [id])

            // Holds that ran out are marked expired, like the sweep would; they had no say.
            let stale = try Int64.fetchAll(
                db, sql: "SELECT id FROM reservations WHERE showtime_id = ? AND status = 'held' AND hold_expires_at <= ?",
                arguments: [id, now])
            for reservationID in stale {
                try BookingStore.release(db, reservationID: reservationID, status: .expired, now: now)
            }
            let live = try Self.liveReservations(db, showtimeID: id, now: now)
            var mails = 0
            for reservation in live {
                try BookingStore.release(db, reservationID: reservation.id, status: .cancelled, now: now)
                guard reservation.status == .confirmed,
                      let detail = try BookingStore.detail(db, reservationID: reservation.id)
                else { continue }
                let queued = try OutboxMessage.enqueue(db, .cancellation, about: detail, now: now) {
                    composer.showtimeCancelled(detail, username: $0)
                }
                if queued { mails += 1 }
            }
            try AdminStore.audit(
                db, actor: actor, action: "cancel", entity: .showtime, entityID: id,
                details: "“\(showtime.movieTitle)” in \(showtime.hallName) on \(text.long(showtime.startsAt)); "
                    + "\(AdminError.count(live.count, "reservation")) cancelled, \(AdminError.count(mails, "mail")) queued",
                now: now)
            return ShowtimeCancellation(showtimeID: id, cancelledReservations: live.count, mailsQueued: mails)
        }
    }
}
