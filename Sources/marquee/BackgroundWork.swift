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
        return [Task { await delivery.run() }, Task { await booking.sweepExpiredHolds(logger: logger) }]
    }
}
