import Foundation
import GRDB
import GRDBSQLite
import Testing
@testable import Cinema

struct SQLiteRowTests {
    struct Stop: Error {}

    @Test func readsEveryKindOfColumnByIndexAndNullsAsNil() throws {
        let queue = try DatabaseQueue()
        let date = Date(timeIntervalSince1970: 1_790_000_000.123)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (i INTEGER, s TEXT, d TEXT, b INTEGER)")
            try db.execute(sql: "INSERT INTO t VALUES (?, ?, ?, ?)", arguments: [Int64.max, "Grüße ✓", date, true])
            try db.execute(sql: "INSERT INTO t VALUES (NULL, NULL, NULL, 0)")
        }
        let grdbDate = try queue.read { db in try Date.fetchOne(db, sql: "SELECT d FROM t WHERE d IS NOT NULL") }
        let rows = try queue.read { db in
            var rows: [(Int64?, String?, Date?, Bool, String)] = []
            try db.cachedStatement(sql: "SELECT i, s, d, b FROM t WHERE b >= ? ORDER BY rowid").forEachRow(arguments: [0]) { row in
                rows.append((row.isNull(0) ? nil : row.int64(0), row.optionalText(1), row.date(2), row.bool(3), row.text(1)))
            }
            return rows
        }
        #expect(rows.count == 2)
        #expect(rows[0].0 == Int64.max)
        #expect(rows[0].1 == "Grüße ✓")
        // The same date GRDB reads back.
        #expect(rows[0].2 == grdbDate)
        #expect(abs(rows[0].2!.timeIntervalSince(date)) < 0.001)
        #expect(rows[0].3)
        #expect(rows[1].0 == nil && rows[1].1 == nil && rows[1].2 == nil && !rows[1].3)
        #expect(rows[1].4 == "")
    }

    @Test func datesInEveryFormReadAsGRDBReadsThem() throws {
        let queue = try DatabaseQueue()
        // GRDB's own text, one before 2002 (left to GRDB), ISO 8601 with a T, a Unix time.
        let stored: [DatabaseValue] = [
            "2026-11-22 08:15:30.125".databaseValue, "2001-06-01 12:00:00.123".databaseValue,
            "2026-11-22T08:15:30.125".databaseValue, 1_790_000_000.databaseValue,
        ]
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (d)")
            for value in stored { try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [value]) }
        }
        let (ours, grdb, ints) = try queue.read { db in
            var ours: [Date?] = []
            var ints: [Int64?] = []
            try db.cachedStatement(sql: "SELECT d, length(d) FROM t ORDER BY rowid").forEachRow { row in
                ours.append(row.date(0))
                ints.append(row.optionalInt64(1))
            }
            return (ours, try Date?.fetchAll(db, sql: "SELECT d FROM t ORDER BY rowid"), ints)
        }
        #expect(ours.count == 4 && ours.allSatisfy { $0 != nil })
        #expect(ours == grdb)
        #expect(ints == [23, 23, 23, 10])
    }

    @Test func aThrowingBodyLeavesTheStatementReadyForTheNextUse() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (i INTEGER)")
            try db.execute(sql: "INSERT INTO t VALUES (1), (2), (3)")
        }
        try queue.read { db in
            let statement = try db.cachedStatement(sql: "SELECT i FROM t ORDER BY i")
            #expect(throws: Stop.self) {
                try statement.forEachRow { _ in throw Stop() }
            }
            // Reset: a statement left mid-way would keep its read snapshot open.
            #expect(sqlite3_stmt_busy(statement.sqliteStatement) == 0)
            var seen: [Int] = []
            try statement.forEachRow { seen.append($0.int(0)) }
            #expect(seen == [1, 2, 3])
            // GRDB's own use of the cached statement still works after ours.
            #expect(try Int.fetchAll(statement) == [1, 2, 3])
        }
    }

    @Test func aFailingStepThrowsSQLitesError() throws {
        let queue = try DatabaseQueue()
        try queue.read { db in
            // Overflow in SUM: an error only while stepping.
            let statement = try db.makeStatement(sql: "SELECT SUM(x) FROM (SELECT ? AS x UNION ALL SELECT ?)")
            #expect {
                try statement.forEachRow(arguments: [Int64.max, Int64.max]) { _ in }
            } throws: { error in
                (error as? DatabaseError)?.message == "integer overflow"
            }
        }
    }
}
