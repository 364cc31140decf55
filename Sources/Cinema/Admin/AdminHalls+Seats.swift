import Foundation
import GRDB

extension AdminHalls {
    static func fetchRows(_ db: Database, now: Date, id: Int64? = nil) throws -> [AdminHallRow] {
        let halls = try Catalog.fetchHalls(db, id: id)
        return try halls.map { hall in
            let counts = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT (SELECT COUNT(*) FROM seats WHERE hall_id = ?1) AS seats,
                           (SELECT COUNT(*) FROM seats WHERE hall_id = ?1 AND blocked = 1) AS blocked,
                           (SELECT COUNT(*) FROM showtimes
                             WHERE hall_id = ?1 AND status = 'scheduled' AND ends_at > ?2) AS showtimes
                    """),
                arguments: [hall.id, now])
            return AdminHallRow(
                hall: hall, seatCount: counts?["seats"] ?? 0, blockedCount: counts?["blocked"] ?? 0,
                upcomingShowtimes: counts?["showtimes"] ?? 0,
                upcomingReservations: try upcomingReservations(db, hallID: hall.id, now: now).count)
        }
    }

    /// Confirmed bookings and live holds for the hall's showtimes that have not ended, with
    /// the first such showtime.
    static func upcomingReservations(_ db: Database, hallID: Int64, now: Date) throws -> (count: Int, showtimes: Int, first: Date?) {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT COUNT(r.id) AS reservations, COUNT(DISTINCT s.id) AS showtimes, MIN(s.starts_at) AS first
                FROM showtimes s JOIN reservations r ON r.showtime_id = s.id
                WHERE s.hall_id = ?1 AND s.status = 'scheduled' AND s.ends_at > ?2
                  AND \(Reservation.liveSQL(now: "?2"))
                """),
            arguments: [hallID, now])
        return (row?["reservations"] ?? 0, row?["showtimes"] ?? 0, row?["first"])
    }

    static func checkNameFree(_ db: Database, _ name: String, except id: Int64?) throws {
        // `halls.name` is UNIQUE COLLATE NOCASE, so this compares the way the index does.
        let taken = try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM halls WHERE name = ? AND (? IS NULL OR id <> ?))",
            arguments: [name, id, id]) ?? false
        if taken { throw ValidationError(field: "name", "A hall is already called “\(name)”.") }
    }

    static func existingSeats(_ db: Database, hallID: Int64) throws -> [HallSeatDiff.Existing] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT id, row_label, number, grid_row, grid_col, category, blocked FROM seats WHERE hall_id = ?
                """),
            arguments: [hallID]
        ).map { row in
            HallSeatDiff.Existing(
                id: row["id"], rowLabel: row["row_label"], number: row["number"], gridRow: row["grid_row"],
                gridCol: row["grid_col"], category: SeatCategory(rawValue: row["category"]) ?? .standard,
                blocked: row["blocked"])
        }
    }

    /// Refuses a change that would break a booking, with the reason on `layout`.
    static func checkAllowed(_ diff: HallSeatDiff, hallID: Int64, db: Database, now: Date, text: LocalTimeText) throws {
        if diff.isStructural {
            let upcoming = try upcomingReservations(db, hallID: hallID, now: now)
            if upcoming.count > 0 {
                let touched = diff.structuralLabels
                let example = touched.prefix(5).joined(separator: ", ") + (touched.count > 5 ? ", …" : "")
                throw ValidationError(
                    field: "layout",
                    "This hall has \(AdminError.count(upcoming.count, "booking or hold", plural: "bookings or holds")) "
                        + "for \(AdminError.count(upcoming.showtimes, "showtime")) that \(upcoming.showtimes == 1 ? "has" : "have") not ended"
                        + (upcoming.first.map { " (the first on \(text.long($0)))" } ?? "")
                        + ", so seats cannot be added, removed, moved or given another category (here: \(example)). "
                        + "While those showtimes are ahead you can only block free seats (mark them x) and unblock seats.")
            }
            if !diff.removed.isEmpty {
                let referenced = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT st.row_label, st.number, st.grid_row, st.grid_col
                        FROM reservation_seats rs JOIN seats st ON st.id = rs.seat_id
                        WHERE rs.seat_id IN (\(databaseQuestionMarks(count: diff.removed.count)))
                        ORDER BY st.grid_row, st.grid_col
                        """,
                    arguments: StatementArguments(diff.removed.map(\.id))
                ).map { "\($0["row_label"] as String)\($0["number"] as Int)" }
                if !referenced.isEmpty {
                    throw ValidationError(
                        field: "layout",
                        "Seat\(referenced.count == 1 ? "" : "s") \(referenced.prefix(8).joined(separator: ", ")) "
                            + "\(referenced.count == 1 ? "appears" : "appear") in earlier reservations and cannot be removed; "
                            + "keep \(referenced.count == 1 ? "it" : "them") in the layout and block \(referenced.count == 1 ? "it" : "them") (x) instead.")
                }
            }
        }
        if !diff.blocks.isEmpty {
            let ids = diff.blocks.map(\.seat.id)
            if let claim = try Row.fetchOne(
                db,
                sql: """
                    SELECT st.row_label, st.number, c.held_until IS NULL AS sold, s.starts_at, m.title
                    FROM seat_claims c
                    JOIN showtimes s ON s.id = c.showtime_id
                    JOIN movies m ON m.id = s.movie_id
                    JOIN seats st ON st.id = c.seat_id
                    WHERE c.seat_id IN (\(databaseQuestionMarks(count: ids.count)))
                      AND s.status = 'scheduled' AND s.ends_at > ? AND \(SeatClaim.liveSQL())
                    ORDER BY s.starts_at, st.grid_row, st.grid_col LIMIT 1
                    """,
                arguments: StatementArguments(ids) + [now, now]) {
                let label = "\(claim["row_label"] as String)\(claim["number"] as Int)"
                let how = (claim["sold"] as Bool) ? "booked" : "held"
                throw ValidationError(
                    field: "layout",
                    "Seat \(label) is \(how) for “\(claim["title"] as String)” on \(text.long(claim["starts_at"])) "
                        + "and cannot be blocked while that showtime is ahead. Only free seats can be blocked.")
            }
        }
    }

    /// Writes the diff: stored seats change in place (keeping their ids), removed ones go,
    /// new ones are inserted.
    static func apply(_ diff: HallSeatDiff, hallID: Int64, db: Database) throws {
        // Seats that move are parked off the grid first (a negative row no layout uses), so
        // the UNIQUE (hall, grid_row, grid_col) index never sees two seats in one place.
        for update in diff.changes {
            try db.execute(
                sql: "UPDATE seats SET grid_row = -id, grid_col = -1 WHERE id = ?", arguments: [update.seat.id])
        }
        for seat in diff.removed {
            try db.execute(sql: "DELETE FROM seats WHERE id = ?", arguments: [seat.id])
        }
        for update in diff.changes + diff.blocks + diff.harmless {
            try db.execute(
                sql: "UPDATE seats SET grid_row = ?, grid_col = ?, category = ?, blocked = ? WHERE id = ?",
                arguments: [
                    update.spec.gridRow, update.spec.gridCol, update.spec.category.rawValue, update.spec.blocked,
                    update.seat.id,
                ])
        }
        for spec in diff.added { try insert(db, spec, hallID: hallID) }
    }

    static func insert(_ db: Database, _ spec: HallLayout.SeatSpec, hallID: Int64) throws {
        try db.execute(
            sql: """
                INSERT INTO seats (hall_id, row_label, number, grid_row, grid_col, category, blocked)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                hallID, spec.rowLabel, spec.number, spec.gridRow, spec.gridCol, spec.category.rawValue, spec.blocked,
            ])
    }
}
