public import Foundation
import GRDB

extension AdminCatalog {
    /// Stores an uploaded poster for a movie and returns its file name in ``postersDirectory``.
    ///
    /// The bytes must be a JPEG, PNG or WebP image (recognised by their first bytes, whatever
    /// the uploaded file was called) of at most ``PosterImage/maximumBytes``. The file gets a
    /// fresh name (`m<id>-<random>.<ext>`), so browsers and caches never show a stale one,
    /// and the movie's previous uploaded poster file is removed once the change is committed.
    ///
    /// - Throws: ``ValidationError`` on `poster`; ``AdminError/notFound(_:)``,
    ///   ``AdminError/notAuthorized``; a file system error when the folder is not writable.
    @discardableResult
    public func setPoster(movieID: Int64, data: [UInt8], actor: Int64, now: Date) async throws -> String {
        let type = try PosterImage.check(data).get()
        var random = SystemRandomNumberGenerator()
        let suffix = String(random.next() as UInt64, radix: 16)
        let name = "m\(movieID)-\(suffix).\(type.fileExtension)"
        let url = postersDirectory.appendingPathComponent(name)
        // Written before the transaction so the row never names a missing file.
        try await Self.onFileQueue { [postersDirectory] in
            try FileManager.default.createDirectory(at: postersDirectory, withIntermediateDirectories: true)
            try Data(data).write(to: url, options: .atomic)
        }
        let old: String?
        do {
            old = try await database.writer.write { db -> String? in
                try AdminStore.requireAdmin(db, actor: actor)
                guard let movie = try MovieStore.fetch(db, id: movieID) else { throw AdminError.notFound(.movie) }
                try db.execute(sql: "UPDATE movies SET poster_path = ? WHERE id = ?", arguments: [name, movieID])
                try AdminStore.audit(
                    db, actor: actor, action: "poster", entity: .movie, entityID: movieID,
                    details: "\(type.rawValue), \(data.count) bytes, \(name)", now: now)
                return movie.posterPath
            }
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        removeUploadedPoster(old, movieID: movieID)
        return name
    }

    /// Takes a movie's poster away (the uploaded file is removed).
    ///
    /// - Throws: ``AdminError/notFound(_:)``, ``AdminError/notAuthorized``.
    public func removePoster(movieID: Int64, actor: Int64, now: Date) async throws {
        let old = try await database.writer.write { db -> String? in
            try AdminStore.requireAdmin(db, actor: actor)
            guard let movie = try MovieStore.fetch(db, id: movieID) else { throw AdminError.notFound(.movie) }
            guard movie.posterPath != nil else { return nil }
            try db.execute(sql: "UPDATE movies SET poster_path = NULL WHERE id = ?", arguments: [movieID])
            try AdminStore.audit(
                db, actor: actor, action: "poster", entity: .movie, entityID: movieID, details: "removed", now: now)
            return movie.posterPath
        }
        removeUploadedPoster(old, movieID: movieID)
    }

    /// True for a file name this service gave an upload for the movie: only those are ever
    /// deleted (never a seeded poster or any other path).
    static func isUploadedPoster(_ name: String, movieID: Int64) -> Bool {
        guard name.hasPrefix("m\(movieID)-"), !name.contains("/"), !name.contains("\\"), !name.hasPrefix(".")
        else { return false }
        return PosterImage.allCases.contains { name.hasSuffix("." + $0.fileExtension) }
    }

    // Writing up to 5 MiB blocks a thread: keep it off the cooperative pool.
    private static let fileQueue = DispatchQueue(label: "marquee.posters")

    private static func onFileQueue(_ work: @escaping @Sendable () throws -> Void) async throws {
        try await fileQueue.result(of: work)
    }

    private func removeUploadedPoster(_ name: String?, movieID: Int64) {
        guard let name, Self.isUploadedPoster(name, movieID: movieID) else { return }
        try? FileManager.default.removeItem(at: postersDirectory.appendingPathComponent(name))
    }
}
