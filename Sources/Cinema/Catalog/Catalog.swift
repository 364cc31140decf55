public import Foundation
import GRDB

/// Read-only queries for browsing: movies, genres, halls, showtimes and seat maps.
///
/// Every method answers from one database read, so a page costs one round trip.
///
/// ```swift
/// let catalog = Catalog(database: database, settings: settings)
/// let page = try await catalog.movies(MovieFilter(keyword: "night"), now: Date())
/// ```
public struct Catalog: Sendable {
    let database: CinemaDatabase
    let settings: CinemaSettings

    public init(database: CinemaDatabase, settings: CinemaSettings) {
        self.database = database
        self.settings = settings
    }

    // MARK: - Movies

    /// One page of movies matching `filter`, with the total count and the filter form's options.
    ///
    /// - Parameters:
    ///   - now: Showtimes that start at or before `now` no longer count as upcoming.
    public func movies(_ filter: MovieFilter, now: Date) async throws -> MoviePage {
        let today = DayDate(date: now, in: settings.calendar)
        return try await database.read { db in
            try Self.fetchMoviePage(db, filter: filter, now: now, today: today)
        }
    }

    /// The movie with this id and its upcoming showtimes (archived movies included), or nil.
    public func movie(id: Int64, now: Date) async throws -> MovieDetail? {
        try await database.read { db in
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT id, title, description, runtime_minutes, rating, release_date, poster_path,
                           tmdb_id, archived
                    FROM movies WHERE id = ?
                    """),
                arguments: [id])
            else { return nil }
            let genres = try Self.genresByMovie(db, movieIDs: [id])[id] ?? []
            let showtimes = try ShowtimeListing.fetchAll(
                db, now: now,
                whereSQL: "WHERE s.movie_id = ? AND s.status = 'scheduled' AND s.starts_at > ?",
                arguments: [id, now])
            return MovieDetail(
                id: row["id"], title: row["title"], description: row["description"],
                runtimeMinutes: row["runtime_minutes"], rating: row["rating"],
                releaseDate: DayDate.fromColumn(row["release_date"]), posterPath: row["poster_path"],
                tmdbID: row["tmdb_id"], archived: row["archived"], genres: genres, showtimes: showtimes)
        }
    }

    /// Every genre, by name.
    public func genres() async throws -> [Genre] {
        try await database.read { db in try Self.fetchGenres(db) }
    }

    /// Formats of the cinema's halls, in ``HallFormat`` order.
    public func formats() async throws -> [HallFormat] {
        try await database.read { db in try Self.fetchFormats(db) }
    }

    /// Every hall with its capacity, by name.
    public func halls() async throws -> [Hall] {
        try await database.read { db in try Self.fetchHalls(db) }
    }

    /// A hall with its seats in grid order, or nil.
    public func hall(id: Int64) async throws -> (hall: Hall, seats: [Seat])? {
        try await database.read { db in
            guard let hall = try Self.fetchHalls(db, id: id).first else { return nil }
            return (hall, try Self.hallSeats(db, hallID: id))
        }
    }

    // MARK: - Queries shared by the methods above

    static func fetchGenres(_ db: Database) throws -> [Genre] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT id, slug, name FROM genres ORDER BY name"))
            .map(Genre.init(row:))
    }

    static func fetchFormats(_ db: Database) throws -> [HallFormat] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT format FROM halls"))
            .compactMap(HallFormat.init(rawValue:))
            .sorted()
    }

    static func fetchHalls(_ db: Database, id: Int64? = nil) throws -> [Hall] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT h.id, h.name, h.format, h.layout,
                       (SELECT COUNT(*) FROM seats s WHERE s.hall_id = h.id AND s.blocked = 0) AS capacity
                FROM halls h WHERE ?1 IS NULL OR h.id = ?1 ORDER BY h.name
                """),
            arguments: [id]
        ).map(Hall.init(row:))
    }

    /// Genres of each movie, by name.
    static func genresByMovie(_ db: Database, movieIDs: [Int64]) throws -> [Int64: [Genre]] {
        guard !movieIDs.isEmpty else { return [:] }
        // The ids travel as one JSON array, so a single prepared statement serves any page.
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT mg.movie_id, g.id, g.slug, g.name
                FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id
                WHERE mg.movie_id IN (SELECT value FROM json_each(?))
                ORDER BY g.name
                """),
            arguments: ["[" + movieIDs.map(String.init).joined(separator: ",") + "]"])
        var result: [Int64: [Genre]] = [:]
        for row in rows {
            result[row["movie_id"], default: []].append(Genre(row: row))
        }
        return result
    }
}
