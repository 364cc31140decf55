import Foundation

/// DateFormatters shared per pattern and time zone: creating one opens an ICU formatter
/// (tens of microseconds), formatting with one is cheap and thread-safe.
enum SharedDateFormatters {
    private static let store = Store()

    /// An `en_US_POSIX` Gregorian formatter for `pattern` in `timeZone`. Do not change it.
    static func formatter(_ pattern: String, timeZone: TimeZone) -> DateFormatter {
        store.formatter(pattern, timeZone: timeZone)
    }

    private final class Store: @unchecked Sendable {
        // @unchecked: `formatters` is only touched while holding `lock`; a DateFormatter
        // itself guards its state with its own lock.
        private let lock = NSLock()
        private var formatters: [String: DateFormatter] = [:]

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
