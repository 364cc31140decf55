public import Foundation
public import Logging

extension Booking {
    /// Runs ``expireHolds(now:)`` every `interval` until the task is cancelled, so seat counts
    /// and lists stay exact between bookings.
    ///
    /// ```swift
    /// let sweeper = Task { await booking.sweepExpiredHolds() }   // cancel to stop
    /// ```
    public func sweepExpiredHolds(
        every interval: Duration = .seconds(30), clock: @escaping CinemaClock = { Date() },
        logger: Logger = Logger(label: "marquee.holds")
    ) async {
        while !Task.isCancelled {
            do {
                let expired = try await expireHolds(now: clock())
                if expired > 0 { logger.debug("expired holds released", metadata: ["count": "\(expired)"]) }
            } catch {
                logger.error("cannot expire holds", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
