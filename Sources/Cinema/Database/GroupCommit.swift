import Foundation
import GRDB

/// Group commit: short write transactions that arrive while another is being written are
/// run together in the next SQLite transaction, each inside its own savepoint, and share
/// one `COMMIT` and its `fsync`.
///
/// With `synchronous = FULL` every commit waits for the disk, and SQLite has one writer, so
/// without grouping the number of bookings a second was capped by commits a second (two per
/// booking). Grouping keeps every guarantee of a transaction per call:
///
/// - **Isolation**: the calls of a group run one after the other on the writer connection;
///   each sees the writes of those before it, exactly as consecutive transactions would.
/// - **Atomicity**: a call that throws rolls back to its savepoint, so its writes vanish and
///   the others' stay; the caller gets its own error.
/// - **Durability**: no caller hears back before the group's `COMMIT` returned. If the
///   commit fails, every call of the group that had succeeded gets that error (nothing of
///   the group was written).
///
/// A call that arrives while nothing is being written starts a group of one at once (run
/// without a savepoint, exactly like a plain write), so grouping adds no waiting when the
/// site is quiet. At most ``maxGroupSize`` calls share a commit. Once queued, a call runs and
/// commits with its group even if the caller's task is cancelled meanwhile: a booking is
/// either written whole or not at all, never cut off halfway by a closed connection.
final class GroupCommit: @unchecked Sendable {
    // @unchecked: `pending` and `writing` are only touched while holding `lock`.
    private let writer: any DatabaseWriter
    private let lock = NSLock()
    private var pending: [any GroupedWrite] = []
    private var writing = false
    let maxGroupSize: Int

    init(writer: any DatabaseWriter, maxGroupSize: Int = 64) {
        self.writer = writer
        self.maxGroupSize = maxGroupSize
    }

    /// Runs `body` in a write transaction (possibly shared, see the type's documentation) and
    /// returns its result once that transaction is committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let call = Call(body: body, continuation: continuation)
            let startsWriting = lock.withLock { () -> Bool in
                pending.append(call)
                guard !writing else { return false }
                writing = true
                return true
            }
            if startsWriting {
                writer.asyncWriteWithoutTransaction { db in self.writeNextGroup(db) }
            }
        }
    }

    /// How many calls wait for the next group (for tests).
    var waitingCount: Int {
        lock.withLock { pending.count }
    }

    /// Writes the next group, on the writer's queue, and answers its calls from there; then
    /// queues itself again while calls wait. Queued again rather than looping, so any other
    /// write queued meanwhile (an admin's) takes its turn instead of waiting for a quiet moment.
    private func writeNextGroup(_ db: Database) {
        let group = lock.withLock { () -> [any GroupedWrite] in
            let group = Array(pending.prefix(maxGroupSize))
            pending.removeFirst(group.count)
            return group
        }
        do {
            // A transaction as `writer.write` makes one, with `BEGIN` and `COMMIT` prepared
            // once (see `Database.inCachedTransaction`).
            try db.inCachedTransaction(.immediate) {
                if group.count == 1 {
                    // Alone: a plain transaction, which the call's error rolls back.
                    try group[0].run(db)
                } else {
                    for call in group {
                        // The same as `db.inSavepoint`, with statements prepared once
                        // rather than on every call. A call's error is kept for the call
                        // and undoes only its own writes; the others go on.
                        try db.cachedStatement(sql: "SAVEPOINT grouped_write").execute()
                        do {
                            try call.run(db)
                        } catch {
                            try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT grouped_write").execute()
                        }
                        try db.cachedStatement(sql: "RELEASE SAVEPOINT grouped_write").execute()
                    }
                }
            }
            for call in group { call.finish(commitError: nil) }
        } catch {
            for call in group { call.finish(commitError: error) }
        }
        let more = lock.withLock { () -> Bool in
            if pending.isEmpty { writing = false }
            return writing
        }
        if more {
            writer.asyncWriteWithoutTransaction { db in self.writeNextGroup(db) }
        }
    }
}

/// One call waiting in ``GroupCommit``, whatever its result type.
private protocol GroupedWrite: AnyObject, Sendable {
    /// Runs the call's body on the writer connection and keeps its outcome; rethrows its error.
    func run(_ db: Database) throws
    /// Answers the caller once the group's transaction ended: with the kept outcome, or with
    /// `commitError` when the transaction failed after the body succeeded.
    func finish(commitError: (any Error)?)
}

private final class Call<T: Sendable>: GroupedWrite, @unchecked Sendable {
    // @unchecked: `outcome` is written by `run` on the writer's queue and read by `finish`
    // after the write returned, never at the same time.
    private let body: @Sendable (Database) throws -> T
    private let continuation: CheckedContinuation<T, any Error>
    private var outcome: Result<T, any Error>?

    init(body: @escaping @Sendable (Database) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    func run(_ db: Database) throws {
        do {
            outcome = .success(try body(db))
        } catch {
            outcome = .failure(error)
            throw error
        }
    }

    func finish(commitError: (any Error)?) {
        switch (outcome, commitError) {
        case (.failure(let error)?, _):
            continuation.resume(throwing: error)
        case (.success(let value)?, nil):
            continuation.resume(returning: value)
        case (_, let error?):
            continuation.resume(throwing: error)
        case (nil, nil):
            // Not reached: a committed group ran every call.
            continuation.resume(throwing: DatabaseError(resultCode: .SQLITE_ABORT, message: "write was not run"))
        }
    }
}
