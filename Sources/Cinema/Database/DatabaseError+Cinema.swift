import GRDB

// SQLite result codes stop here: services turn these into domain errors, and nothing
// above the Cinema module ever sees a `DatabaseError` for an expected conflict.
extension DatabaseError {
    /// A `UNIQUE` or `PRIMARY KEY` constraint refused a row.
    var isUniquenessViolation: Bool {
        extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
    }

    /// A trigger refused the statement with `RAISE(ABORT, ...)`.
    var isTriggerAbort: Bool {
        extendedResultCode == .SQLITE_CONSTRAINT_TRIGGER
    }

    /// The message mentions `text` (SQLite names the table and columns of the failed constraint).
    func mentions(_ text: String) -> Bool {
        message?.contains(text) ?? false
    }
}
