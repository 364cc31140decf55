public import Foundation

/// A showtime's seats as one viewer sees them, with the prices for a live total.
public struct SeatMap: Sendable, Hashable {
    /// What a seat looks like to the viewer.
    public enum State: String, Sendable, CaseIterable {
        /// Can be chosen.
        case free
        /// Booked by someone else.
        case taken
        /// Held by someone else's checkout right now; may come free again.
        case heldByOther
        /// Held or booked by the viewer.
        case mine
        /// Never sold.
        case blocked

        // The case, not its raw text: a String-backed enum hashes its string otherwise, and a
        // seat map hashes states per seat on every view (see SeatCategory).
        public func hash(into hasher: inout Hasher) {
            hasher.combine(ordinal)
        }

        /// The case's place in ``allCases``, from 0.
        public var ordinal: Int {
            switch self {
            case .free: 0
            case .taken: 1
            case .heldByOther: 2
            case .mine: 3
            case .blocked: 4
            }
        }
    }

    /// One seat and its state.
    public struct Seat: Sendable, Hashable, Identifiable {
        public var id: Int64
        public var rowLabel: String
        public var number: Int
        public var gridRow: Int
        public var gridCol: Int
        public var category: SeatCategory
        public var state: State

        public init(
            id: Int64, rowLabel: String, number: Int, gridRow: Int, gridCol: Int,
            category: SeatCategory, state: State
        ) {
            self.id = id
            self.rowLabel = rowLabel
            self.number = number
            self.gridRow = gridRow
            self.gridCol = gridCol
            self.category = category
            self.state = state
        }

        /// "F12".
        public var label: String { "\(rowLabel)\(number)" }
        /// True when the viewer may pick it.
        public var isSelectable: Bool { state == .free || state == .mine }
    }

    /// A grid row: its label (nil for a cross aisle) and one cell per grid column.
    public struct Row: Sendable, Hashable {
        public var gridRow: Int
        public var label: String?
        /// `nil` cells are aisles or gaps.
        public var cells: [Seat?]
    }

    public var showtime: ShowtimeListing
    /// Seats ordered by grid row, then grid column.
    public var seats: [Seat]
    /// Grid size: rows and columns, aisles included.
    public var gridRows: Int
    public var gridCols: Int
    /// Ticket types with their base price for this showtime's format.
    public var prices: [TicketPrice]
    /// Extra cents per seat category.
    public var surcharges: [SeatCategory: Int]
    /// The viewer's live hold on this showtime, if any: checkout can resume from it.
    public var viewerHoldCode: String?
    public var viewerHoldExpiresAt: Date?

    public init(
        showtime: ShowtimeListing, seats: [Seat], gridRows: Int, gridCols: Int, prices: [TicketPrice],
        surcharges: [SeatCategory: Int], viewerHoldCode: String?, viewerHoldExpiresAt: Date?
    ) {
        self.showtime = showtime
        self.seats = seats
        self.gridRows = gridRows
        self.gridCols = gridCols
        self.prices = prices
        self.surcharges = surcharges
        self.viewerHoldCode = viewerHoldCode
        self.viewerHoldExpiresAt = viewerHoldExpiresAt
    }

    /// The grid row by row, for drawing the map.
    public var rows: [Row] {
        SeatGrid.rows(seats, rows: gridRows, columns: gridCols).map { Row(gridRow: $0.gridRow, label: $0.label, cells: $0.cells) }
    }

    /// For each cell of the grid, row by row (`gridRow * gridCols + gridCol`), the index in
    /// ``seats`` of the seat there, or -1 for an aisle: the layout of ``rows`` without copying
    /// a seat.
    public var seatIndexByCell: [Int] {
        SeatGrid.seatIndices(seats, rows: gridRows, columns: gridCols)
    }

    /// The seat with this id, if it belongs to the map.
    public func seat(id: Int64) -> Seat? {
        seats.first { $0.id == id }
    }

    /// Number of seats in `state`.
    public func count(_ state: State) -> Int {
        seats.reduce(0) { $0 + ($1.state == state ? 1 : 0) }
    }
}
