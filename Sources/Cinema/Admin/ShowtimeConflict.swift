public import Foundation
import GRDB

/// A showtime that keeps a hall busy when another one was asked for.
public struct ShowtimeConflict: Sendable, Hashable {
    /// The start that was asked for and refused.
    public var requestedStart: Date
    /// The showtime in the way (it may have been created earlier in the same batch).
    public var showtimeID: Int64
    public var movieTitle: String
    public var hallName: String
    public var startsAt: Date
    /// When the hall is free again (runtime plus cleaning).
    public var endsAt: Date
    /// A sentence naming the showtime in the way, in the cinema's local time.
    public var message: String

    public init(
        requestedStart: Date, showtimeID: Int64, movieTitle: String, hallName: String, startsAt: Date,
        endsAt: Date, message: String
    ) {
        self.requestedStart = requestedStart
        self.showtimeID = showtimeID
        self.movieTitle = movieTitle
        self.hallName = hallName
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.message = message
    }
}

extension ShowtimeConflict {
    /// The first scheduled showtime of `hallID` overlapping `[start, end)`, other than `excluding`.
    static func find(
        _ db: Database, hallID: Int64, start: Date, end: Date, excluding: Int64? = nil, requestedStart: Date,
        text: LocalTimeText
    ) throws -> ShowtimeConflict? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT s.id, s.starts_at, s.ends_at, m.title, h.name AS hall_name
                FROM showtimes s JOIN movies m ON m.id = s.movie_id JOIN halls h ON h.id = s.hall_id
                WHERE s.hall_id = ? AND s.status = 'scheduled' AND s.starts_at < ? AND ? < s.ends_at
                  AND (? IS NULL OR s.id <> ?)
                ORDER BY s.starts_at LIMIT 1
                """),
            arguments: [hallID, end, start, excluding, excluding])
        else { return nil }
        let startsAt: Date = row["starts_at"]
        let endsAt: Date = row["ends_at"]
        let title: String = row["title"]
        let hall: String = row["hall_name"]
        return ShowtimeConflict(
            requestedStart: requestedStart, showtimeID: row["id"], movieTitle: title, hallName: hall,
            startsAt: startsAt, endsAt: endsAt,
            message: "\(hall) is taken by “\(title)” on \(text.long(startsAt)) "
                + "(until \(text.timeString(endsAt)), cleaning included).")
    }
}
