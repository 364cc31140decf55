/// The rule for a live seat claim, in one place for every query that counts or shows taken
/// seats.
enum SeatClaim {
    /// Whether claim `c` holds its seat at the time bound to `parameter` (a plain `?`, or a
    /// numbered one such as `?2` in a statement that numbers its parameters): sold, or held
    /// and not expired. A claim carries its hold's expiry (migration `v4-claim-holders`), so
    /// no reservation is read.
    static func liveSQL(now parameter: String = "?") -> String {
        "(c.held_until IS NULL OR c.held_until > \(parameter))"
    }
}
