import Cinema
import Foundation
import Logging

/// The server's background tasks: mail delivery from the outbox, and a sweep that
/// releases expired holds (claiming transactions release them too; the sweep keeps the
/// seat maps and the dashboard honest when nobody is booking).
struct BackgroundWork {
    let database: CinemaDatabase
    let settings: CinemaSettings
    let maildir: URL
    let sendmail: String?
    let logger: Logger

    func start() -> [Task<Void, Never>] {
        let transport: MailTransport = sendmail.map { .sendmail(path: $0) } ?? .maildir(maildir)
        let delivery = MailDelivery(database: database, settings: settings, transport: transport, logger: logger)
        let booking = Booking(database: database, settings: settings)
        let logger = self.logger
        let sweep = Task {
            while !Task.isCancelled {
                do {
                    let expired = try await booking.expireHolds(now: Date())
                    if expired > 0 { logger.info("Released expired holds", metadata: ["count": "\(expired)"]) }
                } catch {
                    logger.error("Expiring holds failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(30))
            }
        }
        return [Task { await delivery.run() }, sweep]
    }
}
