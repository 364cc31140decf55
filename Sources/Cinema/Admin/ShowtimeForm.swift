public import Foundation

/// The showtime form's values as typed, in the cinema's local time.
///
/// Field keys of the ``ValidationError`` thrown by ``AdminSchedule/create(_:actor:now:)`` and
/// ``AdminSchedule/update(id:_:actor:now:)``: `movieID`, `hallID`, `date`, `time`. An overlap
/// with another showtime of the hall is reported on `time`, naming that showtime.
public struct ShowtimeForm: Sendable, Hashable {
    /// Nil when none was chosen (or the value was not a number).
    public var movieID: Int64?
    public var hallID: Int64?
    /// The local day, `YYYY-MM-DD`.
    public var date: String
    /// The local start, `HH:MM` (24-hour).
    public var time: String

    public init(movieID: Int64? = nil, hallID: Int64? = nil, date: String = "", time: String = "") {
        self.movieID = movieID
        self.hallID = hallID
        self.date = date
        self.time = time
    }
}

/// The "many showtimes at once" form: one movie in one hall on consecutive days at the same
/// local times (e.g. 7 days × 14:00, 17:30, 21:00).
///
/// Field keys of its ``ValidationError``: `movieID`, `hallID`, `startDate`, `dayCount`, `times`.
public struct ShowtimeBatchForm: Sendable, Hashable {
    public var movieID: Int64?
    public var hallID: Int64?
    /// The first local day, `YYYY-MM-DD`.
    public var startDate: String
    /// How many consecutive days, 1 to ``AdminSchedule/maximumBatchDays``.
    public var dayCount: String
    /// Local start times separated by commas or spaces: "14:00, 17:30, 21:00".
    public var times: String

    public init(movieID: Int64? = nil, hallID: Int64? = nil, startDate: String = "", dayCount: String = "7", times: String = "") {
        self.movieID = movieID
        self.hallID = hallID
        self.startDate = startDate
        self.dayCount = dayCount
        self.times = times
    }
}

/// What to do when some slots of a batch cannot be scheduled.
public enum BatchPolicy: String, Sendable, CaseIterable {
    /// Schedule nothing and throw ``AdminError/scheduleConflicts(_:)`` listing every slot refused.
    case allOrNothing
    /// Schedule the free slots and report the refused ones in ``ShowtimeBatchReport/conflicts``.
    case skipConflicts
}

/// A slot of a batch that could not be scheduled, and why.
public struct SlotConflict: Sendable, Hashable {
    /// The local day and time asked for.
    public var date: DayDate
    /// `HH:MM`.
    public var time: String
    /// The instant asked for; nil when that local time does not exist that day (clocks
    /// going forward).
    public var requestedStart: Date?
    /// The showtime in the way, when the slot overlaps one (nil for a past or missing time).
    public var conflict: ShowtimeConflict?
    /// True when the showtime in the way is one of this batch's own slots.
    public var clashesWithBatch: Bool
    /// A sentence for the page, naming the date, time and any showtime in the way.
    public var message: String

    public init(
        date: DayDate, time: String, requestedStart: Date?, conflict: ShowtimeConflict?, clashesWithBatch: Bool,
        message: String
    ) {
        self.date = date
        self.time = time
        self.requestedStart = requestedStart
        self.conflict = conflict
        self.clashesWithBatch = clashesWithBatch
        self.message = message
    }
}
