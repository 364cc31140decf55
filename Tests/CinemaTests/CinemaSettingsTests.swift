@testable import Cinema
import Foundation
import Testing

/// Dates written in the cinema's time zone, through kept formatters and remembered texts.
struct CinemaSettingsTests {
    let start = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28 20:26:40 UTC

    @Test func datesAreWrittenInTheCinemasTimeZone() throws {
        var settings = CinemaSettings()
        settings.timeZone = try #require(TimeZone(identifier: "Europe/Berlin"))
        #expect(settings.text(start, "HH:mm") == "22:26")
        #expect(settings.longText(start) == "Thu 28 May 2026 at 22:26")
        // Asked again, the remembered text is the same.
        #expect(settings.longText(start) == "Thu 28 May 2026 at 22:26")
        settings.timeZone = try #require(TimeZone(identifier: "America/New_York"))
        #expect(settings.text(start, "HH:mm") == "16:26")
        #expect(settings.text(start.addingTimeInterval(60), "HH:mm") == "16:27")
    }

    @Test func onlyDaysTheCalendarHasAreCalendarDays() throws {
        var settings = CinemaSettings()
        settings.timeZone = try #require(TimeZone(identifier: "Pacific/Apia"))  // skipped 30 Dec 2011
        for (text, expected) in [
            ("2028-02-29", true), ("2025-02-29", false), ("2025-02-31", false), ("2025-04-31", false),
            ("2025-12-31", true), ("1870-01-01", true), ("1869-12-31", false), ("2200-12-31", true),
            ("2201-01-01", false), ("1582-10-10", false), ("2011-12-30", false), ("2011-12-31", true),
        ] {
            let day = try #require(DayDate(text))
            #expect(settings.isCalendarDay(day) == expected, "\(text)")
        }
    }

    /// More dates than the memo keeps: it starts over, and every text stays right.
    @Test func manyDatesStayRight() throws {
        var settings = CinemaSettings()
        settings.timeZone = try #require(TimeZone(identifier: "UTC"))
        for minute in stride(from: 0, to: 35_000, by: 7) {
            let date = start.addingTimeInterval(Double(minute * 60))
            let components = Calendar(identifier: .gregorian).dateComponents(in: settings.timeZone, from: date)
            let expected = String(format: "%02d:%02d", components.hour ?? -1, components.minute ?? -1)
            #expect(settings.text(date, "HH:mm") == expected)
        }
    }
}
