import Foundation
import GRDB

extension Catalog {
    /// Builds and runs the movie list query for `filter`.
    static func fetchMoviePage(_ db: Database, filter: MovieFilter, now: Date, today: DayDate) throws -> MoviePage {
        let page = filter.clampedPage
        let perPage = filter.clampedPerPage
        var arguments = StatementArguments()

        // The next showtime of each movie, narrowed by date and format: a correlated
        // subquery is one seek in showtimes(movie_id, starts_at) per movie, where grouping
        // every upcoming showtime by movie read them all on every page view.
        var showtimeConditions = ["s.movie_id = m.id", "s.status = 'scheduled'", "s.starts_at > ?"]
        var from = now
        if let date = filter.date, date.start > now { from = date.start }
        arguments += [from]
        if let date = filter.date {
            showtimeConditions.append("s.starts_at < ?")
            arguments += [date.end]
        }
        if let format = filter.format {
            showtimeConditions.append("h.format = ?")
            arguments += [format.rawValue]
        }
        let nextStart = """
            (SELECT MIN(s.starts_at) FROM showtimes s\(filter.format == nil ? "" : " JOIN halls h ON h.id = s.hall_id")
             WHERE \(showtimeConditions.joined(separator: " AND ")))
            """
        let needsShowtime = filter.scope == .nowShowing || filter.date != nil || filter.format != nil

        var conditions = ["m.archived = 0"]
        if filter.scope == .comingSoon {
            conditions.append("m.release_date > ?")
            arguments += [today.description]
        }
        if let keyword = filter.keyword, let pattern = ftsPattern(for: keyword) {
            conditions.append("m.id IN (SELECT rowid FROM movie_search WHERE movie_search MATCH ?)")
            arguments += [pattern]
        }
        if let genre = filter.genre?.trimmingCharacters(in: .whitespaces), !genre.isEmpty {
            conditions.append("""
                EXISTS (SELECT 1 FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id
                        WHERE mg.movie_id = m.id AND g.slug = ?)
                """)
            arguments += [genre]
        }
        if let minimum = filter.runtimeMin {
            conditions.append("m.runtime_minutes >= ?")
            arguments += [minimum]
        }
        if let maximum = filter.runtimeMax {
            conditions.append("m.runtime_minutes <= ?")
            arguments += [maximum]
        }

        let order = switch filter.sort {
        case .title: "title COLLATE NOCASE, id"
        case .releaseDate: "release_date IS NULL, release_date DESC, title COLLATE NOCASE, id"
        case .runtime: "runtime_minutes, title COLLATE NOCASE, id"
        case .nextShowtime: "next_start IS NULL, next_start, title COLLATE NOCASE, id"
        }
        // MATERIALIZED: the next showtime is worked out once per movie, not again for the
        // filter and the sort.
        let candidates = """
            WITH candidates AS MATERIALIZED (
                SELECT m.id, m.title, m.runtime_minutes, m.rating, m.release_date, m.poster_path,
                       \(nextStart) AS next_start
                FROM movies m
                WHERE \(conditions.joined(separator: " AND ")))
            SELECT %@ FROM candidates\(needsShowtime ? " WHERE next_start IS NOT NULL" : "")
            """

        // COUNT(*) OVER () carries the total on every row of the page: one query for both.
        // The SQL text depends only on which filters are set, so the prepared statements are
        // kept (a few dozen at most) and each page view only binds and steps one.
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: candidates.replacingOccurrences(of: "%@", with: "*, COUNT(*) OVER () AS total")
                + " ORDER BY \(order) LIMIT ? OFFSET ?"),
            arguments: arguments + [perPage, Paging.offset(page: page, perPage: perPage)])

        let total: Int
        if let first = rows.first {
            total = first["total"]
        } else {
            // Past the last page: the window had no row to ride on.
            total = try Int.fetchOne(
                db.cachedStatement(sql: candidates.replacingOccurrences(of: "%@", with: "COUNT(*)")),
                arguments: arguments) ?? 0
        }

        let ids = rows.map { $0["id"] as Int64 }
        let genres = try genresByMovie(db, movieIDs: ids)
        let items = rows.map { row in
            let id: Int64 = row["id"]
            return MovieSummary(
                id: id, title: row["title"], runtimeMinutes: row["runtime_minutes"], rating: row["rating"],
                releaseDate: DayDate.fromColumn(row["release_date"]), posterPath: row["poster_path"],
                genres: genres[id] ?? [], nextShowtime: row["next_start"])
        }
        return MoviePage(
            items: items, total: total, page: page, perPage: perPage,
            genres: try fetchGenres(db), formats: try fetchFormats(db))
    }

    /// An FTS5 query matching every word of `keyword` as a prefix, or nil when it has no word.
    ///
    /// The user's text never reaches FTS5's query syntax: it is split into runs of letters
    /// and digits, and each run becomes a quoted string followed by `*`. Quotes, `*`, `-`,
    /// parentheses, `AND`/`OR`/`NOT`/`NEAR` and column filters thus lose their meaning.
    static func ftsPattern(for keyword: String) -> String? {
        let words = keyword
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .prefix(10)
        guard !words.isEmpty else { return nil }
        return words
            .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"*" }
            .joined(separator: " ")
    }
}
