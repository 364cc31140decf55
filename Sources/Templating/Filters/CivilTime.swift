import Foundation

/// The calendar fields of an instant in the proleptic Gregorian calendar at a fixed UTC offset,
/// computed with integer arithmetic (no Calendar, no ICU on the render path).
struct CivilTime: Equatable {
    var year: Int
    /// 1...12
    var month: Int
    /// 1...31
    var day: Int
    /// 0...23
    var hour: Int
    var minute: Int
    var second: Int
    /// 0 = Sunday ... 6 = Saturday, the order of Foundation's weekday symbol arrays.
    var weekday: Int
}

extension CivilTime {
    /// - Parameters:
    ///   - date: The instant.
    ///   - offset: Seconds east of UTC, from `TimeZone.secondsFromGMT(for:)`.
    init(_ date: Date, offset: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        hour = rest / 3600
        minute = rest % 3600 / 60
        second = rest % 60
        // 1970-01-01 was a Thursday.
        weekday = ((days % 7) + 11) % 7
        // Howard Hinnant's days-to-civil: eras of 400 years starting on 1 March.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// `2025-06-15T19:30:00Z` (for a UTC civil time): how a date prints without a `date` filter.
    func appendISO8601(to output: inout OutputBuffer) {
        output.append(decimal: year, width: 4)
        output.append(UInt8(ascii: "-"))
        output.append(decimal: month, width: 2)
        output.append(UInt8(ascii: "-"))
        output.append(decimal: day, width: 2)
        output.append(UInt8(ascii: "T"))
        output.append(decimal: hour, width: 2)
        output.append(UInt8(ascii: ":"))
        output.append(decimal: minute, width: 2)
        output.append(UInt8(ascii: ":"))
        output.append(decimal: second, width: 2)
        output.append(UInt8(ascii: "Z"))
    }
}
