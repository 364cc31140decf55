/// Something placed on a hall's seat grid.
protocol GridPlaced {
    var gridRow: Int { get }
    var gridCol: Int { get }
    var rowLabel: String { get }
}

/// Lays seats out on their hall's grid, row by row; empty cells are aisles or gaps.
enum SeatGrid {
    static func rows<Seat: GridPlaced>(_ seats: [Seat], rows: Int, columns: Int) -> [(gridRow: Int, label: String?, cells: [Seat?])] {
        var grid = [[Seat?]](repeating: [Seat?](repeating: nil, count: columns), count: rows)
        for seat in seats where seat.gridRow < rows && seat.gridCol < columns {
            grid[seat.gridRow][seat.gridCol] = seat
        }
        return grid.enumerated().map { index, cells in
            (index, cells.lazy.compactMap { $0 }.first?.rowLabel, cells)
        }
    }
}

extension SeatMap.Seat: GridPlaced {}
extension ShowtimeSeating.Seat: GridPlaced {}
