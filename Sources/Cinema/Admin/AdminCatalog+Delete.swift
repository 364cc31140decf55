public import Foundation
import GRDB

extension AdminCatalog {
    /// Deletes a movie that was never booked, with its showtimes and its uploaded poster.
    ///
    /// Refused while showtimes that have not started have confirmed bookings or live holds
    /// (the same count as ``AdminMovieRow/upcomingReservations``), and while any of its
    /// showtimes has a booking that was ever confirmed (kept for the reports): archive the
    /// movie instead. Abandoned holds go with the movie.
    ///
    /// - Throws: ``AdminError/movieHasUpcomingBookings(title:showtimes:reservations:)``,
    ///   ``AdminError/movieHasBookingHistory(title:reservations:)``, ``AdminError/notFound(_:)``,
    ///   ``AdminError/notAuthorized``.
    public func delete(id: Int64, actor: Int64, now: Date) async throws {
        let poster = try await database.writer.write { db -> String? in
            try AdminStore.requireAdmin(db, actor: actor)
            guard let movie = try MovieStore.fetch(db, id: id) else { throw AdminError.notFound(.movie) }
            let upcoming = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(DISTINCT s.id) AS showtimes, COUNT(r.id) AS reservations
                    FROM showtimes s JOIN reservations r ON r.showtime_id = s.id
                    WHERE s.movie_id = ?1 AND s.status = 'scheduled' AND s.starts_at > ?2
                      AND \(Reservation.liveSQL(now: "?2"))
                    """,
                arguments: [id, now])
            let upcomingReservations: Int = upcoming?["reservations"] ?? 0
            if upcomingReservations > 0 {
                throw AdminError.movieHasUpcomingBookings(
                    title: movie.values.title, showtimes: upcoming?["showtimes"] ?? 0, reservations: upcomingReservations)
            }
            let history = try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM reservations r JOIN showtimes s ON s.id = r.showtime_id
                    WHERE s.movie_id = ? AND r.confirmed_at IS NOT NULL
                    """,
                arguments: [id]) ?? 0
            if history > 0 {
                throw AdminError.movieHasBookingHistory(title: movie.values.title, reservations: history)
            }
            // Holds that were never confirmed are no history; their seats and claims cascade.
            try db.execute(
                sql: "DELETE FROM reservations WHERE showtime_id IN (SELECT id FROM showtimes WHERE movie_id = ?)",
                arguments: [id])
            try db.execute(sql: "DELETE FROM showtimes WHERE movie_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM movies WHERE id = ?", arguments: [id])
            try AdminStore.audit(
                db, actor: actor, action: "delete", entity: .movie, entityID: id,
                details: "“\(movie.values.title)”", now: now)
            return movie.posterPath
        }
        // After the commit: a refused delete keeps its poster.
        if let poster, Self.isUploadedPoster(poster, movieID: id) {
            try? FileManager.default.removeItem(at: postersDirectory.appendingPathComponent(poster))
        }
    }

    /// Archives a movie: it stays for history and its existing showtimes stay, but it is no
    /// longer listed to moviegoers and cannot be scheduled. Archiving twice changes nothing.
    ///
    /// - Throws: ``AdminError/notFound(_:)``, ``AdminError/notAuthorized``.
    public func archive(id: Int64, actor: Int64, now: Date) async throws {
        try await setArchived(true, id: id, actor: actor, now: now)
    }

    /// Brings an archived movie back: listed and schedulable again.
    ///
    /// - Throws: ``AdminError/notFound(_:)``, ``AdminError/notAuthorized``.
    public func unarchive(id: Int64, actor: Int64, now: Date) async throws {
        try await setArchived(false, id: id, actor: actor, now: now)
    }

    private func setArchived(_ archived: Bool, id: Int64, actor: Int64, now: Date) async throws {
        try await database.writer.write { db in
            try AdminStore.requireAdmin(db, actor: actor)
            guard let movie = try MovieStore.fetch(db, id: id) else { throw AdminError.notFound(.movie) }
            guard movie.archived != archived else { return }
            try db.execute(sql: "UPDATE movies SET archived = ? WHERE id = ?", arguments: [archived, id])
            try AdminStore.audit(
                db, actor: actor, action: archived ? "archive" : "unarchive", entity: .movie, entityID: id,
                details: "“\(movie.values.title)”", now: now)
        }
    }
}
