public import Foundation
import GRDB
public import Logging

/// Delivers the outbox: a background loop for the server, and one pass for tests.
///
/// A message leaves the outbox only by being delivered: a failure records the error and
/// schedules a retry with exponential backoff (30 s, 1 min, 2 min, … up to an hour), forever.
/// Delivery is at least once: a crash between handing a message over and recording it
/// sends it again, with the same Message-ID.
///
/// ```swift
/// let delivery = MailDelivery(database: database, settings: settings,
///                             transport: .maildir(dataFolder.appendingPathComponent("mail")))
/// let task = Task { await delivery.run() }   // cancel the task to stop
/// ```
///
/// Run one loop per database.
public struct MailDelivery: Sendable {
    let database: CinemaDatabase
    let settings: CinemaSettings
    let transport: MailTransport
    let clock: CinemaClock
    let logger: Logger
    /// Pause between two passes of ``run()``.
    public var pollInterval: Duration = .seconds(5)
    /// Messages handled per pass at most.
    public var batchSize = 50
    /// Delay after the first failure; doubles with each further failure.
    public var baseBackoff: TimeInterval = 30
    /// The longest delay between two attempts.
    public var maxBackoff: TimeInterval = 3_600

    public init(
        database: CinemaDatabase, settings: CinemaSettings, transport: MailTransport,
        clock: @escaping CinemaClock = { Date() },
        logger: Logger = Logger(label: "marquee.mail")
    ) {
        self.database = database
        self.settings = settings
        self.transport = transport
        self.clock = clock
        self.logger = logger
    }

    /// Delivers pending messages until the task is cancelled.
    public func run() async {
        logger.info("mail delivery started", metadata: ["transport": "\(transport)"])
        while !Task.isCancelled {
            _ = await deliverPending(now: clock())
            try? await Task.sleep(for: pollInterval)
        }
        logger.info("mail delivery stopped")
    }

    /// Tries every message due at `now` once and returns how many were delivered.
    @discardableResult
    public func deliverPending(now: Date) async -> Int {
        let due: [OutboxMessage]
        do {
            due = try await database.read { [batchSize] db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(OutboxMessage.columns) FROM outbox
                        WHERE sent_at IS NULL AND next_attempt_at <= ?
                        ORDER BY next_attempt_at, id LIMIT ?
                        """,
                    arguments: [now, batchSize]
                ).map(OutboxMessage.init(row:))
            }
        } catch {
            logger.error("cannot read the outbox", metadata: ["error": "\(error)"])
            return 0
        }
        var delivered = 0
        for message in due {
            if Task.isCancelled { break }
            let email = EmailMessage(message, from: settings.mailFrom)
            let uniqueName = "\(Int(now.timeIntervalSince1970)).M\(message.id)P\(ProcessInfo.processInfo.processIdentifier).marquee"
            do {
                try await transport.deliver(email, uniqueName: uniqueName)
                try await record(message, outcome: nil, now: now)
                delivered += 1
                logger.debug("mail delivered", metadata: ["outbox": "\(message.id)", "kind": "\(message.kind.rawValue)"])
            } catch {
                let delay = backoff(afterAttempts: message.attempts + 1)
                logger.warning(
                    "mail delivery failed; will retry",
                    metadata: ["outbox": "\(message.id)", "error": "\(error)", "retryIn": "\(Int(delay))s"])
                try? await record(message, outcome: "\(error)", now: now)
            }
        }
        return delivered
    }

    /// The delay before attempt `attempts + 1`: base × 2^(attempts − 1), capped.
    func backoff(afterAttempts attempts: Int) -> TimeInterval {
        let exponent = Double(min(max(attempts - 1, 0), 30))
        return min(baseBackoff * pow(2, exponent), maxBackoff)
    }

    /// Records a delivery (`failure == nil`) or a failed attempt.
    private func record(_ message: OutboxMessage, outcome failure: String?, now: Date) async throws {
        let nextAttempt = now.addingTimeInterval(backoff(afterAttempts: message.attempts + 1))
        try await database.writer.write { db in
            if let failure {
                try db.execute(
                    sql: """
                        UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?
                        WHERE id = ? AND sent_at IS NULL
                        """,
                    arguments: [nextAttempt, String(failure.prefix(1_000)), message.id])
            } else {
                try db.execute(
                    sql: "UPDATE outbox SET attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?",
                    arguments: [now, message.id])
            }
        }
    }
}
