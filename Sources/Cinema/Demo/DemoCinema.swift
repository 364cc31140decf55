public import Foundation
import GRDB

/// Fills an empty database with a believable cinema: four halls, 35 movies with genres and
/// poster art, two weeks of showtimes, ticket types and prices.
///
/// ```swift
/// let seeded = try await DemoCinema.seed(
///     database: database, settings: settings, postersDirectory: publicFolder.appendingPathComponent("posters"),
///     now: Date())
/// ```
///
/// No user is created: the command line's `create-user` does that.
public enum DemoCinema {
    /// How many days of showtimes the demo schedules, from today.
    public static let scheduleDays = 14

    /// Seeds the demo cinema unless the database already has halls or movies.
    ///
    /// - Parameters:
    ///   - postersDirectory: Folder receiving one SVG poster per movie (created if needed);
    ///     each movie's `posterPath` is its file name there.
    ///   - now: "Today" for release dates and the schedule, in ``CinemaSettings/timeZone``.
    /// - Returns: false when the database was not empty: then nothing changed.
    @discardableResult
    public static func seed(
        database: CinemaDatabase, settings: CinemaSettings, postersDirectory: URL, now: Date
    ) async throws -> Bool {
        let calendar = settings.calendar
        let today = calendar.startOfDay(for: now)
        let movies = DemoMovies.entries.map { entry in
            (entry: entry, poster: slug(entry.title) + ".svg")
        }
        let seeded = try await database.writer.write { db -> Bool in
            // Checked inside the write transaction: two seeders cannot both see an empty cinema.
            let empty = try Bool.fetchOne(db, sql: """
                SELECT NOT EXISTS (SELECT 1 FROM halls) AND NOT EXISTS (SELECT 1 FROM movies)
                """) ?? false
            guard empty else { return false }
            try insertPricing(db)
            let genreIDs = try insertGenres(db)
            let hallIDs = try insertHalls(db)
            var movieIDs: [String: (id: Int64, runtime: Int)] = [:]
            for (entry, poster) in movies {
                let release = calendar.date(byAdding: .day, value: entry.releaseOffset, to: today) ?? today
                try db.execute(
                    sql: """
                        INSERT INTO movies (title, description, runtime_minutes, rating, release_date, poster_path, archived, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        entry.title, entry.description, entry.runtime, entry.rating,
                        DayDate(date: release, in: calendar).description, poster, entry.archived, now,
                    ])
                let movieID = db.lastInsertedRowID
                movieIDs[entry.title] = (movieID, entry.runtime)
                for genre in entry.genres {
                    guard let genreID = genreIDs[genre] else { continue }
                    try db.execute(
                        sql: "INSERT INTO movie_genres (movie_id, genre_id) VALUES (?, ?)", arguments: [movieID, genreID])
                }
            }
            try insertShowtimes(db, hallIDs: hallIDs, movies: movieIDs, today: today, settings: settings)
            return true
        }
        guard seeded else { return false }

        // Posters are written after the commit: a failed seed leaves no stray files behind.
        try FileManager.default.createDirectory(at: postersDirectory, withIntermediateDirectories: true)
        let genreNames = Dictionary(uniqueKeysWithValues: DemoMovies.genres.map { ($0.slug, $0.name) })
        for (entry, poster) in movies {
            let svg = PosterArt.svg(
                title: entry.title, genres: entry.genres.compactMap { genreNames[$0] }, rating: entry.rating,
                runtimeMinutes: entry.runtime)
            try Data(svg.utf8).write(to: postersDirectory.appendingPathComponent(poster), options: .atomic)
        }
        return true
    }

    // MARK: - Parts

    private static func insertPricing(_ db: Database) throws {
        for (index, type) in DemoHalls.ticketTypes.enumerated() {
            try db.execute(
                sql: "INSERT INTO ticket_types (code, name, sort) VALUES (?, ?, ?)",
                arguments: [type.code, type.name, index + 1])
            let typeID = db.lastInsertedRowID
            for (format, cents) in DemoHalls.prices[type.code] ?? [:] {
                try db.execute(
                    sql: "INSERT INTO prices (ticket_type_id, format, cents) VALUES (?, ?, ?)",
                    arguments: [typeID, format.rawValue, cents])
            }
        }
        for (category, cents) in DemoHalls.surcharges {
            try db.execute(
                sql: "INSERT INTO seat_category_surcharges (category, cents) VALUES (?, ?)",
                arguments: [category.rawValue, cents])
        }
    }

    private static func insertGenres(_ db: Database) throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        for genre in DemoMovies.genres {
            try db.execute(sql: "INSERT INTO genres (slug, name) VALUES (?, ?)", arguments: [genre.slug, genre.name])
            ids[genre.slug] = db.lastInsertedRowID
        }
        return ids
    }

    private static func insertHalls(_ db: Database) throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        for hall in DemoHalls.entries {
            try db.execute(
                sql: "INSERT INTO halls (name, format, layout) VALUES (?, ?, ?)",
                arguments: [hall.name, hall.format.rawValue, hall.layout])
            let hallID = db.lastInsertedRowID
            ids[hall.name] = hallID
            for seat in try HallLayout.parse(hall.layout) {
                try db.execute(
                    sql: """
                        INSERT INTO seats (hall_id, row_label, number, grid_row, grid_col, category, blocked)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        hallID, seat.rowLabel, seat.number, seat.gridRow, seat.gridCol,
                        seat.category.rawValue, seat.blocked,
                    ])
            }
        }
        return ids
    }

    /// Fills each hall's days from 10:00 with its rotation: each show starts on a five-minute
    /// mark after the previous one's end (runtime + cleaning) plus a short pause, the last
    /// one no later than 23:30.
    private static func insertShowtimes(
        _ db: Database, hallIDs: [String: Int64], movies: [String: (id: Int64, runtime: Int)],
        today: Date, settings: CinemaSettings
    ) throws {
        let calendar = settings.calendar
        var random = SplitMix64(seed: 0x4D41_5251_5545_4521)
        for (hallIndex, hall) in DemoHalls.entries.enumerated() {
            guard let hallID = hallIDs[hall.name], let rotation = DemoMovies.rotations[hall.name] else { continue }
            for dayIndex in 0..<scheduleDays {
                guard let day = calendar.date(byAdding: .day, value: dayIndex, to: today),
                      let opening = calendar.date(bySettingHour: 10, minute: hall.firstShowOffset, second: 0, of: day),
                      let lastStart = calendar.date(bySettingHour: 23, minute: 30, second: 0, of: day)
                else { continue }
                var start = opening
                // Each day starts further along the rotation, so programmes vary day to day.
                var position = dayIndex * 3 + hallIndex
                while start <= lastStart {
                    let title = rotation[position % rotation.count]
                    position += 1
                    guard let movie = movies[title] else { break }
                    _ = try Schedule.insertShowtime(
                        db, movieID: movie.id, hallID: hallID, startsAt: start, cleaningMinutes: settings.cleaningMinutes)
                    let pause = 5 * Int(random.next() % 4)  // 0–15 minutes of trailers and breathing room
                    let free = start.addingTimeInterval(TimeInterval((movie.runtime + settings.cleaningMinutes + pause) * 60))
                    start = roundUp(free, toMinutes: 5, calendar: calendar)
                }
            }
        }
    }

    static func roundUp(_ date: Date, toMinutes step: Int, calendar: Calendar) -> Date {
        let minute = calendar.component(.minute, from: date)
        let second = calendar.component(.second, from: date)
        let remainder = minute % step
        guard remainder != 0 || second != 0 else { return date }
        let add = (step - remainder) * 60 - second
        return date.addingTimeInterval(TimeInterval(add))
    }

    /// "The Cartographer's Apprentice" → "the-cartographers-apprentice".
    static func slug(_ title: String) -> String {
        var result = ""
        var pendingHyphen = false
        for scalar in title.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingHyphen && !result.isEmpty { result += "-" }
                pendingHyphen = false
                result.unicodeScalars.append(scalar)
            } else if scalar == "'" || scalar == "’" {
                continue
            } else {
                pendingHyphen = true
            }
        }
        return result
    }
}
