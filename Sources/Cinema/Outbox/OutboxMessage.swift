public import Foundation
import GRDB

/// What a mail is about.
public enum MailKind: String, Sendable, CaseIterable, Codable {
    case confirmation
    case cancellation
    case reminder
}

/// A mail waiting in (or delivered from) the outbox.
public struct OutboxMessage: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var kind: MailKind
    public var recipient: String
    public var subject: String
    /// Plain text, lines separated by "\n".
    public var body: String
    public var reservationID: Int64?
    public var createdAt: Date
    /// Delivery attempts so far.
    public var attempts: Int
    /// Not delivered before this time (backoff after a failure).
    public var nextAttemptAt: Date
    /// When it was delivered; nil while pending.
    public var sentAt: Date?
    /// Why the last attempt failed.
    public var lastError: String?

    public init(
        id: Int64, kind: MailKind, recipient: String, subject: String, body: String,
        reservationID: Int64?, createdAt: Date, attempts: Int, nextAttemptAt: Date,
        sentAt: Date?, lastError: String?
    ) {
        self.id = id
        self.kind = kind
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.reservationID = reservationID
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.sentAt = sentAt
        self.lastError = lastError
    }
}

extension OutboxMessage {
    static let columns = """
        id, kind, recipient, subject, body, reservation_id, created_at, attempts, next_attempt_at, \
        sent_at, last_error
        """

    init(row: Row) {
        self.init(
            id: row["id"],
            kind: MailKind(rawValue: row["kind"]) ?? .confirmation,
            recipient: row["recipient"],
            subject: row["subject"],
            body: row["body"],
            reservationID: row["reservation_id"],
            createdAt: row["created_at"],
            attempts: row["attempts"],
            nextAttemptAt: row["next_attempt_at"],
            sentAt: row["sent_at"],
            lastError: row["last_error"])
    }

    /// Queues a mail inside the caller's transaction, so it exists exactly when the change
    /// it reports was committed.
    static func enqueue(
        _ db: Database, kind: MailKind, recipient: String, subject: String, body: String,
        reservationID: Int64?, now: Date
    ) throws {
        try db.executeCached(
            sql: """
                INSERT INTO outbox (kind, recipient, subject, body, reservation_id, created_at, attempts, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, 0, ?)
                """,
            arguments: [kind.rawValue, recipient, subject, body, reservationID, StoredDate(now), StoredDate(now)])
    }

    /// Queues a mail about a booking to the person who made it, in the caller's transaction;
    /// `compose` writes it for their username. False (nothing queued) when the account is gone.
    @discardableResult
    static func enqueue(
        _ db: Database, _ kind: MailKind, about detail: ReservationDetail, now: Date,
        compose: (_ username: String) -> MailComposer.Mail
    ) throws -> Bool {
        guard let recipient = try BookingStore.recipient(db, userID: detail.reservation.userID) else { return false }
        let mail = compose(recipient.username)
        try enqueue(
            db, kind: kind, recipient: recipient.email, subject: mail.subject, body: mail.body,
            reservationID: detail.reservation.id, now: now)
        return true
    }
}
