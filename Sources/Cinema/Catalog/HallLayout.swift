/// A hall's seating drawn as text, one line per grid row, screen at the top.
///
/// | character | cell |
/// | --- | --- |
/// | `s` | standard seat |
/// | `v` | VIP seat |
/// | `w` | wheelchair space |
/// | `c` | companion seat |
/// | `x` | blocked standard seat |
/// | `.`, `_` or space | no seat (aisle, gap) |
///
/// Lines with seats get row labels A, B, C, … from the screen back; a line without seats
/// is a cross aisle and gets no label. Seats are numbered from 1, left to right.
///
/// ```swift
/// let seats = try HallLayout.parse("""
///     ss.ssss.ss
///     ss.ssss.ss
///     ..........
///     vv.vvvv.vv
///     """)
/// ```
public enum HallLayout {
    /// Most lines a layout may draw (blank lines around the drawing do not count).
    public static let maximumRows = 60
    /// The furthest column a seat may stand in.
    public static let maximumColumns = 100

    /// A seat the layout describes.
    public struct SeatSpec: Sendable, Hashable {
        public var rowLabel: String
        public var number: Int
        public var gridRow: Int
        public var gridCol: Int
        public var category: SeatCategory
        public var blocked: Bool
    }

    public enum Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        /// A character outside the table, at a 1-based line and column.
        case unknownCharacter(Character, line: Int, column: Int)
        /// The layout has no seat at all.
        case noSeats
        /// More than ``HallLayout/maximumRows`` lines between the first and last drawn ones.
        case tooManyLines(Int)
        /// A seat beyond column ``HallLayout/maximumColumns`` on this 1-based line.
        case lineTooLong(line: Int)

        public var description: String {
            switch self {
            case .unknownCharacter(let character, let line, let column):
                "Unknown seat character “\(character)” at line \(line), column \(column)."
            case .noSeats:
                "The layout has no seats."
            case .tooManyLines(let count):
                "A layout has at most \(HallLayout.maximumRows) lines; this one has \(count)."
            case .lineTooLong(let line):
                "Line \(line) is longer than \(HallLayout.maximumColumns) places."
            }
        }
    }

    /// Reads the seats of a layout.
    public static func parse(_ layout: String) throws(Error) -> [SeatSpec] {
        var seats: [SeatSpec] = []
        var labelIndex = 0
        // "\r\n" is one Character in Swift: split on it too (browsers send CRLF from a textarea).
        let lines = layout.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        // Leading and trailing blank lines are not part of the drawing.
        let firstLine = lines.firstIndex { !$0.allSatisfy(\.isWhitespace) } ?? lines.endIndex
        let lastLine = lines.lastIndex { !$0.allSatisfy(\.isWhitespace) } ?? -1
        guard firstLine <= lastLine else { throw .noSeats }
        // Checked before anything is built from the drawing: a preview lays out every
        // line × column, and a form may send a megabyte of lines.
        guard lastLine - firstLine < maximumRows else { throw .tooManyLines(lastLine - firstLine + 1) }
        for (gridRow, line) in lines[firstLine...lastLine].enumerated() {
            var rowSeats: [SeatSpec] = []
            let label = rowLabel(labelIndex)
            for (gridCol, character) in line.enumerated() {
                let category: SeatCategory
                var blocked = false
                switch character.lowercased() {
                case "s": category = .standard
                case "v": category = .vip
                case "w": category = .wheelchair
                case "c": category = .companion
                case "x": category = .standard; blocked = true
                case ".", "_", " ", "\t": continue
                default:
                    throw .unknownCharacter(character, line: firstLine + gridRow + 1, column: gridCol + 1)
                }
                guard gridCol < maximumColumns else { throw .lineTooLong(line: firstLine + gridRow + 1) }
                rowSeats.append(SeatSpec(
                    rowLabel: label, number: rowSeats.count + 1, gridRow: gridRow, gridCol: gridCol,
                    category: category, blocked: blocked))
            }
            if !rowSeats.isEmpty {
                labelIndex += 1
                seats += rowSeats
            }
        }
        guard !seats.isEmpty else { throw .noSeats }
        return seats
    }

    /// A, B, …, Z, AA, AB, … like spreadsheet columns.
    static func rowLabel(_ index: Int) -> String {
        var index = index
        var label = ""
        repeat {
            label = String(UnicodeScalar(UInt8(65 + index % 26))) + label
            index = index / 26 - 1
        } while index >= 0
        return label
    }
}
