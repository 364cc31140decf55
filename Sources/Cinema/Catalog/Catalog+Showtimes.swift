public import Foundation
import GRDB

/// A movie's id and title, for filter forms.
public struct MovieOption: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var title: String

    public init(id: Int64, title: String) {
        self.id = id
        self.title = title
    }
}

/// Showtimes with what the showtimes page's filter form needs, from one database read.
public struct ShowtimePage: Sendable, Hashable {
    public var listings: [ShowtimeListing]
    public var halls: [Hall]
    /// Movies that are not archived, by title.
    public var movies: [MovieOption]
    public var formats: [HallFormat]

    public init(listings: [ShowtimeListing], halls: [Hall], movies: [MovieOption], formats: [HallFormat]) {
        self.listings = listings
        self.halls = halls
        self.movies = movies
        self.formats = formats
    }
}

extension Catalog {
    /// Showtimes matching `filter`, earliest first, each with its seats left.
    ///
    /// - Parameters:
    ///   - now: Holds expiring at or before `now` no longer take seats. Showtimes that already
    ///     started are listed when the range includes them; use
    ///     ``ShowtimeListing/isBookable(at:)`` or start the range at `now` to leave them out.
    public func showtimes(_ filter: ShowtimeFilter, now: Date) async throws -> [ShowtimeListing] {
        try await database.read { db in try Self.fetchShowtimes(db, filter: filter, now: now) }
    }

    /// ``showtimes(_:now:)`` plus halls, movies and formats for the filter form.
    public func showtimePage(_ filter: ShowtimeFilter, now: Date) async throws -> ShowtimePage {
        try await database.read { db in
            let movies = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT id, title FROM movies WHERE archived = 0 ORDER BY title COLLATE NOCASE"))
                .map { MovieOption(id: $0["id"], title: $0["title"]) }
            return ShowtimePage(
                listings: try Self.fetchShowtimes(db, filter: filter, now: now),
                halls: try Self.fetchHalls(db),
                movies: movies,
                formats: try Self.fetchFormats(db))
        }
    }

    /// One showtime with its seats left, or nil.
    public func showtime(id: Int64, now: Date) async throws -> ShowtimeListing? {
        try await database.read { db in
            try ShowtimeListing.fetchOne(db, id: id, now: now)
        }
    }

    static func fetchShowtimes(_ db: Database, filter: ShowtimeFilter, now: Date) throws -> [ShowtimeListing] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if !filter.includeCancelled {
            conditions.append("s.status = 'scheduled'")
        }
        if let range = filter.range {
            conditions.append("s.starts_at >= ? AND s.starts_at < ?")
            arguments += [range.start, range.end]
        }
        if let movieID = filter.movieID {
            conditions.append("s.movie_id = ?")
            arguments += [movieID]
        }
        if let hallID = filter.hallID {
            conditions.append("s.hall_id = ?")
            arguments += [hallID]
        }
        if let format = filter.format {
            conditions.append("h.format = ?")
            arguments += [format.rawValue]
        }
        let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try ShowtimeListing.fetchAll(
            db, now: now, whereSQL: whereSQL, arguments: arguments + [max(1, filter.limit)],
            orderSQL: "ORDER BY s.starts_at, h.name LIMIT ?")
    }

    // MARK: - Seat map

    /// The seats of a showtime as `viewer` sees them, or nil when the showtime does not exist.
    ///
    /// - Parameters:
    ///   - viewer: The signed-in user, whose holds and bookings show as ``SeatMap/State/mine``;
    ///     nil for a visitor.
    ///   - now: Holds that expired by `now` show as free.
    public func seatMap(showtimeID: Int64, viewer: Int64?, now: Date) async throws -> SeatMap? {
        // One showtime's seats, on every view of the page: short enough to read in place.
        try database.readInline { db in
            try Self.fetchSeatMap(db, showtimeID: showtimeID, viewer: viewer, now: now)
        }
    }

    /// The seats of a hall in grid order, from memory while no seat changed: a hall has
    /// hundreds of seats, and every seat-map view needs them all.
    static func hallSeats(_ db: Database, hallID: Int64) throws -> [Seat] {
        try hallSeatsCache.value(db, for: hallID) { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT id, hall_id, row_label, number, grid_row, grid_col, category, blocked
                    FROM seats WHERE hall_id = ? ORDER BY grid_row, grid_col
                    """),
                arguments: [hallID]
            ).map(Seat.init(row:))
        }
    }

    private static let hallSeatsCache = SnapshotCache<Int64, [Seat]>(versionRow: .seats)

    static func fetchSeatMap(_ db: Database, showtimeID: Int64, viewer: Int64?, now: Date) throws -> SeatMap? {
        // Capacity and seats left are counted below from the seats and claims read anyway.
        guard let scheduled = try ScheduledShowtime.fetchOne(db, id: showtimeID) else { return nil }

        // The live claims alone: each carries its holder and hold expiry (migration
        // `v4-claim-holders`), so the reservations are not read, except the viewer's hold.
        struct Claim {
            var userID: Int64
            var sold: Bool
            var reservationID: Int64
        }
        var claims: [Int64: Claim] = [:]
        try db.cachedStatement(sql: """
            SELECT c.seat_id, c.user_id, c.held_until IS NULL, c.reservation_id FROM seat_claims c
            WHERE c.showtime_id = ? AND \(SeatClaim.liveSQL())
            """
        ).forEachRow(arguments: [showtimeID, StoredDate(now)]) { row in
            claims[row.int64(0)] = Claim(userID: row.int64(1), sold: row.bool(2), reservationID: row.int64(3))
        }

        var viewerHoldID: Int64?
        var capacity = 0
        var free = 0
        var gridRows = 0
        var gridCols = 0
        let hallSeats = try Self.hallSeats(db, hallID: scheduled.hallID)
        var seats: [SeatMap.Seat] = []
        seats.reserveCapacity(hallSeats.count)
        for seat in hallSeats {
            gridRows = max(gridRows, seat.gridRow + 1)
            gridCols = max(gridCols, seat.gridCol + 1)
            var state = SeatMap.State.free
            if let claim = claims[seat.id] {
                if claim.userID == viewer {
                    state = .mine
                    if !claim.sold { viewerHoldID = claim.reservationID }
                } else {
                    state = claim.sold ? .taken : .heldByOther
                }
            }
            if seat.blocked && state != .mine { state = .blocked }
            // As ShowtimeListing counts them: sellable seats, and those no live claim holds.
            if !seat.blocked { capacity += 1 }
            if state == .free { free += 1 }
            seats.append(SeatMap.Seat(
                id: seat.id, rowLabel: seat.rowLabel, number: seat.number, gridRow: seat.gridRow,
                gridCol: seat.gridCol, category: seat.category, state: state))
        }

        var viewerHold: (code: String, expiresAt: Date?)?
        if let viewerHoldID {
            try db.cachedStatement(sql: "SELECT code, hold_expires_at FROM reservations WHERE id = ?")
                .forEachRow(arguments: [viewerHoldID]) { row in viewerHold = (row.text(0), row.date(1)) }
        }

        let showtime = ShowtimeListing(showtime: scheduled, capacity: capacity, seatsLeft: free)
        let prices = try PriceTable.fetch(db)
        return SeatMap(
            showtime: showtime, seats: seats, gridRows: gridRows, gridCols: gridCols,
            prices: prices.ticketPrices(for: showtime.format), surcharges: prices.surcharges,
            viewerHoldCode: viewerHold?.code, viewerHoldExpiresAt: viewerHold?.expiresAt)
    }
}
