import Foundation
import Testing
@testable import Templating

/// The date filter's fast path must print exactly what DateFormatter prints.
struct DatePatternTests {
    static let patterns = [
        "EEE d MMM", "EEEE d MMMM yyyy", "yyyy-MM-dd HH:mm:ss", "h:mm a", "hh:mm a", "K:mm", "kk:mm",
        "d/M/yy", "dd.MM.y", "EEEEE MMMMM", "LLL LLLL", "ccc cccc", "'Week of' d MMM", "HH'h'mm",
    ]
    static let zones = ["UTC", "Europe/Amsterdam", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"]

    @Test(arguments: zones)
    func matchesDateFormatter(zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let symbols = DateSymbols(locale: Locale(identifier: "en_US_POSIX"))
        let offsets = ZoneOffsets(timeZone)
        // Every 7 hours 13 minutes over about three years, across DST changes and leap days.
        let dates = (0..<3_700).map { Date(timeIntervalSince1970: 1_577_836_800 + Double($0) * 25_980) }
        for pattern in Self.patterns {
            let fast = try #require(DatePattern(pattern, symbols: symbols), "\(pattern)")
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = timeZone
            formatter.dateFormat = pattern
            for date in dates {
                var bytes = OutputBuffer()
                fast.append(date, offsets: offsets, to: &bytes)
                let expected = formatter.string(from: date)
                let actual = bytes.string
                if actual != expected {
                    Issue.record("\(pattern) in \(zone) at \(date): \(actual) != \(expected)")
                    break
                }
            }
        }
    }

    @Test func unsupportedPatternsFallBackToDateFormatter() throws {
        let symbols = DateSymbols(locale: Locale(identifier: "en_US_POSIX"))
        #expect(DatePattern("d MMM zzz", symbols: symbols) == nil)
        #expect(DatePattern("w", symbols: symbols) == nil)
        #expect(DatePattern("'unterminated", symbols: symbols) == nil)
        let options = TemplateLibrary.Options(timeZone: TimeZone(identifier: "UTC")!)
        let date = Date(timeIntervalSince1970: 1_750_015_800)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")!
        formatter.dateFormat = "d MMM zzz"
        let expected = formatter.string(from: date)
        #expect(expected.hasPrefix("15 Jun "))
        #expect(try render(#"{{ d | date: "d MMM zzz" }}"#, ["d": .date(date)], options: options) == expected)
    }

    @Test(arguments: zones)
    func offsetTableMatchesTimeZone(zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let offsets = ZoneOffsets(timeZone)
        // Hourly for 1999-2001 (the table's start), every 37 minutes around 2025, and beyond 2070.
        var samples: [Double] = (0..<26_000).map { step in 915_148_800 + Double(step) * 3600 }
        samples += (0..<30_000).map { step in 1_735_689_600 + Double(step) * 2220 }
        samples += [3_155_760_000, 3_300_000_000]
        for time in samples {
            let date = Date(timeIntervalSince1970: time)
            if offsets.offset(at: date) != timeZone.secondsFromGMT(for: date) {
                Issue.record("\(zone) at \(date): \(offsets.offset(at: date)) != \(timeZone.secondsFromGMT(for: date))")
                break
            }
        }
    }

    @Test func civilTimeAroundTheEpochAndLeapDays() {
        let cases: [(Double, CivilTime)] = [
            (0, CivilTime(year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, weekday: 4)),
            (-1, CivilTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59, weekday: 3)),
            (951_782_400, CivilTime(year: 2000, month: 2, day: 29, hour: 0, minute: 0, second: 0, weekday: 2)),
            (4_107_542_399, CivilTime(year: 2100, month: 2, day: 28, hour: 23, minute: 59, second: 59, weekday: 0)),
        ]
        for (seconds, expected) in cases {
            #expect(CivilTime(Date(timeIntervalSince1970: seconds), offset: 0) == expected)
        }
    }
}
