/// A hall as the admin list shows it.
public struct AdminHallRow: Sendable, Hashable, Identifiable {
    /// The hall, whose `capacity` counts sellable seats.
    public var hall: Hall
    /// Every seat, blocked ones included.
    public var seatCount: Int
    public var blockedCount: Int
    /// Scheduled showtimes that have not ended.
    public var upcomingShowtimes: Int
    /// Confirmed bookings and live holds for those showtimes: while there are any, the
    /// layout can only block free seats and unblock seats.
    public var upcomingReservations: Int

    public init(hall: Hall, seatCount: Int, blockedCount: Int, upcomingShowtimes: Int, upcomingReservations: Int) {
        self.hall = hall
        self.seatCount = seatCount
        self.blockedCount = blockedCount
        self.upcomingShowtimes = upcomingShowtimes
        self.upcomingReservations = upcomingReservations
    }

    public var id: Int64 { hall.id }

    /// True when the layout may only block free seats and unblock seats.
    public var isLayoutLocked: Bool { upcomingReservations > 0 }
}

/// The edit form of one hall, with its preview.
public struct HallEditor: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var form: HallForm
    /// The stored layout drawn (nil only if the stored text cannot be read).
    public var preview: HallPreview?
    public var upcomingShowtimes: Int
    public var upcomingReservations: Int

    public init(id: Int64, form: HallForm, preview: HallPreview?, upcomingShowtimes: Int, upcomingReservations: Int) {
        self.id = id
        self.form = form
        self.preview = preview
        self.upcomingShowtimes = upcomingShowtimes
        self.upcomingReservations = upcomingReservations
    }

    /// True when the layout may only block free seats and unblock seats.
    public var isLayoutLocked: Bool { upcomingReservations > 0 }
}
