import Foundation
import GRDB
import Testing
@testable import Cinema

/// Calls that share a commit keep every guarantee of a transaction of their own: each sees
/// the writes before it, a failing call loses only its own writes, and nobody hears
/// "done" for writes that a failed commit threw away.
struct GroupCommitTests {
    struct Refused: Error {}

    /// A file database with one table, and a group commit over it.
    func makeDatabase(_ folder: TemporaryFolder) throws -> (DatabasePool, GroupCommit) {
        let pool = try DatabasePool(path: folder.url.appendingPathComponent("group.sqlite").path)
        try pool.write { db in
            try db.execute(sql: """
                CREATE TABLE parents (id INTEGER PRIMARY KEY);
                CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
                                    parent_id INTEGER REFERENCES parents(id));
                INSERT INTO parents (id) VALUES (1);
                """)
        }
        return (pool, GroupCommit(writer: pool))
    }

    func names(_ pool: DatabasePool) throws -> [String] {
        try pool.read { try String.fetchAll($0, sql: "SELECT name FROM items ORDER BY name") }
    }

    /// Holds the writer until `release` is signalled, so that the calls made meanwhile wait
    /// and then run as one group. Returns once the writer is held.
    func blockWriter(_ group: GroupCommit, until release: DispatchSemaphore) async throws -> Task<Void, any Error> {
        let started = DispatchSemaphore(value: 0)
        let blocker = Task {
            try await group.write { _ in
                started.signal()
                release.wait()
            }
        }
        while started.wait(timeout: .now()) == .timedOut {
            try await Task.sleep(for: .milliseconds(2))
        }
        #expect(group.waitingCount == 0)
        return blocker
    }

    /// Starts `body` as a write and returns once it waits for the next group (behind a
    /// blocked writer), so calls queue in the order they are made.
    func queue(_ group: GroupCommit, _ body: @escaping @Sendable (Database) throws -> Void) async throws -> Task<Void, any Error> {
        let waiting = group.waitingCount
        let task = Task { try await group.write(body) }
        try await waitUntil(group, holds: waiting + 1)
        return task
    }

    func waitUntil(_ group: GroupCommit, holds count: Int) async throws {
        var tries = 0
        while group.waitingCount < count, tries < 2_000 {
            try await Task.sleep(for: .milliseconds(2))
            tries += 1
        }
        #expect(group.waitingCount == count)
    }

    @Test func concurrentCallsAllCommitAndSeeEachOther() async throws {
        let folder = try TemporaryFolder()
        let (pool, group) = try makeDatabase(folder)
        let counts = try await withThrowingTaskGroup(of: Int.self) { tasks in
            for index in 0..<40 {
                tasks.addTask {
                    try await group.write { db in
                        try db.execute(sql: "INSERT INTO items (name) VALUES (?)", arguments: ["item \(index)"])
                        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM items") ?? 0
                    }
                }
            }
            return try await tasks.reduce(into: []) { $0.append($1) }
        }
        // Each call saw the writes of every call before it and its own: 1, 2, … 40.
        #expect(counts.sorted() == Array(1...40))
        #expect(try names(pool).count == 40)
    }

    @Test func aFailingCallLosesOnlyItsOwnWrites() async throws {
        let folder = try TemporaryFolder()
        let (pool, group) = try makeDatabase(folder)
        let release = DispatchSemaphore(value: 0)
        let blocker = try await blockWriter(group, until: release)

        let first = try await queue(group) { db in
            try db.execute(sql: "INSERT INTO items (name) VALUES ('first')")
        }
        let failing = try await queue(group) { db in
            try db.execute(sql: "INSERT INTO items (name) VALUES ('failing')")
            throw Refused()
        }
        let duplicate = try await queue(group) { db in
            // Breaks UNIQUE against the first call's row, which it can see.
            try db.execute(sql: "INSERT INTO items (name) VALUES ('first')")
        }
        let last = try await queue(group) { db in
            try db.execute(sql: "INSERT INTO items (name) VALUES ('last')")
        }
        release.signal()
        try await blocker.value

        try await first.value
        await #expect(throws: Refused.self) { try await failing.value }
        await #expect(throws: DatabaseError.self) { try await duplicate.value }
        try await last.value
        #expect(try names(pool) == ["first", "last"])
    }

    @Test func aFailedCommitAnswersEveryCallOfTheGroupWithTheError() async throws {
        let folder = try TemporaryFolder()
        let (pool, group) = try makeDatabase(folder)
        let release = DispatchSemaphore(value: 0)
        let blocker = try await blockWriter(group, until: release)

        let good = try await queue(group) { db in
            try db.execute(sql: "INSERT INTO items (name) VALUES ('good')")
        }
        let poison = try await queue(group) { db in
            // A deferred foreign key fails only at COMMIT, taking the whole group with it.
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            try db.execute(sql: "INSERT INTO items (name, parent_id) VALUES ('orphan', 99)")
        }
        release.signal()
        try await blocker.value

        await #expect(throws: DatabaseError.self) { try await good.value }
        await #expect(throws: DatabaseError.self) { try await poison.value }
        #expect(try names(pool).isEmpty)
        // The writer is usable again afterwards.
        try await group.write { db in try db.execute(sql: "INSERT INTO items (name) VALUES ('after')") }
        #expect(try names(pool) == ["after"])
    }

    @Test func aCallAloneIsAPlainTransaction() async throws {
        let folder = try TemporaryFolder()
        let (pool, group) = try makeDatabase(folder)
        await #expect(throws: Refused.self) {
            try await group.write { db in
                try db.execute(sql: "INSERT INTO items (name) VALUES ('gone')")
                throw Refused()
            }
        }
        #expect(try names(pool).isEmpty)
        #expect(group.waitingCount == 0)
    }
}

/// `CinemaDatabase.read` is a read transaction like GRDB's `read`: one snapshot throughout,
/// whatever commits meanwhile; and its error leaves no transaction open.
struct CachedTransactionReadTests {
    struct Failure: Error {}

    @Test func aReadSeesOneSnapshotWhileAnotherConnectionCommits() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("cinema.sqlite").path
        let database = try CinemaDatabase.open(path: path)
        // Another connection, as another process would have.
        let other = try DatabaseQueue(path: path)
        let (before, during) = try await database.read { db in
            let before = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM genres") ?? -1
            try other.write { try $0.execute(sql: "INSERT INTO genres (slug, name) VALUES ('noir', 'Noir')") }
            let during = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM genres") ?? -1
            return (before, during)
        }
        #expect(during == before)
        let after = try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM genres") ?? -1 }
        #expect(after == before + 1)

        // A failing read ends its transaction: the next read on the same reader works and is fresh.
        await #expect(throws: Failure.self) {
            try await database.read { _ in throw Failure() }
        }
        try await other.write { try $0.execute(sql: "INSERT INTO genres (slug, name) VALUES ('western', 'Western')") }
        for _ in 0..<8 {
            #expect(try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM genres") } == before + 2)
        }
    }

    @Test func anInlineReadRunsOnTheCallingThreadAndSeesOneSnapshot() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("cinema.sqlite").path
        let database = try CinemaDatabase.open(path: path)
        let other = try DatabaseQueue(path: path)
        let caller = pthread_self()
        let (thread, before, during) = try database.readInline { db in
            let before = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM genres") ?? -1
            try other.write { try $0.execute(sql: "INSERT INTO genres (slug, name) VALUES ('noir', 'Noir')") }
            let during = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM genres") ?? -1
            return (pthread_self(), before, during)
        }
        #expect(pthread_equal(thread, caller) != 0)
        #expect(during == before)
        #expect(try database.readInline { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM genres") } == before + 1)

        #expect(throws: Failure.self) {
            try database.readInline { _ in throw Failure() }
        }
        // The async read and the inline one share the pool's readers and both stay fresh.
        try await other.write { try $0.execute(sql: "INSERT INTO genres (slug, name) VALUES ('western', 'Western')") }
        for _ in 0..<4 {
            #expect(try database.readInline { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM genres") } == before + 2)
            #expect(try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM genres") } == before + 2)
        }
    }

    /// Inline reads block their thread; were they to wait for the readers of the `async`
    /// reads, which keep theirs until their task runs again, the threads those tasks need
    /// could all be waiting here, for ever. A deadlock would stop the cooperative pool, test
    /// time limits included, so a thread of its own ends the run instead of letting it hang.
    @Test func inlineAndAsyncReadsMixedDoNotWaitForEachOther() async throws {
        let folder = try TemporaryFolder()
        let database = try CinemaDatabase.open(path: folder.url.appendingPathComponent("cinema.sqlite").path)
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            if finished.wait(timeout: .now() + 60) == .timedOut {
                fatalError("inline and async reads waited for each other (deadlock)")
            }
        }
        defer { finished.signal() }
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<400 {
                group.addTask {
                    if index.isMultiple(of: 2) {
                        return try await database.read { db in try Int.fetchOne(db, sql: "SELECT 1") ?? 0 }
                    }
                    return try database.readInline { db in try Int.fetchOne(db, sql: "SELECT 1") ?? 0 }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(total == 400)
    }
}
