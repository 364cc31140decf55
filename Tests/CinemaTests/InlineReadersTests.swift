@testable import Cinema
import Foundation
import Synchronization
import GRDB
import Testing

/// The read-only connections of in-place reads: each read sees the latest commit and any
/// schema change another connection made, and no more connections open than allowed.
struct InlineReadersTests {
    let folder: TemporaryFolder
    let writer: DatabasePool
    let path: String

    init() throws {
        folder = try TemporaryFolder()
        path = folder.url.appendingPathComponent("inline.sqlite").path
        writer = try DatabasePool(path: path)
        try writer.write { db in
            try db.execute(sql: "CREATE TABLE films (id INTEGER PRIMARY KEY, title TEXT NOT NULL)")
        }
    }

    func readers(limit: Int) throws -> InlineReaders {
        var configuration = Configuration()
        configuration.readonly = true
        return try InlineReaders(path: path, configuration: configuration, limit: limit)
    }

    @Test func eachReadSeesTheLatestCommit() throws {
        let readers = try readers(limit: 2)
        let count = { try readers.read { db in try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM films")) } }
        #expect(try count() == 0)
        try writer.write { db in try db.execute(sql: "INSERT INTO films (title) VALUES ('Heat')") }
        #expect(try count() == 1)
        try writer.write { db in try db.execute(sql: "INSERT INTO films (title) VALUES ('Ran')") }
        #expect(try count() == 2)
        // Read-only: a write through a lent connection fails and leaves nothing behind.
        #expect(throws: DatabaseError.self) {
            try readers.read { db in try db.execute(sql: "INSERT INTO films (title) VALUES ('Ikiru')") }
        }
        #expect(try count() == 2)
    }

    /// GRDB's schema cache is not refreshed for these connections; SQLite prepares kept
    /// statements again after another connection changed the schema, and new tables are seen.
    @Test func schemaChangesByAnotherConnectionAreSeen() throws {
        let readers = try readers(limit: 1)
        let titles = { try readers.read { db in try String.fetchAll(db.cachedStatement(sql: "SELECT * FROM films")) } }
        try writer.write { db in try db.execute(sql: "INSERT INTO films (title) VALUES ('Heat')") }
        #expect(try titles().isEmpty == false)
        try writer.write { db in
            try db.execute(sql: "ALTER TABLE films ADD COLUMN year INTEGER NOT NULL DEFAULT 1995")
            try db.execute(sql: "CREATE TABLE halls (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
            try db.execute(sql: "INSERT INTO halls (name) VALUES ('Hall 1')")
        }
        let columns = try readers.read { db in try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM films"))?.columnNames.count }
        #expect(columns == 3)
        #expect(try readers.read { db in try String.fetchOne(db, sql: "SELECT name FROM halls") } == "Hall 1")
    }

    @Test func connectionsOpenAsNeededUpToTheLimit() throws {
        let readers = try readers(limit: 2)
        for _ in 0..<20 { _ = try readers.read { db in try Int.fetchOne(db, sql: "SELECT 1") } }
        #expect(readers.openCount == 1)  // one at a time needs one

        // Eight threads at once, each holding its connection a moment: two open, all read.
        let done = DispatchGroup()
        let failures = Mutex(0)
        for _ in 0..<8 {
            done.enter()
            Thread {
                defer { done.leave() }
                do {
                    for _ in 0..<5 {
                        _ = try readers.read { db in
                            Thread.sleep(forTimeInterval: 0.002)
                            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM films")
                        }
                    }
                } catch {
                    failures.withLock { $0 += 1 }
                }
            }.start()
        }
        done.wait()
        #expect(failures.withLock { $0 } == 0)
        #expect(readers.openCount == 2)
    }
}
