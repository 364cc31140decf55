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

    /// Inserts `rows` in one statement through the statement cache (one statement per row
    /// count, which the booking path bounds by `maxSeatsPerBooking`).
    ///
    /// - Parameters:
    ///   - sql: the statement up to and including `VALUES`.
    ///   - placeholders: one row's placeholders, such as `"(?, ?, ?)"`.
    ///   - rows: each row's values. Existentials on purpose: from a sequence of one concrete
    ///     type (`[Int64]`), GRDB's generic initializer looks a key path up at run time on
    ///     every call.
    func insertCached(_ sql: String, placeholders: String, rows: [[(any DatabaseValueConvertible)?]]) throws {
        // Flattened into an array here: over a `FlattenSequence`, GRDB's initializer looked
        // the sequence's generic type up in the runtime's metadata cache on every call.
        var values: [(any DatabaseValueConvertible)?] = []
        values.reserveCapacity(rows.count * (rows.first?.count ?? 0))
        for row in rows { values.append(contentsOf: row) }
        try executeCached(
            sql: sql + " " + Array(repeating: placeholders, count: rows.count).joined(separator: ", "),
            arguments: StatementArguments(values))
    }
}

extension Database {
    /// Runs `body` in a transaction whose `BEGIN` and `COMMIT` are prepared once per
    /// connection: GRDB prepares them anew for every transaction, which cost a booking more
    /// than some of its queries. An error from `body` or from the commit rolls back.
    ///
    /// - Parameter kind: `.deferred` for reads, `.immediate` for writes.
    func inCachedTransaction<T>(_ kind: TransactionKind, _ body: () throws -> T) throws -> T {
        try cachedStatement(sql: kind == .immediate ? "BEGIN IMMEDIATE TRANSACTION" : "BEGIN DEFERRED TRANSACTION").execute()
        do {
            let value = try body()
            try cachedStatement(sql: "COMMIT TRANSACTION").execute()
            return value
        } catch {
            if isInsideTransaction { try? rollback() }
            throw error
        }
    }
}
