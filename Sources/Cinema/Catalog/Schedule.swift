public import Foundation
import GRDB

/// Schedules showtimes (admin and the demo seed). Cancelling one is
/// ``AdminSchedule/cancel(id:actor:now:)``, which also cancels its bookings and holds and
/// tells the people who made them.
///
/// A showtime occupies its hall from its start until start + runtime +
/// ``CinemaSettings/cleaningMinutes``; two scheduled showtimes of one hall never overlap.
/// The check runs in the inserting transaction (for a clear error), and a trigger refuses
/// an overlap from any other writer.
public struct Schedule: Sendable {
    public enum Error: Swift.Error, Sendable, Equatable {
        case unknownMovie
        case unknownHall
        /// Archived movies are not scheduled.
        case movieArchived
        /// The hall is busy then: the id and start of the showtime in the way.
        case overlaps(showtimeID: Int64, startsAt: Date)
    }

    let database: CinemaDatabase
    let settings: CinemaSettings

    public init(database: CinemaDatabase, settings: CinemaSettings) {
        self.database = database
        self.settings = settings
    }

    /// Schedules a movie in a hall and returns the new showtime's id.
    public func addShowtime(movieID: Int64, hallID: Int64, startsAt: Date) async throws -> Int64 {
        let cleaning = settings.cleaningMinutes
        return try await database.writer.write { db in
            try Self.insertShowtime(db, movieID: movieID, hallID: hallID, startsAt: startsAt, cleaningMinutes: cleaning)
        }
    }

    static func insertShowtime(
        _ db: Database, movieID: Int64, hallID: Int64, startsAt: Date, cleaningMinutes: Int
    ) throws -> Int64 {
        guard let movie = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT runtime_minutes, archived FROM movies WHERE id = ?"), arguments: [movieID])
        else { throw Error.unknownMovie }
        guard !(movie["archived"] as Bool) else { throw Error.movieArchived }
        guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM halls WHERE id = ?)"), arguments: [hallID]) == true
        else { throw Error.unknownHall }
        let runtime: Int = movie["runtime_minutes"]
        let endsAt = startsAt.addingTimeInterval(TimeInterval((runtime + cleaningMinutes) * 60))
        if let clash = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT id, starts_at FROM showtimes
                WHERE hall_id = ? AND status = 'scheduled' AND starts_at < ? AND ? < ends_at
                ORDER BY starts_at LIMIT 1
                """),
            arguments: [hallID, endsAt, startsAt]) {
            throw Error.overlaps(showtimeID: clash["id"], startsAt: clash["starts_at"])
        }
        try db.execute(
            sql: "INSERT INTO showtimes (movie_id, hall_id, starts_at, ends_at, status) VALUES (?, ?, ?, ?, 'scheduled')",
            arguments: [movieID, hallID, startsAt, endsAt])
        return db.lastInsertedRowID
    }
}
