import Foundation
import GRDB

/// Read-only connections to the database file for ``CinemaDatabase/readInline(_:)``, lent to
/// one caller at a time, on the caller's thread.
///
/// GRDB's `DatabasePool` does the same lending, but around a read of about 50 µs it spent
/// more than a third again: its pool instantiates a key path on every loan, and every read
/// starts with `PRAGMA schema_version`, a statement of its own, to keep GRDB's schema cache
/// fresh (together 6% of the server's CPU in the booking storm). The in-place reads only run
/// SQL of their own and never consult that cache; SQLite itself prepares a statement again
/// when another connection changed the schema.
///
/// Connections open when first needed, up to `limit`; a caller that finds them all lent
/// waits, which is brief because a borrower never suspends while holding one.
final class InlineReaders: @unchecked Sendable {
    // @unchecked: `idle` and `opened` are only touched while holding `condition`.
    private let condition = NSCondition()
    private var idle: [DatabaseQueue] = []
    private var opened = 0
    private let limit: Int
    private let path: String
    private let configuration: Configuration

    /// Opens the first connection at once, so a path that cannot be read fails here.
    init(path: String, configuration: Configuration, limit: Int) throws {
        precondition(configuration.readonly, "in-place reads use read-only connections")
        self.path = path
        self.configuration = configuration
        self.limit = max(limit, 1)
        idle = [try DatabaseQueue(path: path, configuration: configuration)]
        opened = 1
    }

    /// Runs `body` on a lent connection, on this thread.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        let connection = try borrow()
        defer { giveBack(connection) }
        return try connection.unsafeRead(body)
    }

    private func borrow() throws -> DatabaseQueue {
        condition.lock()
        while idle.isEmpty && opened >= limit { condition.wait() }
        if let connection = idle.popLast() {
            condition.unlock()
            return connection
        }
        opened += 1
        condition.unlock()
        do {
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            condition.lock()
            opened -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func giveBack(_ connection: DatabaseQueue) {
        condition.lock()
        idle.append(connection)
        condition.signal()
        condition.unlock()
    }

    /// How many connections are open (for tests).
    var openCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return opened
    }
}
