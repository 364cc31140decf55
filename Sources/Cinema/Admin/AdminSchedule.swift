public import Foundation
import GRDB

/// Showtimes for the admin pages: list, create (one or a batch), edit, cancel.
///
/// A showtime keeps its hall from its start to start + runtime +
/// ``CinemaSettings/cleaningMinutes``; two scheduled showtimes of a hall never overlap, and a
/// refusal names the showtime in the way in the cinema's local time. Dates and times in
/// forms are local (``CinemaSettings/timeZone``); everything stored is UTC.
public struct AdminSchedule: Sendable {
    let database: CinemaDatabase
    let settings: CinemaSettings

    /// Most consecutive days one batch covers.
    public static let maximumBatchDays = 31
    /// Most start times per day in one batch.
    public static let maximumBatchTimes = 12

    public init(database: CinemaDatabase, settings: CinemaSettings) {
        self.database = database
        self.settings = settings
    }

    // MARK: - Reading

    /// Showtimes matching `filter` (date range, hall, movie, format, cancelled ones too when
    /// asked), earliest first, with their booking counts.
    public func showtimes(_ filter: ShowtimeFilter, now: Date) async throws -> [AdminShowtime] {
        try await database.read { db in
            let listings = try Catalog.fetchShowtimes(db, filter: filter, now: now)
            guard !listings.isEmpty else { return [] }
            var counts: [Int64: Row] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT r.showtime_id,
                           SUM(r.status = 'confirmed') AS confirmed,
                           SUM\(Reservation.liveHoldSQL()) AS holds,
                           (SELECT COUNT(*) FROM reservation_seats rs JOIN reservations r2 ON r2.id = rs.reservation_id
                             WHERE r2.showtime_id = r.showtime_id AND r2.status = 'confirmed') AS sold
                    FROM reservations r
                    WHERE r.showtime_id IN (\(databaseQuestionMarks(count: listings.count)))
                    GROUP BY r.showtime_id
                    """,
                arguments: [now] + StatementArguments(listings.map(\.id))) {
                counts[row["showtime_id"]] = row
            }
            return listings.map { listing in
                let row = counts[listing.id]
                return AdminShowtime(
                    listing: listing, confirmedReservations: row?["confirmed"] ?? 0, liveHolds: row?["holds"] ?? 0,
                    seatsSold: row?["sold"] ?? 0)
            }
        }
    }

    /// The showtime form filled with a showtime's values, or nil.
    public func showtimeForm(id: Int64, now: Date) async throws -> ShowtimeEditor? {
        let text = LocalTimeText(settings: settings)
        return try await database.read { db in
            guard let listing = try ShowtimeListing.fetchOne(db, id: id, now: now)
            else { return nil }
            return ShowtimeEditor(
                id: id,
                form: ShowtimeForm(
                    movieID: listing.movieID, hallID: listing.hallID, date: text.dayString(listing.startsAt),
                    time: text.timeString(listing.startsAt)),
                listing: listing,
                liveReservations: try Self.liveReservations(db, showtimeID: id, now: now).count)
        }
    }

    // MARK: - Creating

    /// Schedules one showtime and returns its id.
    ///
    /// - Throws: ``ValidationError`` on `movieID` (none, unknown, archived), `hallID`, `date`,
    ///   `time` (malformed, passed, missing because the clocks go forward, or overlapping:
    ///   the message names the showtime in the way); ``AdminError/notAuthorized``.
    public func create(_ form: ShowtimeForm, actor: Int64, now: Date) async throws -> Int64 {
        let text = LocalTimeText(settings: settings)
        var errors = ValidationError()
        let start = Self.start(date: form.date, time: form.time, text: text, now: now, errors: &errors)
        let cleaning = settings.cleaningMinutes
        // The closure runs on GRDB's writer: it starts from a copy of the form checks.
        let checked = errors
        return try await database.writer.write { db in
            var errors = checked
            try AdminStore.requireAdmin(db, actor: actor)
            let choice = try Self.choose(db, movieID: form.movieID, hallID: form.hallID, errors: &errors)
            try errors.throwIfAny()
            guard let choice, let start else { throw errors }
            let end = start.addingTimeInterval(TimeInterval((choice.runtime + cleaning) * 60))
            if let conflict = try ShowtimeConflict.find(
                db, hallID: choice.hallID, start: start, end: end, requestedStart: start, text: text) {
                throw ValidationError(field: "time", conflict.message)
            }
            let id = try Schedule.insertShowtime(
                db, movieID: choice.movieID, hallID: choice.hallID, startsAt: start, cleaningMinutes: cleaning)
            try AdminStore.audit(
                db, actor: actor, action: "create", entity: .showtime, entityID: id,
                details: "“\(choice.title)” in \(choice.hallName) on \(text.long(start))", now: now)
            return id
        }
    }

    // MARK: - Shared checks

    /// The movie and hall a form chose.
    struct Choice {
        var movieID: Int64
        var title: String
        var runtime: Int
        var hallID: Int64
        var hallName: String
    }

    /// Looks up the chosen movie and hall, reporting problems on `movieID` and `hallID`.
    static func choose(_ db: Database, movieID: Int64?, hallID: Int64?, errors: inout ValidationError) throws -> Choice? {
        var movie: Row?
        if let movieID {
            movie = try Row.fetchOne(
                db, sql: "SELECT title, runtime_minutes, archived FROM movies WHERE id = ?", arguments: [movieID])
            if movie == nil {
                errors.add("movieID", "That movie does not exist (any more).")
            } else if let archivedMovie = movie, archivedMovie["archived"] as Bool {
                errors.add("movieID", "“\(archivedMovie["title"] as String)” is archived; unarchive it to schedule it.")
            }
        } else {
            errors.add("movieID", "Choose a movie.")
        }
        var hallName: String?
        if let hallID {
            hallName = try String.fetchOne(db, sql: "SELECT name FROM halls WHERE id = ?", arguments: [hallID])
            if hallName == nil { errors.add("hallID", "That hall does not exist (any more).") }
        } else {
            errors.add("hallID", "Choose a hall.")
        }
        guard errors.isEmpty, let movieID, let hallID, let movie, let hallName else { return nil }
        return Choice(
            movieID: movieID, title: movie["title"], runtime: movie["runtime_minutes"], hallID: hallID, hallName: hallName)
    }

    /// The instant of a local date and time from a form, reporting problems on `date`/`time`.
    static func start(date: String, time: String, text: LocalTimeText, now: Date, errors: inout ValidationError) -> Date? {
        let day = text.day(date)
        if day == nil { errors.add("date", "Enter a date like 2025-06-30.") }
        let clock = text.clockTime(time)
        if clock == nil { errors.add("time", "Enter a time like 18:30.") }
        guard let day, let clock else { return nil }
        guard let start = text.instant(day, hour: clock.hour, minute: clock.minute) else {
            errors.add("time", "\(time.trimmingCharacters(in: .whitespaces)) does not exist on \(day): the clocks go forward that night.")
            return nil
        }
        if start <= now {
            errors.add("time", "That time has passed; choose a time in the future.")
            return nil
        }
        return start
    }

    /// Confirmed bookings and live holds of a showtime.
    static func liveReservations(_ db: Database, showtimeID: Int64, now: Date) throws -> [Reservation] {
        try Reservation.fetchAll(
            db, "WHERE showtime_id = ?1 AND \(Reservation.liveSQL("", now: "?2")) ORDER BY id",
            arguments: [showtimeID, StoredDate(now)])
    }
}
