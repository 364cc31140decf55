public import Foundation
import GRDB

/// Whether a showtime still takes place.
public enum ShowtimeStatus: String, Sendable, CaseIterable, Codable {
    case scheduled
    case cancelled
}

/// A showtime as scheduled: its movie, hall and times, without seat counts.
///
/// What a reservation's pages and mail show about its showtime, and what booking checks
/// (``isBookable(at:)``). Kept in memory while no showtime, movie or hall changes (see
/// ``fetchOne(_:id:)``), so every booking step reads it for free; the seats left, which
/// change with every booking, are only in ``ShowtimeListing``.
public struct ScheduledShowtime: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var movieID: Int64
    public var movieTitle: String
    public var posterPath: String?
    public var runtimeMinutes: Int
    public var rating: String
    public var hallID: Int64
    public var hallName: String
    public var format: HallFormat
    public var startsAt: Date
    /// Start + runtime + cleaning time: when the hall is free again.
    public var endsAt: Date
    public var status: ShowtimeStatus

    public init(
        id: Int64, movieID: Int64, movieTitle: String, posterPath: String?, runtimeMinutes: Int,
        rating: String, hallID: Int64, hallName: String, format: HallFormat, startsAt: Date,
        endsAt: Date, status: ShowtimeStatus
    ) {
        self.id = id
        self.movieID = movieID
        self.movieTitle = movieTitle
        self.posterPath = posterPath
        self.runtimeMinutes = runtimeMinutes
        self.rating = rating
        self.hallID = hallID
        self.hallName = hallName
        self.format = format
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.status = status
    }

    /// True when seats can still be held: scheduled and not started at `now`.
    public func isBookable(at now: Date) -> Bool {
        status == .scheduled && startsAt > now
    }
}

/// A showtime with what a listing shows about its movie and hall, and seats left.
///
/// The scheduled showtime's properties read as the listing's own (`listing.movieTitle`).
@dynamicMemberLookup
public struct ShowtimeListing: Sendable, Hashable, Identifiable {
    public var showtime: ScheduledShowtime
    /// Seats that can be sold in the hall (not blocked).
    public var capacity: Int
    /// Sellable seats that no confirmed booking and no live hold claims.
    public var seatsLeft: Int

    public init(showtime: ScheduledShowtime, capacity: Int, seatsLeft: Int) {
        self.showtime = showtime
        self.capacity = capacity
        self.seatsLeft = seatsLeft
    }

    public var id: Int64 { showtime.id }

    public subscript<T>(dynamicMember keyPath: KeyPath<ScheduledShowtime, T>) -> T {
        showtime[keyPath: keyPath]
    }

    /// True when no seat is left.
    public var isSoldOut: Bool { seatsLeft <= 0 }

    /// True when seats can still be held: scheduled and not started at `now`.
    public func isBookable(at now: Date) -> Bool {
        showtime.isBookable(at: now)
    }
}

extension ShowtimeListing {
    /// Selects the columns ``init(row:)`` reads. Append `WHERE`/`ORDER BY`; bind `now`
    /// (live holds are those expiring after it) as the first argument.
    static let selectSQL = """
        WITH capacity AS (
            SELECT hall_id, COUNT(*) AS seats FROM seats WHERE blocked = 0 GROUP BY hall_id)
        SELECT \(ScheduledShowtime.columnsSQL),
               COALESCE(capacity.seats, 0) AS capacity,
               \(takenSQL) AS taken
        \(ScheduledShowtime.fromSQL)
        LEFT JOIN capacity ON capacity.hall_id = s.hall_id
        """

    /// Live claims on sellable seats of showtime `s`, bound to `now`.
    private static let takenSQL = """
        (SELECT COUNT(*) FROM seat_claims c
           JOIN seats st ON st.id = c.seat_id
          WHERE c.showtime_id = s.id AND st.blocked = 0 AND \(SeatClaim.liveSQL()))
        """

    /// A listing from a row of ``selectSQL``.
    init(row: Row) {
        let capacity: Int = row["capacity"]
        let taken: Int = row["taken"]
        self.init(showtime: ScheduledShowtime(row: row), capacity: capacity, seatsLeft: max(0, capacity - taken))
    }

    /// The listing of showtime `id` with live holds judged at `now`, or nil: the same numbers
    /// as ``fetchAll(_:now:whereSQL:arguments:orderSQL:)``, counted the cheap way for one.
    static func fetchOne(_ db: Database, id: Int64, now: Date) throws -> ShowtimeListing? {
        guard let showtime = try ScheduledShowtime.fetchOne(db, id: id) else { return nil }
        let seats = try Catalog.hallSeats(db, hallID: showtime.hallID)
        let blocked = seats.filter(\.blocked).map(\.id)
        var listing = ShowtimeListing(showtime: showtime, capacity: seats.count - blocked.count, seatsLeft: 0)
        // Live claims, less those on seats blocked since they were claimed: the blocked seats'
        // ids come from memory, so the claims need no join with the seats.
        var sql = """
            SELECT COUNT(*) FROM seat_claims c
            WHERE c.showtime_id = ? AND \(SeatClaim.liveSQL())
            """
        var arguments: StatementArguments = [id, StoredDate(now)]
        if !blocked.isEmpty {
            sql += " AND c.seat_id NOT IN (\(databaseQuestionMarks(count: blocked.count)))"
            arguments += StatementArguments(blocked)
        }
        // Cached too with blocked seats: the text varies only with how many a hall has.
        let taken = try Int.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) ?? 0
        listing.seatsLeft = max(0, listing.capacity - taken)
        return listing
    }

    /// Fetches listings matching `whereSQL` (which may be empty) with live holds judged at `now`.
    static func fetchAll(
        _ db: Database, now: Date, whereSQL: String = "", arguments: StatementArguments = [],
        orderSQL: String = "ORDER BY s.starts_at, h.name"
    ) throws -> [ShowtimeListing] {
        let sql = selectSQL + "\n" + whereSQL + "\n" + orderSQL
        let statement = try db.cachedStatement(sql: sql)
        return try Row.fetchAll(statement, arguments: [StoredDate(now)] + arguments).map { ShowtimeListing(row: $0) }
    }
}

extension ScheduledShowtime {
    /// The columns ``init(row:)`` reads, from ``fromSQL``'s showtime `s`, movie `m` and hall `h`.
    static let columnsSQL = """
        s.id, s.movie_id, s.hall_id, s.starts_at, s.ends_at, s.status,
        m.title AS movie_title, m.poster_path, m.runtime_minutes, m.rating,
        h.name AS hall_name, h.format
        """

    /// Showtimes `s` with their movie `m` and hall `h`.
    static let fromSQL = """
        FROM showtimes s
        JOIN movies m ON m.id = s.movie_id
        JOIN halls h ON h.id = s.hall_id
        """

    /// A showtime from a row with the columns of ``columnsSQL``.
    init(row: Row) {
        self.init(
            id: row["id"],
            movieID: row["movie_id"],
            movieTitle: row["movie_title"],
            posterPath: row["poster_path"],
            runtimeMinutes: row["runtime_minutes"],
            rating: row["rating"],
            hallID: row["hall_id"],
            hallName: row["hall_name"],
            format: HallFormat(rawValue: row["format"]) ?? .standard,
            startsAt: StoredDate.date(row, "starts_at"),
            endsAt: StoredDate.date(row, "ends_at"),
            status: ShowtimeStatus(rawValue: row["status"]) ?? .cancelled)
    }

    /// Showtime `id`, or nil.
    ///
    /// From memory while no showtime, movie or hall changed: every step of a booking reads
    /// its showtime, and the join of three tables cost more than the rest of the read. Its
    /// seats are counted apart: ``ShowtimeListing/fetchOne(_:id:now:)`` from the hall's seats
    /// in memory, the seat map from the seats it reads anyway.
    static func fetchOne(_ db: Database, id: Int64) throws -> ScheduledShowtime? {
        try cache.value(db, for: id) { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(columnsSQL) \(fromSQL) WHERE s.id = ?"), arguments: [id])
                .map(ScheduledShowtime.init(row:))
        }
    }

    // Ids come from URLs, so unknown ones are kept too (as nil), within a bound.
    private static let cache = SnapshotCache<Int64, ScheduledShowtime?>(versionRow: .showtimes, maximumCount: 20_000)
}
