/// A hall layout drawn as it will be built: rows of cells with the labels and numbers the
/// seats would get, for the hall form's preview.
///
/// ```swift
/// let preview = try HallPreview(layout: "ss.ss\nvv.vv")
/// preview.rows[1].label        // "B"
/// preview.rows[1].cells[3].label  // "B3"
/// ```
public struct HallPreview: Sendable, Hashable {
    /// One position of the grid.
    public struct Cell: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            case seat
            /// An aisle or gap: no seat here.
            case gap
        }

        public var kind: Kind
        /// 1-based column in the layout text.
        public var column: Int
        /// The seat's category (nil for a gap).
        public var category: SeatCategory?
        /// A blocked seat is never sold.
        public var blocked: Bool
        /// The seat's number in its row (nil for a gap).
        public var number: Int?
        /// "F12" (nil for a gap).
        public var label: String?

        public init(kind: Kind, column: Int, category: SeatCategory?, blocked: Bool, number: Int?, label: String?) {
            self.kind = kind
            self.column = column
            self.category = category
            self.blocked = blocked
            self.number = number
            self.label = label
        }
    }

    /// One line of the layout.
    public struct Row: Sendable, Hashable {
        /// 1-based line in the layout text as typed (blank lines before the drawing count).
        public var line: Int
        /// The row's letter(s); nil for a line without seats (a cross aisle).
        public var label: String?
        /// Exactly ``HallPreview/columns`` cells.
        public var cells: [Cell]

        public init(line: Int, label: String?, cells: [Cell]) {
            self.line = line
            self.label = label
            self.cells = cells
        }

        public var seatCount: Int { cells.reduce(0) { $0 + ($1.kind == .seat ? 1 : 0) } }
    }

    public var rows: [Row]
    /// Width of the grid: the longest line.
    public var columns: Int
    /// Every seat, blocked ones included.
    public var seatCount: Int
    /// Seats that are not blocked: the hall's capacity.
    public var capacity: Int
    public var blockedCount: Int
    /// Sellable (not blocked) seats per category.
    public var capacityByCategory: [SeatCategory: Int]
    /// The seats as ``HallLayout/parse(_:)`` reads them.
    let seatSpecs: [HallLayout.SeatSpec]
    /// The drawing's lines, without line ends, trailing spaces or blank lines around it:
    /// the form the hall's layout is stored in.
    let normalizedLayout: String

    /// Parses a layout (see ``HallLayout`` for the characters).
    ///
    /// - Throws: ``HallLayout/Error`` with the 1-based line and column of a wrong character,
    ///   or ``HallLayout/Error/noSeats``.
    public init(layout: String) throws(HallLayout.Error) {
        let specs = try HallLayout.parse(layout)
        // The same lines HallLayout reads: leading and trailing blank lines are not drawn.
        let lines = layout.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        let firstLine = lines.firstIndex { !$0.allSatisfy(\.isWhitespace) } ?? 0
        let lastLine = lines.lastIndex { !$0.allSatisfy(\.isWhitespace) } ?? 0
        let drawn = lines[firstLine...lastLine]
        // Up to the last seat: aisles after it draw nothing, and a line may run on with
        // them far past the column limit, which only seats are held to.
        let columns = (specs.map(\.gridCol).max() ?? -1) + 1
        var bySpot: [Int: [Int: HallLayout.SeatSpec]] = [:]
        for spec in specs { bySpot[spec.gridRow, default: [:]][spec.gridCol] = spec }

        var rows: [Row] = []
        for gridRow in 0..<drawn.count {
            let seats = bySpot[gridRow] ?? [:]
            let cells = (0..<columns).map { column -> Cell in
                guard let spec = seats[column] else {
                    return Cell(kind: .gap, column: column + 1, category: nil, blocked: false, number: nil, label: nil)
                }
                return Cell(
                    kind: .seat, column: column + 1, category: spec.category, blocked: spec.blocked,
                    number: spec.number, label: "\(spec.rowLabel)\(spec.number)")
            }
            rows.append(Row(line: firstLine + gridRow + 1, label: seats.values.first?.rowLabel, cells: cells))
        }
        self.rows = rows
        self.columns = columns
        self.seatCount = specs.count
        self.blockedCount = specs.filter(\.blocked).count
        self.capacity = specs.count - blockedCount
        var byCategory: [SeatCategory: Int] = [:]
        for spec in specs where !spec.blocked { byCategory[spec.category, default: 0] += 1 }
        self.capacityByCategory = byCategory
        self.seatSpecs = specs
        self.normalizedLayout = drawn.map { line in
            var line = Substring(line)
            while let last = line.last, last.isWhitespace { line = line.dropLast() }
            return String(line)
        }.joined(separator: "\n")
    }
}
