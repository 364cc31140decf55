import Foundation
import GRDB
import Testing
@testable import Cinema

struct MigrationTests {
    @Test func migratesAnEmptyFileDatabase() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("nested/marquee.sqlite").path
        let database = try CinemaDatabase.open(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try await database.appliedMigrations() == ["v1-schema", "v1-movie-search", "v2-cache-versions", "v3-showtime-cache-version", "v4-claim-holders"])
        #expect(try await database.isEmpty())
        try await database.ping()

        let tables = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in [
            "users", "genres", "movies", "movie_genres", "movie_search", "halls", "seats", "showtimes",
            "ticket_types", "prices", "seat_category_surcharges", "reservations", "reservation_seats",
            "seat_claims", "outbox", "audit_log",
        ] {
            #expect(tables.contains(table), "missing table \(table)")
        }
    }

    @Test func fileDatabaseRunsWALWithFullSynchronousAndForeignKeys() async throws {
        // (and checkpoints every 10,000 pages of log: see CinemaDatabase.walCheckpointPages)
        let folder = try TemporaryFolder()
        let database = try CinemaDatabase.open(path: folder.url.appendingPathComponent("m.sqlite").path)
        let (journal, synchronous, foreignKeys, checkpointPages) = try await database.writer.write { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint")
            )
        }
        #expect(journal == "wal")
        #expect(synchronous == 2)  // FULL
        #expect(foreignKeys == 1)
        #expect(checkpointPages == 10_000)
        #expect(database.writer is DatabasePool)
    }

    @Test func migratingAnAlreadyMigratedDatabaseChangesNothing() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("m.sqlite").path
        do {
            let database = try CinemaDatabase.open(path: path)
            try await database.writer.write { db in
                try db.execute(sql: "INSERT INTO genres (slug, name) VALUES ('drama', 'Drama')")
            }
        }
        let reopened = try CinemaDatabase.open(path: path)
        try reopened.migrate()
        #expect(try await reopened.appliedMigrations() == ["v1-schema", "v1-movie-search", "v2-cache-versions", "v3-showtime-cache-version", "v4-claim-holders"])
        let genres = try await reopened.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM genres") }
        #expect(genres == 1)
    }

    @Test func inMemoryDatabaseIsMigrated() async throws {
        let database = try CinemaDatabase.inMemory()
        #expect(database.path == nil)
        #expect(try await database.appliedMigrations().count == 5)
        #expect(try await database.isEmpty())
    }

    @Test func claimHoldersAreCopiedFromTheirReservations() async throws {
        // A database migrated up to v3, with a hold's claim and a booking's, written the way
        // v3 wrote them; then the rest of the migrations.
        let queue = try DatabaseQueue()
        try CinemaMigrator.migrator.migrate(queue, upTo: "v3-showtime-cache-version")
        let now = Date(timeIntervalSince1970: 1_750_000_000)
        let expiry = StoredDate(now.addingTimeInterval(600))
        try await queue.write { db in
            let at = StoredDate(now)
            try db.execute(
                sql: "INSERT INTO users (id, username, email, password_hash, created_at, updated_at) VALUES (7, 'ada', 'a@example.com', 'x', ?1, ?1), (8, 'bob', 'b@example.com', 'x', ?1, ?1)",
                arguments: [at])
            try db.execute(sql: """
                INSERT INTO halls (id, name, format) VALUES (1, 'H', 'standard');
                INSERT INTO seats (id, hall_id, row_label, number, grid_row, grid_col) VALUES (11, 1, 'A', 1, 0, 0), (12, 1, 'A', 2, 0, 1)
                """)
            try db.execute(sql: "INSERT INTO movies (id, title, runtime_minutes, created_at) VALUES (1, 'M', 100, ?)", arguments: [at])
            try db.execute(
                sql: "INSERT INTO showtimes (id, movie_id, hall_id, starts_at, ends_at) VALUES (1, 1, 1, ?, ?)",
                arguments: [at, StoredDate(now.addingTimeInterval(7_000))])
            try db.execute(
                sql: """
                    INSERT INTO reservations (id, code, user_id, showtime_id, status, hold_expires_at, created_at, updated_at)
                    VALUES (21, 'HELD01', 7, 1, 'held', ?2, ?1, ?1), (22, 'SOLD01', 8, 1, 'confirmed', ?2, ?1, ?1)
                    """,
                arguments: [at, expiry])
            try db.execute(sql: "INSERT INTO seat_claims (showtime_id, seat_id, reservation_id) VALUES (1, 11, 21), (1, 12, 22)")
        }

        try CinemaMigrator.migrator.migrate(queue)
        let claims = try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT reservation_id, user_id, held_until FROM seat_claims ORDER BY reservation_id")
                .map { Array($0.databaseValues) }
        }
        #expect(claims == [
            [21.databaseValue, 7.databaseValue, expiry.databaseValue],
            [22.databaseValue, 8.databaseValue, .null],
        ])
        let index = try await queue.read { db in
            try String.fetchOne(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'seat_claims' AND name = 'seat_claims_reservation'")
        }
        #expect(index != nil)
    }

    @Test func triggerRefusesOverlappingShowtimesFromAnyWriter() async throws {
        let database = try CinemaDatabase.inMemory()
        let start = Date(timeIntervalSince1970: 1_750_000_000)
        await #expect(throws: DatabaseError.self) {
            try await database.writer.write { db in
                try db.execute(sql: "INSERT INTO halls (name, format) VALUES ('H', 'standard')")
                try db.execute(sql: "INSERT INTO movies (title, runtime_minutes, created_at) VALUES ('M', 100, ?)", arguments: [start])
                try db.execute(
                    sql: "INSERT INTO showtimes (movie_id, hall_id, starts_at, ends_at) VALUES (1, 1, ?, ?)",
                    arguments: [start, start.addingTimeInterval(7_000)])
                try db.execute(
                    sql: "INSERT INTO showtimes (movie_id, hall_id, starts_at, ends_at) VALUES (1, 1, ?, ?)",
                    arguments: [start.addingTimeInterval(6_000), start.addingTimeInterval(12_000)])
            }
        }
    }
}
