import GRDB

/// The schema's history. Never edit a migration that has shipped: append a new one.
///
/// Conventions: snake_case names, times as UTC text in GRDB's format
/// (`YYYY-MM-DD HH:MM:SS.SSS`, which sorts and compares as text), calendar dates as
/// `YYYY-MM-DD`, money as integer cents, booleans as 0/1. Enumerations are text checked
/// by a `CHECK` constraint.
enum CinemaMigrator {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-schema", migrate: createSchema)
        migrator.registerMigration("v1-movie-search", migrate: createMovieSearch)
        migrator.registerMigration("v2-cache-versions", migrate: createCacheVersions)
        migrator.registerMigration("v3-showtime-cache-version", migrate: addShowtimeCacheVersion)
        migrator.registerMigration("v4-claim-holders", migrate: addClaimHolders)
        return migrator
    }()

    private static func createSchema(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                email TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'staff', 'admin')),
                session_version INTEGER NOT NULL DEFAULT 1,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );

            CREATE TABLE genres (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                slug TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL
            );

            CREATE TABLE movies (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                title TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                runtime_minutes INTEGER NOT NULL CHECK (runtime_minutes > 0),
                rating TEXT NOT NULL DEFAULT 'NR',
                release_date TEXT,
                poster_path TEXT,
                tmdb_id INTEGER UNIQUE,
                archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
                created_at TEXT NOT NULL
            );
            CREATE INDEX movies_title ON movies(title COLLATE NOCASE);

            CREATE TABLE movie_genres (
                movie_id INTEGER NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
                genre_id INTEGER NOT NULL REFERENCES genres(id) ON DELETE CASCADE,
                PRIMARY KEY (movie_id, genre_id)
            ) WITHOUT ROWID;
            CREATE INDEX movie_genres_genre ON movie_genres(genre_id);

            CREATE TABLE halls (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                format TEXT NOT NULL CHECK (format IN ('standard', 'premium', 'imax', '3d', 'dolby')),
                layout TEXT NOT NULL DEFAULT ''
            );

            CREATE TABLE seats (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                hall_id INTEGER NOT NULL REFERENCES halls(id) ON DELETE CASCADE,
                row_label TEXT NOT NULL,
                number INTEGER NOT NULL,
                grid_row INTEGER NOT NULL,
                grid_col INTEGER NOT NULL,
                category TEXT NOT NULL DEFAULT 'standard'
                    CHECK (category IN ('standard', 'vip', 'wheelchair', 'companion')),
                blocked INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
                UNIQUE (hall_id, row_label, number),
                UNIQUE (hall_id, grid_row, grid_col)
            );

            CREATE TABLE showtimes (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                movie_id INTEGER NOT NULL REFERENCES movies(id) ON DELETE RESTRICT,
                hall_id INTEGER NOT NULL REFERENCES halls(id) ON DELETE RESTRICT,
                starts_at TEXT NOT NULL,
                ends_at TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
                CHECK (ends_at > starts_at)
            );
            CREATE INDEX showtimes_starts_at ON showtimes(starts_at);
            CREATE INDEX showtimes_movie_starts_at ON showtimes(movie_id, starts_at);
            CREATE INDEX showtimes_hall_starts_at ON showtimes(hall_id, starts_at);

            -- The services check overlaps in the transaction that schedules a showtime and
            -- report a clear error; these triggers are the last guard for any other writer.
            CREATE TRIGGER showtimes_no_overlap_insert BEFORE INSERT ON showtimes
            WHEN NEW.status = 'scheduled' AND EXISTS (
                SELECT 1 FROM showtimes s
                WHERE s.hall_id = NEW.hall_id AND s.status = 'scheduled'
                  AND s.starts_at < NEW.ends_at AND NEW.starts_at < s.ends_at)
            BEGIN
                SELECT RAISE(ABORT, 'showtime overlaps another showtime in the same hall');
            END;
            CREATE TRIGGER showtimes_no_overlap_update
            BEFORE UPDATE OF hall_id, starts_at, ends_at, status ON showtimes
            WHEN NEW.status = 'scheduled' AND EXISTS (
                SELECT 1 FROM showtimes s
                WHERE s.hall_id = NEW.hall_id AND s.status = 'scheduled' AND s.id <> NEW.id
                  AND s.starts_at < NEW.ends_at AND NEW.starts_at < s.ends_at)
            BEGIN
                SELECT RAISE(ABORT, 'showtime overlaps another showtime in the same hall');
            END;

            CREATE TABLE ticket_types (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                sort INTEGER NOT NULL DEFAULT 0
            );

            CREATE TABLE prices (
                ticket_type_id INTEGER NOT NULL REFERENCES ticket_types(id) ON DELETE CASCADE,
                format TEXT NOT NULL CHECK (format IN ('standard', 'premium', 'imax', '3d', 'dolby')),
                cents INTEGER NOT NULL CHECK (cents >= 0),
                PRIMARY KEY (ticket_type_id, format)
            ) WITHOUT ROWID;

            CREATE TABLE seat_category_surcharges (
                category TEXT PRIMARY KEY
                    CHECK (category IN ('standard', 'vip', 'wheelchair', 'companion')),
                cents INTEGER NOT NULL CHECK (cents >= 0)
            ) WITHOUT ROWID;

            CREATE TABLE reservations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                code TEXT NOT NULL UNIQUE,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
                showtime_id INTEGER NOT NULL REFERENCES showtimes(id) ON DELETE RESTRICT,
                status TEXT NOT NULL CHECK (status IN ('held', 'confirmed', 'cancelled', 'expired')),
                hold_expires_at TEXT,
                total_cents INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                confirmed_at TEXT,
                cancelled_at TEXT
            );
            CREATE INDEX reservations_user ON reservations(user_id);
            CREATE INDEX reservations_showtime_status ON reservations(showtime_id, status);
            CREATE INDEX reservations_status_expiry ON reservations(status, hold_expires_at);

            CREATE TABLE reservation_seats (
                reservation_id INTEGER NOT NULL REFERENCES reservations(id) ON DELETE CASCADE,
                seat_id INTEGER NOT NULL REFERENCES seats(id) ON DELETE RESTRICT,
                ticket_type_id INTEGER REFERENCES ticket_types(id) ON DELETE RESTRICT,
                price_cents INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (reservation_id, seat_id)
            ) WITHOUT ROWID;

            -- The one truth about taken seats: the primary key makes a double booking
            -- impossible, whatever the concurrency.
            CREATE TABLE seat_claims (
                showtime_id INTEGER NOT NULL REFERENCES showtimes(id) ON DELETE CASCADE,
                seat_id INTEGER NOT NULL REFERENCES seats(id) ON DELETE CASCADE,
                reservation_id INTEGER NOT NULL REFERENCES reservations(id) ON DELETE CASCADE,
                PRIMARY KEY (showtime_id, seat_id)
            ) WITHOUT ROWID;
            CREATE INDEX seat_claims_reservation ON seat_claims(reservation_id);

            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL CHECK (kind IN ('confirmation', 'cancellation', 'reminder')),
                recipient TEXT NOT NULL,
                subject TEXT NOT NULL,
                body TEXT NOT NULL,
                reservation_id INTEGER REFERENCES reservations(id) ON DELETE SET NULL,
                created_at TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                sent_at TEXT,
                last_error TEXT
            );
            CREATE INDEX outbox_pending ON outbox(sent_at, next_attempt_at);
            CREATE INDEX outbox_reservation ON outbox(reservation_id, kind);

            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id INTEGER,
                details TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL
            );
            CREATE INDEX audit_log_created_at ON audit_log(created_at);
            """)
    }

    /// Full-text index over movie titles and descriptions, kept in sync by triggers.
    private static func createMovieSearch(_ db: Database) throws {
        try db.create(virtualTable: "movie_search", using: FTS5()) { t in
            t.synchronize(withTable: "movies")
            // Diacritics removed: "cafe" finds "Café".
            t.tokenizer = .unicode61(diacritics: .remove)
            // Prefix indexes make "prefix*" queries of 2 and 3 letters cheap.
            t.prefixes = [2, 3]
            t.column("title")
            t.column("description")
        }
    }
}
