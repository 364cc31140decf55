import Foundation
import GRDB

extension AdminCatalog {
    /// Runs the admin movie list query (or one movie's row with `onlyID`).
    static func fetchPage(_ db: Database, query: AdminMovieQuery, now: Date, onlyID: Int64? = nil) throws -> AdminMoviePage {
        let page = max(1, query.page)
        let perPage = min(max(1, query.perPage), 200)
        var conditions: [String] = []
        var arguments = StatementArguments()
        switch query.archived {
        case .exclude: conditions.append("m.archived = 0")
        case .include: break
        case .only: conditions.append("m.archived = 1")
        }
        if let onlyID {
            conditions.append("m.id = ?")
            arguments += [onlyID]
        }
        if let search = query.search?.trimmingCharacters(in: .whitespacesAndNewlines), !search.isEmpty {
            var matches = ["m.title LIKE ? ESCAPE '\\'"]
            arguments += [likePrefix(search)]
            if let pattern = Catalog.ftsPattern(for: search) {
                matches.append("m.id IN (SELECT rowid FROM movie_search WHERE movie_search MATCH ?)")
                arguments += [pattern]
            }
            conditions.append("(" + matches.joined(separator: " OR ") + ")")
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try Row.fetchAll(
            db,
            sql: """
                    WITH upcoming AS (
                    SELECT s.movie_id, COUNT(DISTINCT s.id) AS showtimes, COUNT(r.id) AS reservations
                    FROM showtimes s
                    LEFT JOIN reservations r ON r.showtime_id = s.id
                         AND \(Reservation.liveSQL(now: "?1"))
                    WHERE s.status = 'scheduled' AND s.starts_at > ?1
                    GROUP BY s.movie_id)
                SELECT m.id, m.title, m.runtime_minutes, m.rating, m.release_date, m.poster_path, m.archived,
                       m.tmdb_id, COALESCE(u.showtimes, 0) AS showtimes, COALESCE(u.reservations, 0) AS reservations,
                       COUNT(*) OVER () AS total
                FROM movies m LEFT JOIN upcoming u ON u.movie_id = m.id
                \(whereClause)
                ORDER BY m.title COLLATE NOCASE, m.id
                LIMIT ? OFFSET ?
                """,
            // `?1` is `now`; the unnumbered parameters after it are 2, 3, …
            arguments: [now] + arguments + [perPage, Paging.offset(page: page, perPage: perPage)])
        let total: Int
        if let first = rows.first {
            total = first["total"]
        } else {
            total = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM movies m \(whereClause)", arguments: arguments) ?? 0
        }
        let ids = rows.map { $0["id"] as Int64 }
        let genres = try Catalog.genresByMovie(db, movieIDs: ids)
        let items = rows.map { row in
            let id: Int64 = row["id"]
            return AdminMovieRow(
                id: id, title: row["title"], runtimeMinutes: row["runtime_minutes"], rating: row["rating"],
                releaseDate: DayDate.fromColumn(row["release_date"]), posterPath: row["poster_path"],
                archived: row["archived"], tmdbID: row["tmdb_id"], genres: genres[id] ?? [],
                upcomingShowtimes: row["showtimes"], upcomingReservations: row["reservations"])
        }
        return AdminMoviePage(items: items, total: total, page: page, perPage: perPage)
    }

    /// A `LIKE` pattern matching text that starts with `text`, wildcards escaped.
    static func likePrefix(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
