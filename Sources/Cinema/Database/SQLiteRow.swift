import Foundation
import GRDB
import GRDBSQLite

/// One row of a statement being stepped, read by column index straight from SQLite.
///
/// For the few reads every booking step makes (the cache versions, a seat map's claims, a
/// reservation with its seats). GRDB's `Row` builds a dictionary of the statement's column
/// names each time a query runs and reads every value through `DatabaseValue`; on those
/// reads that bookkeeping cost more than SQLite's own work. Indexes follow the statement's
/// `SELECT` list, so keep the two side by side. Valid only inside
/// ``GRDB/Statement/forEachRow(arguments:_:)``'s body.
struct SQLiteRow {
    fileprivate let statement: SQLiteStatement

    func isNull(_ index: Int32) -> Bool {
        sqlite3_column_type(statement, index) == SQLITE_NULL
    }

    func int64(_ index: Int32) -> Int64 {
        sqlite3_column_int64(statement, index)
    }

    func optionalInt64(_ index: Int32) -> Int64? {
        isNull(index) ? nil : int64(index)
    }

    func int(_ index: Int32) -> Int {
        Int(sqlite3_column_int64(statement, index))
    }

    func bool(_ index: Int32) -> Bool {
        sqlite3_column_int64(statement, index) != 0
    }

    /// The text in column `index`; "" for NULL.
    func text(_ index: Int32) -> String {
        // Text first, then its length, as SQLite's documentation asks.
        guard let bytes = sqlite3_column_text(statement, index) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func optionalText(_ index: Int32) -> String? {
        isNull(index) ? nil : text(index)
    }

    /// The date in column `index` as GRDB reads it: the text GRDB stores (see ``StoredDate``)
    /// or any other form GRDB takes (a Unix time as a number, ISO 8601 text); nil for NULL.
    func date(_ index: Int32) -> Date? {
        let value: DatabaseValue
        switch sqlite3_column_type(statement, index) {
        case SQLITE_TEXT:
            // Straight from SQLite's bytes in the usual case; any other text through GRDB.
            guard let bytes = sqlite3_column_text(statement, index) else { return nil }
            let utf8 = UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, index)))
            if let date = StoredDate.parse(utf8: utf8) { return date }
            value = String(decoding: utf8, as: UTF8.self).databaseValue
        case SQLITE_INTEGER:
            value = int64(index).databaseValue
        case SQLITE_FLOAT:
            value = sqlite3_column_double(statement, index).databaseValue
        default:
            return nil
        }
        return StoredDate.fromDatabaseValue(value)?.date
    }
}

extension Statement {
    /// Binds `arguments` and calls `body` with each row in turn (see ``SQLiteRow``); the
    /// statement is reset afterwards, whether `body` threw or not.
    func forEachRow(arguments: StatementArguments = StatementArguments(), _ body: (SQLiteRow) throws -> Void) throws {
        try setArguments(arguments)
        defer { sqlite3_reset(sqliteStatement) }
        let row = SQLiteRow(statement: sqliteStatement)
        while true {
            let code = sqlite3_step(sqliteStatement)
            switch code {
            case SQLITE_ROW:
                try body(row)
            case SQLITE_DONE:
                return
            default:
                let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement)))
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
            }
        }
    }
}
