/// Something placed on a hall's seat grid.
protocol GridPlaced {
    var gridRow: Int { get }
    var gridCol: Int { get }
    var rowLabel: String { get }
}

/// Lays seats out on their hall's grid, row by row; empty cells are aisles or gaps.
enum SeatGrid {
    static func rows<Seat: GridPlaced>(_ seats: [Seat], rows: Int, columns: Int) -> [(gridRow: Int, label: String?, cells: [Seat?])] {
        let cells = seatIndices(seats, rows: rows, columns: columns)
        return (0..<rows).map { row in
            let cells = cells[row * columns..<(row + 1) * columns].map { $0 < 0 ? nil : seats[$0] }
            return (row, cells.lazy.compactMap { $0 }.first?.rowLabel, cells)
        }
    }

    /// For each cell of a `rows` × `columns` grid, row by row, the index in `seats` of the
    /// seat placed there, or -1 (an aisle or gap). Seats outside the grid are left out; of two
    /// seats in one cell, the later counts.
    static func seatIndices<Seat: GridPlaced>(_ seats: [Seat], rows: Int, columns: Int) -> [Int] {
        var cells = [Int](repeating: -1, count: max(rows, 0) * max(columns, 0))
        for index in seats.indices {
            let (row, column) = (seats[index].gridRow, seats[index].gridCol)
            if row >= 0, row < rows, column >= 0, column < columns { cells[row * columns + column] = index }
        }
        return cells
    }
}

extension SeatMap.Seat: GridPlaced {}
extension ShowtimeSeating.Seat: GridPlaced {}
