/// How a hall's stored seats become the seats of a new layout.
///
/// Seats are matched by row label and number (what tickets print), so a matched seat keeps
/// its id, and the reservations that reference it stay right, even when it moves on the grid.
struct HallSeatDiff {
    /// A stored seat.
    struct Existing: Hashable {
        var id: Int64
        var rowLabel: String
        var number: Int
        var gridRow: Int
        var gridCol: Int
        var category: SeatCategory
        var blocked: Bool

        var label: String { "\(rowLabel)\(number)" }
    }

    struct Update {
        var seat: Existing
        var spec: HallLayout.SeatSpec
    }

    /// Sellable seats the new layout blocks, in place: allowed when no live booking has them.
    var blocks: [Update] = []
    /// Changes that cannot affect a booking: unblocking a seat, or restyling a blocked one.
    var harmless: [Update] = []
    /// Seats that move or change category.
    var changes: [Update] = []
    var added: [HallLayout.SeatSpec] = []
    var removed: [Existing] = []
    var unchangedCount = 0

    init(existing: [Existing], new specs: [HallLayout.SeatSpec]) {
        var byLabel: [String: Existing] = [:]
        for seat in existing { byLabel[seat.label] = seat }
        for spec in specs {
            let label = "\(spec.rowLabel)\(spec.number)"
            guard let seat = byLabel.removeValue(forKey: label) else {
                added.append(spec)
                continue
            }
            let samePlace = seat.gridRow == spec.gridRow && seat.gridCol == spec.gridCol
            switch (samePlace, seat.blocked, spec.blocked) {
            case (true, false, false) where seat.category == spec.category:
                unchangedCount += 1
            case (true, true, true) where seat.category == spec.category:
                unchangedCount += 1
            case (true, false, true):
                blocks.append(Update(seat: seat, spec: spec))
            case (true, true, _):
                harmless.append(Update(seat: seat, spec: spec))
            default:
                changes.append(Update(seat: seat, spec: spec))
            }
        }
        removed = byLabel.values.sorted { ($0.gridRow, $0.gridCol) < ($1.gridRow, $1.gridCol) }
    }

    /// True when seats are added, removed, moved or recategorised: more than blocking.
    var isStructural: Bool { !changes.isEmpty || !added.isEmpty || !removed.isEmpty }

    var isEmpty: Bool { !isStructural && blocks.isEmpty && harmless.isEmpty }

    /// "2 added, 1 removed, 3 blocked" for the audit log and the result.
    var summary: String {
        var parts: [String] = []
        func add(_ count: Int, _ word: String) { if count > 0 { parts.append("\(count) \(word)") } }
        add(added.count, "added")
        add(removed.count, "removed")
        add(changes.count, "moved or recategorised")
        add(blocks.count, "blocked")
        add(harmless.filter { !$0.spec.blocked }.count, "unblocked")
        return parts.isEmpty ? "seats unchanged" : "seats " + parts.joined(separator: ", ")
    }

    /// Labels of the seats a structural change touches, for messages.
    var structuralLabels: [String] {
        added.map { "\($0.rowLabel)\($0.number)" } + removed.map(\.label) + changes.map(\.seat.label)
    }
}
