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
        // Claims made under the old schema (v3): a hold's and a booking's.
        let fixture = try await Fixture.make(holdDuration: 600)
        let user = fixture.users[2]
        let showtime = fixture.showtime("bakingSmallToday")
        let held = try await fixture.booking.hold(showtimeID: showtime, seatIDs: [fixture.seat("Small A1")], userID: user, now: fixture.now)
        let sold = try await fixture.booking.hold(
            showtimeID: fixture.showtime("alphaBigToday"), seatIDs: [fixture.seat("Big A1")], userID: fixture.users[0], now: fixture.now)
        _ = try await fixture.booking.confirm(code: sold.code, userID: fixture.users[0], ticketTypes: [:], now: fixture.now)
        try await fixture.database.writer.write { db in
            try db.execute(sql: """
                CREATE TABLE seat_claims_v3 (
                    showtime_id INTEGER NOT NULL REFERENCES showtimes(id) ON DELETE CASCADE,
                    seat_id INTEGER NOT NULL REFERENCES seats(id) ON DELETE CASCADE,
                    reservation_id INTEGER NOT NULL REFERENCES reservations(id) ON DELETE CASCADE,
                    PRIMARY KEY (showtime_id, seat_id)
                ) WITHOUT ROWID;
                INSERT INTO seat_claims_v3 SELECT showtime_id, seat_id, reservation_id FROM seat_claims;
                DROP TABLE seat_claims;
                ALTER TABLE seat_claims_v3 RENAME TO seat_claims;
                CREATE INDEX seat_claims_reservation ON seat_claims(reservation_id);
                DELETE FROM grdb_migrations WHERE identifier = 'v4-claim-holders';
                """)
        }

        try fixture.database.migrate()
        let claims = try await fixture.database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT reservation_id, user_id, held_until FROM seat_claims ORDER BY reservation_id")
                .map { Array($0.databaseValues) }
        }
        #expect(claims == [
            [held.id.databaseValue, user.databaseValue, StoredDate(fixture.now.addingTimeInterval(600)).databaseValue],
            [sold.id.databaseValue, fixture.users[0].databaseValue, .null],
        ])
        let index = try await fixture.database.writer.read { db in
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
