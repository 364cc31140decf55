/// A showtime's seats as an admin sees them: who holds or booked each one.
public struct ShowtimeSeating: Sendable, Hashable {
    /// Who has a seat.
    public struct Occupant: Sendable, Hashable {
        public var userID: Int64
        public var username: String
        public var reservationCode: String
        /// ``ReservationStatus/held`` (a live hold) or ``ReservationStatus/confirmed``.
        public var status: ReservationStatus

        public init(userID: Int64, username: String, reservationCode: String, status: ReservationStatus) {
            self.userID = userID
            self.username = username
            self.reservationCode = reservationCode
            self.status = status
        }
    }

    /// A seat and its occupant, if any.
    public struct Seat: Sendable, Hashable, Identifiable {
        public var id: Int64
        public var rowLabel: String
        public var number: Int
        public var gridRow: Int
        public var gridCol: Int
        public var category: SeatCategory
        public var blocked: Bool
        /// Nil when nobody holds or booked it (expired holds count as nobody).
        public var occupant: Occupant?

        public init(
            id: Int64, rowLabel: String, number: Int, gridRow: Int, gridCol: Int, category: SeatCategory,
            blocked: Bool, occupant: Occupant?
        ) {
            self.id = id
            self.rowLabel = rowLabel
            self.number = number
            self.gridRow = gridRow
            self.gridCol = gridCol
            self.category = category
            self.blocked = blocked
            self.occupant = occupant
        }

        /// "F12".
        public var label: String { "\(rowLabel)\(number)" }
    }

    /// A grid row: its label (nil for a cross aisle) and one cell per grid column.
    public struct Row: Sendable, Hashable {
        public var gridRow: Int
        public var label: String?
        /// `nil` cells are aisles or gaps.
        public var cells: [Seat?]

        public init(gridRow: Int, label: String?, cells: [Seat?]) {
            self.gridRow = gridRow
            self.label = label
            self.cells = cells
        }
    }

    public var showtime: ShowtimeListing
    /// Seats in grid order.
    public var seats: [Seat]
    public var gridRows: Int
    public var gridCols: Int
    /// Every reservation of the showtime (any status), newest first.
    public var reservations: [AdminReservationRow]

    public init(showtime: ShowtimeListing, seats: [Seat], gridRows: Int, gridCols: Int, reservations: [AdminReservationRow]) {
        self.showtime = showtime
        self.seats = seats
        self.gridRows = gridRows
        self.gridCols = gridCols
        self.reservations = reservations
    }

    /// The grid row by row, for drawing the map.
    public var rows: [Row] {
        SeatGrid.rows(seats, rows: gridRows, columns: gridCols).map { Row(gridRow: $0.gridRow, label: $0.label, cells: $0.cells) }
    }

    /// Seats in confirmed bookings.
    public var soldCount: Int { seats.filter { $0.occupant?.status == .confirmed }.count }
    /// Seats in live holds.
    public var heldCount: Int { seats.filter { $0.occupant?.status == .held }.count }
    public var blockedCount: Int { seats.filter(\.blocked).count }
    /// Sellable seats nobody has.
    public var freeCount: Int { seats.filter { !$0.blocked && $0.occupant == nil }.count }
}
