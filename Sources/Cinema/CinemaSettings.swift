public import Foundation

/// A source of the current time.
///
/// Services take one so tests can move time forward without waiting.
public typealias CinemaClock = @Sendable () -> Date

/// The knobs of the cinema's business rules, shared by every service.
///
/// ```swift
/// var settings = CinemaSettings(timeZone: TimeZone(identifier: "Europe/Berlin")!)
/// settings.holdDuration = 600
/// let booking = Booking(database: database, settings: settings)
/// ```
public struct CinemaSettings: Sendable {
    /// How long a hold keeps its seats before it expires, in seconds.
    public var holdDuration: TimeInterval
    /// The cinema's local time zone: days, schedules and mail are expressed in it.
    public var timeZone: TimeZone
    /// ISO 4217 code of the currency every price in cents is expressed in.
    public var currencyCode: String
    /// The most seats one reservation may hold.
    public var maxSeatsPerBooking: Int
    /// Minutes a hall needs between two showtimes; a showtime ends at start + runtime + cleaning.
    public var cleaningMinutes: Int
    /// Parameters of the password hash for new and changed passwords.
    public var scryptCost: ScryptCost
    /// How many passwords may be hashed at once (sign-ups, log-ins, password changes).
    ///
    /// Each hash holds 32 MiB (``ScryptCost/standard``) for about 120 ms, so this bounds the
    /// server's memory: one at a time keeps it well under 100 MB; each further thread adds
    /// 32 MiB and about eight more log-ins per second.
    public var passwordHashingThreads: Int
    /// Failed log-ins allowed per username and per address inside ``loginThrottleWindow``.
    public var maxFailedLogins: Int
    /// The sliding window of the log-in throttle, in seconds.
    public var loginThrottleWindow: TimeInterval
    /// The sender of outgoing mail, as an RFC 5322 address ("Marquee <tickets@example.com>").
    public var mailFrom: String
    /// The cinema's name, used in mail.
    public var cinemaName: String

    /// Creates settings with the defaults of a production cinema.
    public init(
        holdDuration: TimeInterval = 480,
        timeZone: TimeZone = .current,
        currencyCode: String = "EUR",
        maxSeatsPerBooking: Int = 10,
        cleaningMinutes: Int = 15,
        scryptCost: ScryptCost = .standard,
        passwordHashingThreads: Int = 1,
        maxFailedLogins: Int = 5,
        loginThrottleWindow: TimeInterval = 60,
        mailFrom: String = "Marquee <tickets@marquee.invalid>",
        cinemaName: String = "Marquee"
    ) {
        self.holdDuration = holdDuration
        self.timeZone = timeZone
        self.currencyCode = currencyCode
        self.maxSeatsPerBooking = maxSeatsPerBooking
        self.cleaningMinutes = cleaningMinutes
        self.scryptCost = scryptCost
        self.passwordHashingThreads = max(1, passwordHashingThreads)
        self.maxFailedLogins = maxFailedLogins
        self.loginThrottleWindow = loginThrottleWindow
        self.mailFrom = mailFrom
        self.cinemaName = cinemaName
    }

    /// `date` in the cinema's time zone, written with a fixed `en_US_POSIX` `pattern`
    /// ("HH:mm", "EEE d MMM yyyy 'at' HH:mm"), with a formatter kept per pattern and the
    /// texts of recent dates remembered.
    public func text(_ date: Date, _ pattern: String) -> String {
        SharedDateFormatters.text(date, pattern, timeZone: timeZone)
    }

    /// "Tue 3 Jun 2025 at 18:00": how messages and mails name a showtime's start.
    public func longText(_ date: Date) -> String {
        text(date, "EEE d MMM yyyy 'at' HH:mm")
    }

    /// A Gregorian calendar in the cinema's time zone.
    public var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The local day (midnight to midnight in ``timeZone``) that contains `date`.
    public func day(containing date: Date) -> DateInterval {
        let calendar = self.calendar
        let start = calendar.startOfDay(for: date)
        let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
        return DateInterval(start: start, end: end)
    }

    /// The years a date typed into a form or a query may fall in: old enough for a classic
    /// film's release, and well inside what the calendar and the database's dates handle.
    public static let dayYears = 1_870...2_200

    /// Whether `day` is a day the cinema's calendar has, in ``dayYears``: `DayDate` reads
    /// "2025-02-30" as numbers, and the calendar would quietly roll it into March.
    public func isCalendarDay(_ day: DayDate) -> Bool {
        guard Self.dayYears.contains(day.year),
              let noon = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))
        else { return false }
        return DayDate(date: noon, in: calendar) == day
    }

    /// Local days from the day containing `date`, `count` of them, as one interval.
    public func days(from date: Date, count: Int) -> DateInterval {
        let calendar = self.calendar
        let start = calendar.startOfDay(for: date)
        let end = calendar.date(byAdding: .day, value: max(count, 1), to: start) ?? start
        return DateInterval(start: start, end: end)
    }
}

/// Parameters of the scrypt password hash.
///
/// They are stored with every hash, so raising them later only affects new hashes
/// (and old ones are upgraded at the next successful log-in).
public struct ScryptCost: Sendable, Hashable, CustomStringConvertible {
    /// CPU/memory cost `N`, a power of two.
    public var rounds: Int
    /// Block size `r`.
    public var blockSize: Int
    /// Parallelism `p`.
    public var parallelism: Int

    public init(rounds: Int, blockSize: Int, parallelism: Int) {
        self.rounds = rounds
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    /// N = 2^15, r = 8, p = 1: about 120 ms and 32 MiB a hash on the build machines.
    public static let standard = ScryptCost(rounds: 1 << 15, blockSize: 8, parallelism: 1)

    /// Cheap parameters for tests only: never use them for real accounts.
    public static let testing = ScryptCost(rounds: 1 << 4, blockSize: 8, parallelism: 1)

    public var description: String { "N=\(rounds), r=\(blockSize), p=\(parallelism)" }
}
