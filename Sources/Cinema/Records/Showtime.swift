public import Foundation
import GRDB

/// Whether a showtime still takes place.
public enum ShowtimeStatus: String, Sendable, CaseIterable, Codable {
    case scheduled
    case cancelled
}

/// A showtime with what a listing shows about its movie and hall, and seats left.
public struct ShowtimeListing: Sendable, Hashable, Identifiable {
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
    /// Seats that can be sold in the hall (not blocked).
    public var capacity: Int
    /// Sellable seats that no confirmed booking and no live hold claims.
    public var seatsLeft: Int

    public init(
        id: Int64, movieID: Int64, movieTitle: String, posterPath: String?, runtimeMinutes: Int,
        rating: String, hallID: Int64, hallName: String, format: HallFormat, startsAt: Date,
        endsAt: Date, status: ShowtimeStatus, capacity: Int, seatsLeft: Int
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
        self.capacity = capacity
        self.seatsLeft = seatsLeft
    }

    /// True when no seat is left.
    public var isSoldOut: Bool { seatsLeft <= 0 }

    /// True when seats can still be held: scheduled and not started at `now`.
    public func isBookable(at now: Date) -> Bool {
        status == .scheduled && startsAt > now
    }
}

extension ShowtimeListing {
    /// Selects the columns ``init(row:)`` reads. Append `WHERE`/`ORDER BY`; bind `now`
    /// (live holds are those expiring after it) as the first argument.
    static let selectSQL = """
        WITH capacity AS (
            SELECT hall_id, COUNT(*) AS seats FROM seats WHERE blocked = 0 GROUP BY hall_id)
        \(columnsSQL(capacity: "COALESCE(capacity.seats, 0)"))
        LEFT JOIN capacity ON capacity.hall_id = s.hall_id
        """

    /// One showtime bound to its id, with neither capacity nor seats taken: ``fetchOne(_:id:now:)``
    /// counts them from the hall's seats in memory, and the seat map from the seats it reads
    /// anyway. (Counting a hall's seats in SQL was most of the cost of every checkout.)
    static let selectOneBareSQL = """
        \(columnsSQL(capacity: "0", taken: "0"))
        WHERE s.id = ?
        """

    /// Whether reservation `r` claims its seats at `now` (bound): confirmed, or held and
    /// not expired.
    private static let liveReservationSQL = "(r.status = 'confirmed' OR (r.status = 'held' AND r.hold_expires_at > ?))"

    /// Live claims on sellable seats of showtime `s`, bound to `now`.
    private static let takenSQL = """
        (SELECT COUNT(*) FROM seat_claims c
           JOIN reservations r ON r.id = c.reservation_id
           JOIN seats st ON st.id = c.seat_id
          WHERE c.showtime_id = s.id AND st.blocked = 0 AND \(liveReservationSQL))
        """

    private static func columnsSQL(capacity: String, taken: String = takenSQL) -> String {
        """
        SELECT s.id, s.movie_id, s.hall_id, s.starts_at, s.ends_at, s.status,
               m.title AS movie_title, m.poster_path, m.runtime_minutes, m.rating,
               h.name AS hall_name, h.format,
               \(capacity) AS capacity,
               \(taken) AS taken
        FROM showtimes s
        JOIN movies m ON m.id = s.movie_id
        JOIN halls h ON h.id = s.hall_id
        """
    }

    /// - Parameters:
    ///   - capacity: The sellable seats when the row does not count them.
    ///   - taken: The claimed sellable seats when the row does not count them.
    init(row: Row, capacity: Int? = nil, taken: Int? = nil) {
        let capacity: Int = capacity ?? row["capacity"]
        let taken: Int = taken ?? row["taken"]
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
            status: ShowtimeStatus(rawValue: row["status"]) ?? .cancelled,
            capacity: capacity,
            seatsLeft: max(0, capacity - taken))
    }

    /// The listing of showtime `id` with live holds judged at `now`, or nil: the same numbers
    /// as ``fetchAll(_:now:whereSQL:arguments:orderSQL:)``, counted the cheap way for one.
    static func fetchOne(_ db: Database, id: Int64, now: Date) throws -> ShowtimeListing? {
        guard var listing = try fetchOneUncounted(db, id: id) else { return nil }
        let seats = try Catalog.hallSeats(db, hallID: listing.hallID)
        let blocked = seats.filter(\.blocked).map(\.id)
        listing.capacity = seats.count - blocked.count
        // Live claims, less those on seats blocked since they were claimed: the blocked seats'
        // ids come from memory, so the claims need no join with the seats.
        var sql = """
            SELECT COUNT(*) FROM seat_claims c JOIN reservations r ON r.id = c.reservation_id
            WHERE c.showtime_id = ? AND \(liveReservationSQL)
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

    /// The listing of showtime `id` with `capacity` and `seatsLeft` left for the caller to
    /// fill in, or nil.
    ///
    /// From memory while no showtime, movie or hall changed: every step of a booking reads
    /// its showtime, and the join of three tables cost more than the rest of the read.
    static func fetchOneUncounted(_ db: Database, id: Int64) throws -> ShowtimeListing? {
        try uncountedCache.value(db, for: id) { db in
            try Row.fetchOne(db.cachedStatement(sql: selectOneBareSQL), arguments: [id])
                .map { ShowtimeListing(row: $0, capacity: 0, taken: 0) }
        }
    }

    // Ids come from URLs, so unknown ones are kept too (as nil), within a bound.
    private static let uncountedCache = SnapshotCache<Int64, ShowtimeListing?>(versionRow: "showtimes", maximumCount: 20_000)

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
