import Foundation
import GRDB

/// The SQL of writing movies and their genres, shared by ``AdminCatalog`` and ``MovieImport``.
enum MovieStore {
    /// A movie's stored fields and genre slugs.
    struct Stored: Equatable {
        var values: MovieRules.Values
        var genreSlugs: Set<String>
        var posterPath: String?
        var archived: Bool
        var tmdbID: Int64?
    }

    static func fetch(_ db: Database, id: Int64) throws -> Stored? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT title, description, runtime_minutes, rating, release_date, poster_path, archived, tmdb_id
                FROM movies WHERE id = ?
                """),
            arguments: [id])
        else { return nil }
        let slugs = try String.fetchAll(
            db.cachedStatement(sql: """
                SELECT g.slug FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = ?
                """),
            arguments: [id])
        return Stored(
            values: MovieRules.Values(
                title: row["title"], description: row["description"], runtimeMinutes: row["runtime_minutes"],
                rating: row["rating"], releaseDate: DayDate.fromColumn(row["release_date"])),
            genreSlugs: Set(slugs), posterPath: row["poster_path"], archived: row["archived"], tmdbID: row["tmdb_id"])
    }

    static func insert(_ db: Database, _ values: MovieRules.Values, tmdbID: Int64?, now: Date) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO movies (title, description, runtime_minutes, rating, release_date, tmdb_id, archived, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 0, ?)
                """,
            arguments: [
                values.title, values.description, values.runtimeMinutes, values.rating,
                values.releaseDate?.description, tmdbID, now,
            ])
        return db.lastInsertedRowID
    }

    static func update(_ db: Database, id: Int64, _ values: MovieRules.Values) throws {
        try db.execute(
            sql: """
                UPDATE movies SET title = ?, description = ?, runtime_minutes = ?, rating = ?, release_date = ?
                WHERE id = ?
                """,
            arguments: [
                values.title, values.description, values.runtimeMinutes, values.rating,
                values.releaseDate?.description, id,
            ])
    }

    /// Ids of the genres with these slugs, and the slugs no genre has.
    static func genreIDs(_ db: Database, slugs: [String]) throws -> (ids: [String: Int64], unknown: [String]) {
        var ids: [String: Int64] = [:]
        var unknown: [String] = []
        for slug in slugs {
            if let id = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM genres WHERE slug = ?"), arguments: [slug]) {
                ids[slug] = id
            } else {
                unknown.append(slug)
            }
        }
        return (ids, unknown)
    }

    /// The id of the genre with this slug, creating it with `name` when there is none.
    /// Returns whether it was created.
    static func genre(_ db: Database, slug: String, name: String) throws -> (id: Int64, created: Bool) {
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM genres WHERE slug = ?"), arguments: [slug]) {
            return (id, false)
        }
        try db.execute(sql: "INSERT INTO genres (slug, name) VALUES (?, ?)", arguments: [slug, name])
        return (db.lastInsertedRowID, true)
    }

    /// Replaces the movie's genres.
    static func setGenres(_ db: Database, movieID: Int64, genreIDs: Set<Int64>) throws {
        try db.execute(sql: "DELETE FROM movie_genres WHERE movie_id = ?", arguments: [movieID])
        for genreID in genreIDs.sorted() {
            try db.execute(
                sql: "INSERT INTO movie_genres (movie_id, genre_id) VALUES (?, ?)", arguments: [movieID, genreID])
        }
    }

    /// "title “A” → “B”; runtime 118 → 121" for the audit log.
    static func changes(from old: Stored, to new: MovieRules.Values, genres: Set<String>) -> String {
        var parts: [String] = []
        if old.values.title != new.title { parts.append("title “\(old.values.title)” → “\(new.title)”") }
        if old.values.description != new.description { parts.append("description changed") }
        if old.values.runtimeMinutes != new.runtimeMinutes {
            parts.append("runtime \(old.values.runtimeMinutes) → \(new.runtimeMinutes)")
        }
        if old.values.rating != new.rating { parts.append("rating \(old.values.rating) → \(new.rating)") }
        if old.values.releaseDate != new.releaseDate {
            parts.append("release date \(old.values.releaseDate?.description ?? "none") → \(new.releaseDate?.description ?? "none")")
        }
        if old.genreSlugs != genres { parts.append("genres \(old.genreSlugs.sorted().joined(separator: ",")) → \(genres.sorted().joined(separator: ","))") }
        return parts.isEmpty ? "no changes" : parts.joined(separator: "; ")
    }
}
