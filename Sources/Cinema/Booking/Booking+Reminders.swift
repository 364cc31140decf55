public import Foundation
import GRDB

extension Booking {
    /// Queues a reminder mail for every confirmed booking whose showtime starts after `now`
    /// and within `leadTime`, unless it already has one. Returns how many were queued.
    ///
    /// Call it from a background loop (every few minutes); running it twice queues nothing new.
    @discardableResult
    public func queueReminders(now: Date, leadTime: TimeInterval = 3 * 3_600) async throws -> Int {
        let composer = MailComposer(settings: settings)
        return try await database.writer.write { db in
            let due = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT r.id, r.user_id FROM showtimes s JOIN reservations r ON r.showtime_id = s.id
                    WHERE s.status = 'scheduled' AND s.starts_at > ? AND s.starts_at <= ?
                      AND r.status = 'confirmed'
                      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.reservation_id = r.id AND o.kind = 'reminder')
                    """),
                arguments: [now, now.addingTimeInterval(leadTime)]
            ).map { (reservationID: $0["id"] as Int64, userID: $0["user_id"] as Int64) }
            var queued = 0
            for item in due {
                guard let detail = try BookingStore.detail(db, reservationID: item.reservationID, now: now),
                      let recipient = try BookingStore.recipient(db, userID: item.userID)
                else { continue }
                let mail = composer.reminder(detail, username: recipient.username)
                try OutboxMessage.enqueue(
                    db, kind: .reminder, recipient: recipient.email, subject: mail.subject, body: mail.body,
                    reservationID: item.reservationID, now: now)
                queued += 1
            }
            return queued
        }
    }
}
