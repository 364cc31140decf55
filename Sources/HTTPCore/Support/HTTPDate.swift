#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the one date format HTTP sends: the
/// `Date` and `Last-Modified` headers, cookie `Expires`, and `If-Modified-Since`.
///
/// Hand-written on `gmtime_r`/`timegm` because Foundation's formatters are far too slow for a
/// header written on every response.
enum HTTPDate {
    private static let weekdays: [StaticString] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months: [StaticString] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// Formats seconds since 1970 as an IMF-fixdate.
    static func format(epochSeconds: Int) -> String {
        var time = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(29)
        func append(_ text: StaticString) {
            text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }
        func append(twoDigits value: Int32) {
            bytes.append(UInt8(ascii: "0") + UInt8(value / 10 % 10))
            bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        append(weekdays[Int(parts.tm_wday)])
        append(", ")
        append(twoDigits: parts.tm_mday)
        bytes.append(UInt8(ascii: " "))
        append(months[Int(parts.tm_mon)])
        bytes.append(UInt8(ascii: " "))
        let year = parts.tm_year + 1900
        append(twoDigits: year / 100)
        append(twoDigits: year % 100)
        bytes.append(UInt8(ascii: " "))
        append(twoDigits: parts.tm_hour)
        bytes.append(UInt8(ascii: ":"))
        append(twoDigits: parts.tm_min)
        bytes.append(UInt8(ascii: ":"))
        append(twoDigits: parts.tm_sec)
        append(" GMT")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses an IMF-fixdate into seconds since 1970; `nil` for anything else (the obsolete
    /// RFC 850 and asctime forms are not accepted, which only costs a cache miss).
    static func parse(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        // "Sun, 06 Nov 1994 08:49:37 GMT" is exactly 29 bytes.
        guard bytes.count == 29, bytes[3] == UInt8(ascii: ","), bytes[4] == UInt8(ascii: " "),
            bytes[7] == UInt8(ascii: " "), bytes[11] == UInt8(ascii: " "), bytes[16] == UInt8(ascii: " "),
            bytes[19] == UInt8(ascii: ":"), bytes[22] == UInt8(ascii: ":"),
            bytes[25...].elementsEqual(" GMT".utf8)
        else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int32(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let monthName = bytes[8..<11]
        guard let month = months.firstIndex(where: { name in
            name.withUTF8Buffer { $0.elementsEqual(monthName) }
        }),
            let day = number(5..<7), let year = number(12..<16),
            let hour = number(17..<19), let minute = number(20..<22), let second = number(23..<25),
            (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = Int32(month)
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        return Int(timegm(&parts))
    }
}
