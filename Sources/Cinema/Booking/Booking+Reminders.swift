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
        return try await database.write { db in
            let due = try Int64.fetchAll(
                db.cachedStatement(sql: """
                    SELECT r.id FROM showtimes s JOIN reservations r ON r.showtime_id = s.id
                    WHERE s.status = 'scheduled' AND s.starts_at > ? AND s.starts_at <= ?
                      AND r.status = 'confirmed'
                      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.reservation_id = r.id AND o.kind = 'reminder')
                    """),
                arguments: [now, now.addingTimeInterval(leadTime)])
            var queued = 0
            for reservationID in due {
                guard let detail = try BookingStore.detail(db, reservationID: reservationID) else { continue }
                if try OutboxMessage.enqueue(db, .reminder, about: detail, now: now, compose: { composer.reminder(detail, username: $0) }) {
                    queued += 1
                }
            }
            return queued
        }
    }
}
