import Foundation

/// A time zone's UTC offsets between its transitions from 2000 to 2070, read with a binary
/// search instead of asking Foundation (and ICU) for every date formatted.
struct ZoneOffsets: Sendable {
    private static let start = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01
    private static let end = Date(timeIntervalSince1970: 3_155_760_000)  // 2070-01-01

    let timeZone: TimeZone
    /// Instants where the offset changes, ascending.
    private let transitions: [Double]
    /// `offsets[i]` holds before `transitions[i]` (and after the one before it); one more
    /// than there are transitions.
    private let offsets: [Int]

    init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
        var transitions: [Double] = []
        var offsets = [timeZone.secondsFromGMT(for: Self.start)]
        var cursor = Self.start
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next < Self.end, next > cursor {
            transitions.append(next.timeIntervalSince1970)
            offsets.append(timeZone.secondsFromGMT(for: next))
            cursor = next
        }
        self.transitions = transitions
        self.offsets = offsets
    }

    /// Seconds east of UTC at `date`.
    func offset(at date: Date) -> Int {
        let time = date.timeIntervalSince1970
        guard time >= Self.start.timeIntervalSince1970, time < Self.end.timeIntervalSince1970 else {
            return timeZone.secondsFromGMT(for: date)
        }
        var low = 0
        var high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= time { low = middle + 1 } else { high = middle }
        }
        return offsets[low]
    }
}
