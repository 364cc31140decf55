public import Foundation

/// A showtime as the admin list shows it.
public struct AdminShowtime: Sendable, Hashable, Identifiable {
    public var listing: ShowtimeListing
    /// Confirmed bookings.
    public var confirmedReservations: Int
    /// Holds that have not run out.
    public var liveHolds: Int
    /// Seats in confirmed bookings.
    public var seatsSold: Int

    public init(listing: ShowtimeListing, confirmedReservations: Int, liveHolds: Int, seatsSold: Int) {
        self.listing = listing
        self.confirmedReservations = confirmedReservations
        self.liveHolds = liveHolds
        self.seatsSold = seatsSold
    }

    public var id: Int64 { listing.id }
}

/// The edit form of one showtime.
public struct ShowtimeEditor: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// The stored values as form text (local date and time).
    public var form: ShowtimeForm
    public var listing: ShowtimeListing
    /// Confirmed bookings and live holds: while there are any, the movie cannot change and
    /// the showtime can only move to a hall with the same seats.
    public var liveReservations: Int

    public init(id: Int64, form: ShowtimeForm, listing: ShowtimeListing, liveReservations: Int) {
        self.id = id
        self.form = form
        self.listing = listing
        self.liveReservations = liveReservations
    }
}

/// What creating a batch of showtimes did.
public struct ShowtimeBatchReport: Sendable, Hashable {
    /// A showtime the batch created.
    public struct Created: Sendable, Hashable {
        public var showtimeID: Int64
        public var startsAt: Date

        public init(showtimeID: Int64, startsAt: Date) {
            self.showtimeID = showtimeID
            self.startsAt = startsAt
        }
    }

    /// Earliest first.
    public var created: [Created]
    /// Slots left out (only with ``BatchPolicy/skipConflicts``), earliest first.
    public var conflicts: [SlotConflict]

    public init(created: [Created], conflicts: [SlotConflict]) {
        self.created = created
        self.conflicts = conflicts
    }
}

/// What saving a showtime's form did.
public struct ShowtimeChange: Sendable, Hashable {
    /// True when the start or the hall changed.
    public var moved: Bool
    /// "Your showtime moved" mails queued, one per confirmed booking.
    public var mailsQueued: Int

    public init(moved: Bool, mailsQueued: Int) {
        self.moved = moved
        self.mailsQueued = mailsQueued
    }
}

/// What cancelling a showtime did.
public struct ShowtimeCancellation: Sendable, Hashable {
    public var showtimeID: Int64
    /// Confirmed bookings and live holds cancelled.
    public var cancelledReservations: Int
    /// Cancellation mails queued, one per confirmed booking.
    public var mailsQueued: Int

    public init(showtimeID: Int64, cancelledReservations: Int, mailsQueued: Int) {
        self.showtimeID = showtimeID
        self.cancelledReservations = cancelledReservations
        self.mailsQueued = mailsQueued
    }
}
