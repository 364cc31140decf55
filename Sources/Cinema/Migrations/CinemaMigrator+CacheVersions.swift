import GRDB

extension CinemaMigrator {
    /// Which tables each `cache_versions` row watches (see ``SnapshotCache``).
    static let cacheVersionTables = [
        "prices": ["ticket_types", "prices", "seat_category_surcharges"],
        "seats": ["seats"],
    ]

    /// `cache_versions`: one row per in-memory cache, given a new random value by triggers on
    /// every insert, update or delete in the tables it watches.
    static func createCacheVersions(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE cache_versions (
                name TEXT PRIMARY KEY,
                version INTEGER NOT NULL
            ) WITHOUT ROWID
            """)
        for (name, tables) in cacheVersionTables.sorted(by: { $0.key < $1.key }) {
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
