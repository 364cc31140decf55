import Foundation
import GRDB

/// A date as GRDB stores it, `yyyy-MM-dd HH:mm:ss.SSS` in UTC, written and read by hand.
///
/// GRDB turns every `Date` argument into text with a `DateFormatter` and every stored date
/// back through `Calendar`; on the booking path, which binds and reads a dozen dates per
/// booking, that was a few percent of the server's time. The text is the same as
/// GRDB's (`StoredDateTests` compares both ways over thousands of dates),
/// so rows written either way compare and sort alike, and dates read either way are equal.
///
/// ```swift
/// try db.execute(sql: "UPDATE reservations SET updated_at = ? WHERE id = ?", arguments: [StoredDate(now), id])
/// let expires = StoredDate.date(row, "hold_expires_at")
/// ```
struct StoredDate: DatabaseValueConvertible, Sendable {
    var date: Date

    init(_ date: Date) {
        self.date = date
    }

    var databaseValue: DatabaseValue {
        Self.text(date).databaseValue
    }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoredDate? {
        if case .string(let text) = dbValue.storage, let date = parse(text) {
            return StoredDate(date)
        }
        return Date.fromDatabaseValue(dbValue).map(StoredDate.init)
    }

    /// The date in column `column` of `row`, or nil when it is NULL.
    static func date(_ row: Row, _ column: String) -> Date? {
        (row[column] as StoredDate?)?.date
    }

    /// The date in column `column` of `row`, which must not be NULL.
    static func date(_ row: Row, _ column: String) -> Date {
        (row[column] as StoredDate).date
    }

    // MARK: - Text

    /// `yyyy-MM-dd HH:mm:ss.SSS` in UTC, milliseconds rounded to the nearest as
    /// `DateFormatter` does.
    static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (days, dayMilliseconds) = floorDivision(milliseconds, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let seconds = dayMilliseconds / 1000
        var bytes: [UInt8] = []
        bytes.reserveCapacity(23)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: " "))
        digits(seconds / 3600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(seconds / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(seconds % 60, 2)
        bytes.append(UInt8(ascii: "."))
        digits(dayMilliseconds % 1000, 3)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The date of exactly `yyyy-MM-dd HH:mm:ss.SSS` from 2002 on; nil for any other text,
    /// which the caller leaves to GRDB.
    static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    /// ``parse(_:)`` on the text's UTF-8 bytes (as SQLite hands a column over).
    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count == 23 else { return nil }
        func number(_ start: Int, _ count: Int) -> Int64? {
            var value: Int64 = 0
            for index in start..<(start + count) {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: " "),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "."),
              let year = number(0, 4), year >= 1000, let month = number(5, 2), (1...12).contains(month),
              let day = number(8, 2), (1...31).contains(day), let hour = number(11, 2), hour < 24,
              let minute = number(14, 2), minute < 60, let second = number(17, 2), second < 60,
              let millisecond = number(20, 3)
        else { return nil }
        let seconds = days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        // Earlier, close to Foundation's reference date, its arithmetic rounds some
        // milliseconds differently (in 2001 about one date in 400, none from 2002 on, which
        // StoredDateTests checks): such dates are left to GRDB.
        guard seconds >= 1_009_843_200 else { return nil }
        // As Foundation's Calendar builds it from components (what GRDB returns), to the
        // last bit: whole seconds since 2001, plus the nanoseconds.
        return Date(timeIntervalSinceReferenceDate: Double(seconds - 978_307_200) + Double(millisecond * 1_000_000) / 1_000_000_000)
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    // Howard Hinnant's days_from_civil and civil_from_days (proleptic Gregorian calendar).
    // Templating's `CivilTime` has its own copy of the second for the `date` filter: Cinema
    // does not import Templating, and twenty lines do not make a module of their own.

    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
