import Foundation

/// DateFormatters shared per pattern and time zone: creating one opens an ICU formatter
/// (tens of microseconds), formatting with one is cheap and thread-safe.
enum SharedDateFormatters {
    private static let store = Store()

    /// `date` written with ``formatter(_:timeZone:)``, remembered: mails name the same
    /// showtimes' starts over and over, and each formatting goes through ICU (a confirmation's
    /// date was 1% of a booking's server time).
    static func text(_ date: Date, _ pattern: String, timeZone: TimeZone) -> String {
        store.text(date, pattern, timeZone: timeZone)
    }

    /// An `en_US_POSIX` Gregorian formatter for `pattern` in `timeZone`. Do not change it.
    static func formatter(_ pattern: String, timeZone: TimeZone) -> DateFormatter {
        store.formatter(pattern, timeZone: timeZone)
    }

    private final class Store: @unchecked Sendable {
        // @unchecked: `formatters` is only touched while holding `lock`; a DateFormatter
        // itself guards its state with its own lock, and `texts` with its own.
        private let lock = NSLock()
        private var formatters: [String: DateFormatter] = [:]
        private let texts = BoundedMemo<TextKey, String>(capacity: 4_096)

        private struct TextKey: Hashable {
            var seconds: Double
            var pattern: String
            var zone: String
        }

        func text(_ date: Date, _ pattern: String, timeZone: TimeZone) -> String {
            let key = TextKey(seconds: date.timeIntervalSinceReferenceDate, pattern: pattern, zone: timeZone.identifier)
            return texts.value(for: key) { formatter(pattern, timeZone: timeZone).string(from: date) }
        }

        func formatter(_ pattern: String, timeZone: TimeZone) -> DateFormatter {
            let key = "\(timeZone.identifier)|\(pattern)"
            return lock.withLock {
                if let formatter = formatters[key] { return formatter }
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.calendar = Calendar(identifier: .gregorian)
                formatter.timeZone = timeZone
                formatter.dateFormat = pattern
                formatters[key] = formatter
                return formatter
            }
        }
    }
}
