import Foundation

/// Reads and writes the cinema's local dates and times, as admin forms and messages use them.
struct LocalTimeText {
    let settings: CinemaSettings
    let calendar: Calendar

    init(settings: CinemaSettings) {
        self.settings = settings
        self.calendar = settings.calendar
    }

    /// A real calendar day written `YYYY-MM-DD` (2025-02-30 is refused, see
    /// ``CinemaSettings/isCalendarDay(_:)``), or nil.
    func day(_ text: String) -> DayDate? {
        guard let day = DayDate(text.trimmingCharacters(in: .whitespaces)), settings.isCalendarDay(day) else { return nil }
        return day
    }

    /// Hour and minute of `H:MM` or `HH:MM` (24-hour), or nil.
    func clockTime(_ text: String) -> (hour: Int, minute: Int)? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        return (hour, minute)
    }

    /// The instant of a local day and wall-clock time, or nil when that wall-clock time does
    /// not exist that day (skipped when the clocks go forward).
    func instant(_ day: DayDate, hour: Int, minute: Int) -> Date? {
        let components = DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute)
        guard let date = calendar.date(from: components) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard back.year == day.year, back.month == day.month, back.day == day.day,
              back.hour == hour, back.minute == minute
        else { return nil }
        return date
    }

    /// `YYYY-MM-DD` of the local day of `date`.
    func dayString(_ date: Date) -> String {
        DayDate(date: date, in: calendar).description
    }

    /// `HH:MM` local wall-clock time.
    func timeString(_ date: Date) -> String {
        let components = calendar.dateComponents([.hour, .minute], from: date)
        return Self.twoDigits(components.hour ?? 0) + ":" + Self.twoDigits(components.minute ?? 0)
    }

    /// "Tue 3 Jun 2025 at 18:00", for messages.
    func long(_ date: Date) -> String {
        settings.longText(date)
    }

    /// Local hour of the day (0–23).
    func hour(_ date: Date) -> Int {
        calendar.component(.hour, from: date)
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
