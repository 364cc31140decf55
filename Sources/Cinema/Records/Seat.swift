import GRDB

/// The kind of a seat; some kinds carry a surcharge.
public enum SeatCategory: String, Sendable, CaseIterable, Codable {
    case standard
    case vip
    case wheelchair
    /// The seat beside a wheelchair place, for a companion.
    case companion

    // The case, not its raw text: a String-backed enum otherwise gets RawRepresentable's
    // hash, which hashes the string, and a seat map looks up surcharges by category per seat
    // on every view. Equality stays the raw value's, which is the case's.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(ordinal)
    }

    /// The case's place in ``allCases``, from 0.
    public var ordinal: Int {
        switch self {
        case .standard: 0
        case .vip: 1
        case .wheelchair: 2
        case .companion: 3
        }
    }

    /// A label for pages ("VIP", "Wheelchair", ...).
    public var displayName: String {
        switch self {
        case .standard: "Standard"
        case .vip: "VIP"
        case .wheelchair: "Wheelchair space"
        case .companion: "Companion seat"
        }
    }
}

/// A seat of a hall.
public struct Seat: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var hallID: Int64
    /// The row's letter(s) as printed on the ticket ("F").
    public var rowLabel: String
    /// The seat's number within its row, from 1.
    public var number: Int
    /// Position on the hall's grid, from 0; aisles are grid cells without a seat.
    public var gridRow: Int
    public var gridCol: Int
    public var category: SeatCategory
    /// A blocked seat is never sold (broken, camera position, distancing).
    public var blocked: Bool

    public init(
        id: Int64, hallID: Int64, rowLabel: String, number: Int, gridRow: Int, gridCol: Int,
        category: SeatCategory, blocked: Bool
    ) {
        self.id = id
        self.hallID = hallID
        self.rowLabel = rowLabel
        self.number = number
        self.gridRow = gridRow
        self.gridCol = gridCol
        self.category = category
        self.blocked = blocked
    }

    /// Row and number as printed on a ticket ("F12").
    public var label: String { "\(rowLabel)\(number)" }
}

extension Seat {
    /// The columns ``init(row:)`` reads, in its order (a query may prefix them with a table alias).
    static let columnNames = ["id", "hall_id", "row_label", "number", "grid_row", "grid_col", "category", "blocked"]

    /// A seat from a row that selects ``columnNames`` in that order.
    ///
    /// Read by position: a seat map decodes hundreds of seats per request, and GRDB's lookup
    /// by column name lowercases the name and every column's name on each access.
    init(row: Row) {
        assert(row.columnNames.map { $0.lowercased() } == Self.columnNames, "Seat(row:) needs the columns \(Self.columnNames), got \(Array(row.columnNames))")
        self.init(
            id: row[0],
            hallID: row[1],
            rowLabel: row[2],
            number: row[3],
            gridRow: row[4],
            gridCol: row[5],
            category: SeatCategory(rawValue: row[6]) ?? .standard,
            blocked: row[7])
    }
}

/// A seat named the way a moviegoer reads it, for messages ("F12 is taken").
public struct SeatLabel: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seatID: Int64
    public var rowLabel: String
    public var number: Int

    public init(seatID: Int64, rowLabel: String, number: Int) {
        self.seatID = seatID
        self.rowLabel = rowLabel
        self.number = number
    }

    public var description: String { "\(rowLabel)\(number)" }

    public static func < (lhs: SeatLabel, rhs: SeatLabel) -> Bool {
        (lhs.rowLabel.count, lhs.rowLabel, lhs.number) < (rhs.rowLabel.count, rhs.rowLabel, rhs.number)
    }
}
