import GRDB

extension CinemaMigrator {
    /// Which tables each `cache_versions` row watches (see ``SnapshotCache``), as migration
    /// `v2-cache-versions` created them.
    static let cacheVersionTablesV2 = [
        "prices": ["ticket_types", "prices", "seat_category_surcharges"],
        "seats": ["seats"],
    ]

    /// The rows migration `v3-showtime-cache-version` added: a showtime as listings show it
    /// (its movie's title and poster, its hall's name and format).
    static let cacheVersionTablesV3 = [
        "showtimes": ["showtimes", "movies", "halls"],
    ]

    /// Every `cache_versions` row and the tables it watches.
    static var cacheVersionTables: [String: [String]] {
        cacheVersionTablesV2.merging(cacheVersionTablesV3) { first, _ in first }
    }

    /// `cache_versions`: one row per in-memory cache, given a new random value by triggers on
    /// every insert, update or delete in the tables it watches.
    static func createCacheVersions(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE cache_versions (
                name TEXT PRIMARY KEY,
                version INTEGER NOT NULL
            ) WITHOUT ROWID
            """)
        try addCacheVersions(db, cacheVersionTablesV2)
    }

    /// The `showtimes` row, for the showtime listing each booking step reads.
    static func addShowtimeCacheVersion(_ db: Database) throws {
        try addCacheVersions(db, cacheVersionTablesV3)
    }

    private static func addCacheVersions(_ db: Database, _ rows: [String: [String]]) throws {
        for (name, tables) in rows.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: "INSERT INTO cache_versions (name, version) VALUES (?, random())", arguments: [name])
            for table in tables {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_\(event.lowercased())_cache_version AFTER \(event) ON \(table)
                        BEGIN
                            UPDATE cache_versions SET version = random() WHERE name = '\(name)';
                        END
                        """)
                }
            }
        }
    }
}
