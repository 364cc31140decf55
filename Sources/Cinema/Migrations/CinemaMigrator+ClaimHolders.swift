import GRDB

extension CinemaMigrator {
    /// `v4-claim-holders`: each seat claim carries its reservation's holder and, while the
    /// reservation is a hold, its expiry (NULL once sold).
    ///
    /// A seat map then reads its showtime's claims alone, which the primary key keeps side by
    /// side, instead of looking up each claim's reservation: those rows lie scattered over
    /// the table, and in WAL mode a reader's page cache starts empty after every commit, so
    /// each lookup was a page read again under load. The booking services keep the copy
    /// exact: claims exist only for held and confirmed reservations (``BookingStore/release``
    /// deletes them with the status change), holds never change hands or expiry, and a
    /// confirmation clears `held_until` in its transaction.
    static func addClaimHolders(_ db: Database) throws {
        // SQLite cannot add a NOT NULL column without a default: the table is rebuilt (the
        // migrator defers foreign-key checks to the end of the migration).
        try db.execute(sql: """
            CREATE TABLE seat_claims_new (
                showtime_id INTEGER NOT NULL REFERENCES showtimes(id) ON DELETE CASCADE,
                seat_id INTEGER NOT NULL REFERENCES seats(id) ON DELETE CASCADE,
                reservation_id INTEGER NOT NULL REFERENCES reservations(id) ON DELETE CASCADE,
                user_id INTEGER NOT NULL,
                held_until TEXT,
                PRIMARY KEY (showtime_id, seat_id)
            ) WITHOUT ROWID;
            INSERT INTO seat_claims_new (showtime_id, seat_id, reservation_id, user_id, held_until)
                SELECT c.showtime_id, c.seat_id, c.reservation_id, r.user_id,
                       CASE WHEN r.status = 'held' THEN r.hold_expires_at END
                FROM seat_claims c JOIN reservations r ON r.id = c.reservation_id;
            DROP TABLE seat_claims;
            ALTER TABLE seat_claims_new RENAME TO seat_claims;
            CREATE INDEX seat_claims_reservation ON seat_claims(reservation_id);
            """)
    }
}
