public import Foundation

/// Which showtimes to list; `nil` means "any".
public struct ShowtimeFilter: Sendable, Hashable {
    /// Showtimes starting inside this interval (e.g. a local day or a week).
    public var range: DateInterval?
    public var movieID: Int64?
    public var hallID: Int64?
    public var format: HallFormat?
    /// Also list cancelled showtimes (admin); by default only scheduled ones.
    public var includeCancelled: Bool
    /// At most this many, earliest first.
    public var limit: Int

    public init(
        range: DateInterval? = nil, movieID: Int64? = nil, hallID: Int64? = nil,
        format: HallFormat? = nil, includeCancelled: Bool = false, limit: Int = 500
    ) {
        self.range = range
        self.movieID = movieID
        self.hallID = hallID
        self.format = format
        self.includeCancelled = includeCancelled
        self.limit = limit
    }
}
