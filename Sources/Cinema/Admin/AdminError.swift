/// Why an admin operation was refused, when the problem is not one form field.
///
/// Input problems are ``ValidationError``s keyed by form field; these are the rest: the
/// thing is gone, the actor may not act, or the cinema's state forbids the change. Every
/// case has a ``message`` for the page.
public enum AdminError: Error, Sendable, Equatable {
    /// The acting user does not exist or is not an admin (checked inside every write).
    case notAuthorized
    /// No such thing (deleted meanwhile, or a stale link).
    case notFound(AdminEntity)
    /// The movie cannot be deleted: upcoming showtimes have bookings or live holds.
    case movieHasUpcomingBookings(title: String, showtimes: Int, reservations: Int)
    /// The movie cannot be deleted: its showtimes have reservations kept for the reports.
    case movieHasBookingHistory(title: String, reservations: Int)
    /// The only admin cannot give up the role: nobody could run the cinema any more.
    case lastAdmin
    /// Creating showtimes all-or-nothing found these conflicts; nothing was created.
    case scheduleConflicts([SlotConflict])
    /// The showtime was cancelled; it can no longer change.
    case showtimeCancelled
    /// The showtime has started: it can no longer be edited.
    case showtimeStarted
    /// The showtime is over: it can no longer be cancelled.
    case showtimeOver
    /// The reservation is already cancelled or expired.
    case reservationNotActive(ReservationStatus)

    /// A sentence for the page.
    public var message: String {
        switch self {
        case .notAuthorized:
            "Only an admin can do that."
        case .notFound(let entity):
            "This \(entity.displayName) does not exist (any more)."
        case .movieHasUpcomingBookings(let title, let showtimes, let reservations):
            "“\(title)” cannot be deleted: \(Self.count(showtimes, "upcoming showtime")) "
                + "\(showtimes == 1 ? "has" : "have") \(Self.count(reservations, "booking or hold", plural: "bookings or holds")). "
                + "Archive it instead: it stays for history and is no longer listed or scheduled."
        case .movieHasBookingHistory(let title, let reservations):
            "“\(title)” cannot be deleted: \(Self.count(reservations, "reservation")) of its showtimes "
                + "\(reservations == 1 ? "is" : "are") kept for the reports. Archive it instead."
        case .lastAdmin:
            "This is the only admin account: make someone else an admin first."
        case .scheduleConflicts(let conflicts):
            "Nothing was scheduled: \(Self.count(conflicts.count, "slot")) "
                + "\(conflicts.count == 1 ? "clashes" : "clash") with other showtimes. "
                + conflicts.prefix(3).map(\.message).joined(separator: " ")
        case .showtimeCancelled:
            "This showtime was cancelled; it can no longer change."
        case .showtimeStarted:
            "This showtime has already started; it can no longer change."
        case .showtimeOver:
            "This showtime is over; it can no longer be cancelled."
        case .reservationNotActive(let status):
            "This reservation is already \(status.rawValue)."
        }
    }

    static func count(_ value: Int, _ singular: String, plural: String? = nil) -> String {
        "\(value) \(value == 1 ? singular : plural ?? singular + "s")"
    }
}

/// The kinds of things admins change; also the `entity` column of the audit log.
public enum AdminEntity: String, Sendable, CaseIterable, Codable {
    case movie
    case genre
    case hall
    case showtime
    case prices
    case user
    case reservation

    /// A word for messages ("movie", "showtime").
    public var displayName: String { rawValue }
}
