public import Foundation
import GRDB

/// Movies for the admin pages: list and search, create, edit, delete, archive, posters.
///
/// Every write takes the acting admin's user id, checks the role inside its transaction
/// and records an ``AuditEntry`` in that same transaction.
///
/// ```swift
/// let admin = AdminCatalog(database: database, settings: settings, postersDirectory: posters)
/// do {
///     let id = try await admin.create(form, actor: user.id, now: Date())
/// } catch let error as ValidationError {
///     // re-render the form with error.fields["title"], error.fields["runtimeMinutes"], …
/// }
/// ```
public struct AdminCatalog: Sendable {
    let database: CinemaDatabase
    let settings: CinemaSettings
    /// Where uploaded posters are stored; a movie's `posterPath` is a file name in it.
    public let postersDirectory: URL

    public init(database: CinemaDatabase, settings: CinemaSettings, postersDirectory: URL) {
        self.database = database
        self.settings = settings
        self.postersDirectory = postersDirectory
    }

    // MARK: - Reading

    /// A page of movies for the admin list, by title.
    ///
    /// - Parameters:
    ///   - now: Showtimes starting after `now` count as upcoming.
    public func movies(_ query: AdminMovieQuery, now: Date) async throws -> AdminMoviePage {
        try await database.read { db in try Self.fetchPage(db, query: query, now: now) }
    }

    /// The movie form filled with a movie's values, or nil when there is no such movie.
    public func movieForm(id: Int64, now: Date) async throws -> MovieEditor? {
        try await database.read { db in
            guard let stored = try MovieStore.fetch(db, id: id) else { return nil }
            let page = try Self.fetchPage(db, query: AdminMovieQuery(archived: .include), now: now, onlyID: id)
            let values = stored.values
            return MovieEditor(
                id: id,
                form: MovieForm(
                    title: values.title, description: values.description,
                    runtimeMinutes: String(values.runtimeMinutes), rating: values.rating,
                    releaseDate: values.releaseDate?.description ?? "", genres: stored.genreSlugs.sorted()),
                posterPath: stored.posterPath, archived: stored.archived, tmdbID: stored.tmdbID,
                upcomingShowtimes: page.items.first?.upcomingShowtimes ?? 0,
                upcomingReservations: page.items.first?.upcomingReservations ?? 0,
                availableGenres: try Catalog.fetchGenres(db))
        }
    }

    // MARK: - Creating and editing

    /// Creates a movie from the form and returns its id.
    ///
    /// - Throws: ``ValidationError`` keyed by ``MovieForm`` field (`title`, `description`,
    ///   `runtimeMinutes`, `rating`, `releaseDate`, `genres`, `newGenres`);
    ///   ``AdminError/notAuthorized``.
    public func create(_ form: MovieForm, actor: Int64, now: Date) async throws -> Int64 {
        var errors = ValidationError()
        let values = form.validated(into: &errors, dates: LocalTimeText(settings: settings))
        // The closure runs on GRDB's writer: it starts from a copy of the form checks.
        let checked = errors
        return try await database.writer.write { db in
            var errors = checked
            try AdminStore.requireAdmin(db, actor: actor)
            let genres = try Self.resolveGenres(db, form: form, errors: &errors, actor: actor, now: now)
            try errors.throwIfAny()
            guard let values, let genres else { throw errors }
            let id = try MovieStore.insert(db, values, tmdbID: nil, now: now)
            try MovieStore.setGenres(db, movieID: id, genreIDs: Set(genres.values))
            try AdminStore.audit(
                db, actor: actor, action: "create", entity: .movie, entityID: id,
                details: "“\(values.title)”, \(values.runtimeMinutes) min, \(values.rating)", now: now)
            return id
        }
    }

    /// Saves the form over a movie.
    ///
    /// A changed runtime moves the end of the movie's showtimes that have not started, so
    /// the hall's cleaning slot stays right; when a longer runtime would make one of them run
    /// into the next showtime of its hall, nothing is saved.
    ///
    /// - Throws: ``ValidationError`` as for ``create(_:actor:now:)`` (a longer runtime that
    ///   collides is reported on `runtimeMinutes`, naming the showtime in the way);
    ///   ``AdminError/notFound(_:)``, ``AdminError/notAuthorized``.
    public func update(id: Int64, _ form: MovieForm, actor: Int64, now: Date) async throws {
        var errors = ValidationError()
        let text = LocalTimeText(settings: settings)
        let values = form.validated(into: &errors, dates: text)
        let cleaning = settings.cleaningMinutes
        // The closure runs on GRDB's writer: it starts from a copy of the form checks.
        let checked = errors
        try await database.writer.write { db in
            var errors = checked
            try AdminStore.requireAdmin(db, actor: actor)
            guard let old = try MovieStore.fetch(db, id: id) else { throw AdminError.notFound(.movie) }
            let genres = try Self.resolveGenres(db, form: form, errors: &errors, actor: actor, now: now)
            try errors.throwIfAny()
            guard let values, let genres else { throw errors }
            if values.runtimeMinutes != old.values.runtimeMinutes {
                try Self.retime(db, movieID: id, runtime: values.runtimeMinutes, cleaning: cleaning, now: now, text: text)
            }
            try MovieStore.update(db, id: id, values)
            try MovieStore.setGenres(db, movieID: id, genreIDs: Set(genres.values))
            try AdminStore.audit(
                db, actor: actor, action: "update", entity: .movie, entityID: id,
                details: MovieStore.changes(from: old, to: values, genres: Set(genres.keys)), now: now)
        }
    }

    // MARK: - Helpers

    /// Genre ids by slug for the form's checked slugs and new names (creating new genres,
    /// each with its own audit entry); unknown slugs are reported on `genres`.
    static func resolveGenres(
        _ db: Database, form: MovieForm, errors: inout ValidationError, actor: Int64, now: Date
    ) throws -> [String: Int64]? {
        let slugs = Array(Set(form.genres.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })).sorted()
        let (ids, unknown) = try MovieStore.genreIDs(db, slugs: slugs)
        if !unknown.isEmpty {
            errors.add("genres", "Unknown genre\(unknown.count == 1 ? "" : "s"): \(unknown.joined(separator: ", ")).")
        }
        guard errors.isEmpty else { return nil }
        var result = ids
        for name in form.newGenreNames {
            guard case .success(let genre) = MovieRules.genre(name) else { continue }
            let (id, created) = try MovieStore.genre(db, slug: genre.slug, name: genre.name)
            if created {
                try AdminStore.audit(
                    db, actor: actor, action: "create", entity: .genre, entityID: id, details: "“\(genre.name)”", now: now)
            }
            result[genre.slug] = id
        }
        return result
    }

    /// Moves the end of the movie's not-yet-started showtimes to match a new runtime.
    static func retime(
        _ db: Database, movieID: Int64, runtime: Int, cleaning: Int, now: Date, text: LocalTimeText
    ) throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, hall_id, starts_at FROM showtimes
                WHERE movie_id = ? AND status = 'scheduled' AND starts_at > ? ORDER BY starts_at
                """,
            arguments: [movieID, now])
        for row in rows {
            let start: Date = row["starts_at"]
            let end = start.addingTimeInterval(TimeInterval((runtime + cleaning) * 60))
            if let conflict = try ShowtimeConflict.find(
                db, hallID: row["hall_id"], start: start, end: end, excluding: row["id"], requestedStart: start, text: text) {
                throw ValidationError(
                    field: "runtimeMinutes",
                    "With \(runtime) minutes, the showtime on \(text.long(start)) would run into the next one: \(conflict.message)")
            }
            try db.execute(sql: "UPDATE showtimes SET ends_at = ? WHERE id = ?", arguments: [end, row["id"]])
        }
    }
}
