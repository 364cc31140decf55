import Cinema
import Foundation

extension QueryReader {
    /// A range of local days from `from` and `to` values: today and the six days after it by
    /// default, at most five weeks (which keeps a page a sensible size), "to" never before "from".
    /// Problems are collected in ``errors`` and the range corrected.
    /// - Returns: the first and last day as chosen, and the interval from the first day's
    ///   midnight to the end of the last day (cut at five weeks).
    mutating func dayRange(_ fromName: String, _ toName: String, settings: CinemaSettings, now: Date) -> (from: DayDate, to: DayDate, interval: DateInterval) {
        let from = day(fromName, label: "From", settings: settings) ?? DayDate(date: now, in: settings.calendar)
        var to = day(toName, label: "To", settings: settings)
            ?? DayDate(date: settings.calendar.date(byAdding: .day, value: 6, to: settings.noon(of: from)) ?? now, in: settings.calendar)
        if to < from {
            errors.append("“To” must not be before “From”.")
            to = from
        }
        let start = settings.interval(of: from).start
        var end = settings.interval(of: to).end
        if end.timeIntervalSince(start) > 35 * 86_400 {
            errors.append("Showing at most five weeks at once.")
            end = start.addingTimeInterval(35 * 86_400)
        }
        // `max`: DateInterval traps on an end before its start, and this runs for anyone's query.
        return (from, to, DateInterval(start: start, end: max(start, end)))
    }
}
