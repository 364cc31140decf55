import GRDB

extension Database {
    /// Executes one SQL statement through the connection's prepared-statement cache.
    ///
    /// Used on the booking path: a hold or a confirmation runs the same handful of statements
    /// every time, and preparing them anew (SQLite's parser plus GRDB's authorizer) cost more
    /// than running them. `sql` must be a single statement whose text does not vary with the
    /// data (values go in `arguments`; a few shapes, such as one per seat count, are fine),
    /// or the cache would grow without bound.
    func executeCached(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
