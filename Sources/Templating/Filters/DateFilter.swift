import Foundation

/// `date: "EEE d MMM"`: formats a date with a DateFormatter pattern in the library's time zone
/// and locale.
///
/// DateFormatter costs microseconds a call, more than the rest of a page card. So each pattern
/// is compiled once into a ``DatePattern`` that formats with integer arithmetic and the
/// locale's month and weekday names, and checked against DateFormatter on sample dates;
/// patterns it cannot reproduce (time zone names, week numbers, other calendars, ...) use a
/// DateFormatter, also created once per pattern.
final class DateFilter: Sendable {
    /// A compiled pattern or the DateFormatter fallback.
    enum Format: Sendable {
        case fast(DatePattern)
        case formatter(DateFormatter)
    }

    private let timeZone: TimeZone
    private let offsets: ZoneOffsets
    private let locale: Locale
    private let symbols: DateSymbols
    private let cache = Locked<[String: Format]>([:])

    init(timeZone: TimeZone, locale: Locale) {
        self.timeZone = timeZone
        self.offsets = ZoneOffsets(timeZone)
        self.locale = locale
        self.symbols = DateSymbols(locale: locale)
    }

    var filter: TemplateFilter {
        TemplateFilter(
            builtin: "date",
            arguments: 1...1,
            validate: { arguments in
                guard case .string(let pattern) = arguments[0], !pattern.isEmpty else {
                    return "expected a date pattern such as \"EEE d MMM\", got \(arguments[0].typeName)"
                }
                return nil
            },
            specialize: { [self] arguments in
                guard case .string(let pattern) = arguments[0] else { return nil }
                let format = self.format(for: pattern)
                return { [self] value in try self.apply(format, to: value) }
            },
            makeWriter: { [self] arguments in
                guard case .string(let pattern) = arguments[0] else { return nil }
                let format = self.format(for: pattern)
                return { [self] value, output, escape in try self.write(format, value, to: &output, escape: escape) }
            },
            apply: { [self] value, arguments in
                guard case .string(let pattern) = arguments[0] else {
                    throw TemplateFilterError("expected a date pattern string, got \(arguments[0].typeName)")
                }
                return try self.apply(self.format(for: pattern), to: value)
            }
        )
    }

    private func write(_ format: Format, _ value: TemplateValue, to output: inout OutputBuffer, escape: Bool) throws {
        switch value {
        case .date(let date):
            switch format {
            case .fast(let pattern) where escape && pattern.needsEscaping:
                var bytes = OutputBuffer()
                pattern.append(date, offsets: offsets, to: &bytes)
                HTMLEscape.append(escaping: bytes.bytes, to: &output)
            case .fast(let pattern):
                pattern.append(date, offsets: offsets, to: &output)
            case .formatter(let formatter):
                output.append(formatter.string(from: date), escape: escape)
            }
        case .null:
            return
        default:
            throw TemplateFilterError("expected a date, got \(value.typeName)")
        }
    }

    private func apply(_ format: Format, to value: TemplateValue) throws -> TemplateValue {
        switch value {
        case .date(let date):
            switch format {
            case .fast(let pattern):
                var bytes = OutputBuffer(capacity: 32)
                pattern.append(date, offsets: offsets, to: &bytes)
                return .string(bytes.string)
            case .formatter(let formatter):
                return .string(formatter.string(from: date))
            }
        case .null:
            return .null
        default:
            throw TemplateFilterError("expected a date, got \(value.typeName)")
        }
    }

    /// The compiled format for `pattern`, built on first use and cached.
    func format(for pattern: String) -> Format {
        if let format = cache.withLock({ $0[pattern] }) { return format }
        let format = makeFormat(pattern)
        cache.withLock { $0[pattern] = format }
        return format
    }

    private func makeFormat(_ pattern: String) -> Format {
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.timeZone = timeZone
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.dateFormat = pattern
        guard locale.calendar.identifier == .gregorian, let fast = DatePattern(pattern, symbols: symbols) else {
            return .formatter(formatter)
        }
        // Trust the fast path only where it agrees with DateFormatter: this catches locales
        // with other digits or other symbol forms than the ones DatePattern knows.
        for probe in DateSymbols.probes {
            var bytes = OutputBuffer()
            fast.append(probe, offsets: offsets, to: &bytes)
            if bytes.string != formatter.string(from: probe) {
                return .formatter(formatter)
            }
        }
        return .fast(fast)
    }
}

/// The locale's month, weekday and AM/PM names, read once from a DateFormatter.
struct DateSymbols: Sendable {
    let months: [String]
    let shortMonths: [String]
    let narrowMonths: [String]
    let standaloneMonths: [String]
    let standaloneShortMonths: [String]
    let standaloneNarrowMonths: [String]
    let weekdays: [String]
    let shortWeekdays: [String]
    let narrowWeekdays: [String]
    let standaloneWeekdays: [String]
    let standaloneShortWeekdays: [String]
    let am: String
    let pm: String

    init(locale: Locale) {
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.calendar = Calendar(identifier: .gregorian)
        months = formatter.monthSymbols
        shortMonths = formatter.shortMonthSymbols
        narrowMonths = formatter.veryShortMonthSymbols
        standaloneMonths = formatter.standaloneMonthSymbols
        standaloneShortMonths = formatter.shortStandaloneMonthSymbols
        standaloneNarrowMonths = formatter.veryShortStandaloneMonthSymbols
        weekdays = formatter.weekdaySymbols
        shortWeekdays = formatter.shortWeekdaySymbols
        narrowWeekdays = formatter.veryShortWeekdaySymbols
        standaloneWeekdays = formatter.standaloneWeekdaySymbols
        standaloneShortWeekdays = formatter.shortStandaloneWeekdaySymbols
        am = formatter.amSymbol
        pm = formatter.pmSymbol
    }

    /// Dates that differ in every field DatePattern prints (AM and PM, one- and two-digit
    /// days, months and hours, every weekday), used to check a pattern against DateFormatter.
    static let probes: [Date] = (0..<9).map { step in
        // From 2024-01-07 (a Sunday) 00:00:00 UTC, steps of 40 days, 5 hours, 7 minutes and 13 seconds.
        Date(timeIntervalSince1970: 1_704_585_600 + Double(step) * (40 * 86_400 + 5 * 3600 + 7 * 60 + 13))
    }
}

/// A DateFormatter pattern compiled to a list of fields and literal text.
///
/// Literal text and the locale's names live in one byte array and parts refer to them by
/// index, so walking the parts copies nothing that needs reference counting.
struct DatePattern: Sendable {
    enum Part: Sendable {
        /// Index into `ranges`.
        case literal(Int)
        case year(width: Int)
        case twoDigitYear
        case month(width: Int)
        /// Index into `ranges` of January's name; the other months follow.
        case monthName(Int)
        case day(width: Int)
        /// Index into `ranges` of Sunday's name; the other days follow.
        case weekdayName(Int)
        case hour(width: Int, style: HourStyle)
        case minute(width: Int)
        case second(width: Int)
        /// Index into `ranges` of the AM symbol; PM follows.
        case amPM(Int)
    }

    enum HourStyle: Sendable {
        /// H: 0...23, h: 1...12, K: 0...11, k: 1...24
        case h0to23, h1to12, h0to11, h1to24
    }

    let parts: [Part]
    /// Literal text and names, UTF-8.
    private let text: [UInt8]
    /// Where each literal and name lies in `text`.
    private let ranges: [Range<Int>]
    /// Whether any literal or name holds a character HTML escaping changes (`'` in
    /// `"h 'o''clock'"`), so the output must be escaped.
    let needsEscaping: Bool

    /// Compiles `pattern`, or returns nil when it uses a field this fast path does not support.
    init?(_ pattern: String, symbols: DateSymbols) {
        let characters = Array(pattern.unicodeScalars)
        var parts: [Part] = []
        var text: [UInt8] = []
        var ranges: [Range<Int>] = []
        var literal: [UInt8] = []
        func store(_ names: [String]) -> Int {
            let first = ranges.count
            for name in names {
                ranges.append(text.count..<(text.count + name.utf8.count))
                text.append(contentsOf: name.utf8)
            }
            return first
        }
        func flush() {
            if !literal.isEmpty {
                parts.append(.literal(store([String(decoding: literal, as: UTF8.self)])))
                literal = []
            }
        }
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "'" {
                // 'quoted text', and '' for a quote.
                if index + 1 < characters.count, characters[index + 1] == "'" {
                    literal.append(UInt8(ascii: "'"))
                    index += 2
                    continue
                }
                index += 1
                while index < characters.count {
                    if characters[index] == "'" {
                        if index + 1 < characters.count, characters[index + 1] == "'" {
                            literal.append(UInt8(ascii: "'"))
                            index += 2
                            continue
                        }
                        break
                    }
                    literal.append(contentsOf: Array(String(characters[index]).utf8))
                    index += 1
                }
                guard index < characters.count else { return nil }
                index += 1
                continue
            }
            guard character.properties.isAlphabetic, character.isASCII else {
                literal.append(contentsOf: Array(String(character).utf8))
                index += 1
                continue
            }
            var count = 1
            while index + count < characters.count, characters[index + count] == character { count += 1 }
            index += count
            flush()
            switch (character, count) {
            case ("y", 2): parts.append(.twoDigitYear)
            case ("y", _): parts.append(.year(width: count))
            case ("M", 1...2), ("L", 1...2): parts.append(.month(width: count))
            case ("M", 3): parts.append(.monthName(store(symbols.shortMonths)))
            case ("M", 4): parts.append(.monthName(store(symbols.months)))
            case ("M", 5): parts.append(.monthName(store(symbols.narrowMonths)))
            case ("L", 3): parts.append(.monthName(store(symbols.standaloneShortMonths)))
            case ("L", 4): parts.append(.monthName(store(symbols.standaloneMonths)))
            case ("L", 5): parts.append(.monthName(store(symbols.standaloneNarrowMonths)))
            case ("d", 1...2): parts.append(.day(width: count))
            case ("E", 1...3): parts.append(.weekdayName(store(symbols.shortWeekdays)))
            case ("E", 4): parts.append(.weekdayName(store(symbols.weekdays)))
            case ("E", 5): parts.append(.weekdayName(store(symbols.narrowWeekdays)))
            case ("c", 3): parts.append(.weekdayName(store(symbols.standaloneShortWeekdays)))
            case ("c", 4): parts.append(.weekdayName(store(symbols.standaloneWeekdays)))
            case ("H", 1...2): parts.append(.hour(width: count, style: .h0to23))
            case ("h", 1...2): parts.append(.hour(width: count, style: .h1to12))
            case ("K", 1...2): parts.append(.hour(width: count, style: .h0to11))
            case ("k", 1...2): parts.append(.hour(width: count, style: .h1to24))
            case ("m", 1...2): parts.append(.minute(width: count))
            case ("s", 1...2): parts.append(.second(width: count))
            case ("a", 1...3): parts.append(.amPM(store([symbols.am, symbols.pm])))
            default: return nil
            }
        }
        flush()
        self.parts = parts
        self.text = text
        self.ranges = ranges
        self.needsEscaping = text.contains { HTMLEscape.entity(for: $0) != nil }
    }

    func append(_ date: Date, offsets: ZoneOffsets, to output: inout OutputBuffer) {
        let time = CivilTime(date, offset: offsets.offset(at: date))
        text.withUnsafeBufferPointer { text in
            for index in parts.indices {
                let name: Int
                switch parts[index] {
                case .literal(let literal): name = literal
                case .monthName(let first): name = first + time.month - 1
                case .weekdayName(let first): name = first + time.weekday
                case .amPM(let first): name = time.hour < 12 ? first : first + 1
                case .year(let width):
                    output.append(decimal: time.year, width: width)
                    continue
                case .twoDigitYear:
                    output.append(decimal: time.year % 100, width: 2)
                    continue
                case .month(let width):
                    output.append(decimal: time.month, width: width)
                    continue
                case .day(let width):
                    output.append(decimal: time.day, width: width)
                    continue
                case .hour(let width, let style):
                    let hour: Int
                    switch style {
                    case .h0to23: hour = time.hour
                    case .h1to12: hour = time.hour % 12 == 0 ? 12 : time.hour % 12
                    case .h0to11: hour = time.hour % 12
                    case .h1to24: hour = time.hour == 0 ? 24 : time.hour
                    }
                    output.append(decimal: hour, width: width)
                    continue
                case .minute(let width):
                    output.append(decimal: time.minute, width: width)
                    continue
                case .second(let width):
                    output.append(decimal: time.second, width: width)
                    continue
                }
                output.append(UnsafeBufferPointer(rebasing: text[ranges[name]]))
            }
        }
    }
}

/// A time zone's UTC offsets between its transitions from 2000 to 2070, read with a binary
/// search instead of asking Foundation (and ICU) for every date formatted.
struct ZoneOffsets: Sendable {
    private static let start = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01
    private static let end = Date(timeIntervalSince1970: 3_155_760_000)  // 2070-01-01

    let timeZone: TimeZone
    /// Instants where the offset changes, ascending.
    private let transitions: [Double]
    /// `offsets[i]` holds before `transitions[i]` (and after the one before it); one more
    /// than there are transitions.
    private let offsets: [Int]

    init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
        var transitions: [Double] = []
        var offsets = [timeZone.secondsFromGMT(for: Self.start)]
        var cursor = Self.start
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next < Self.end, next > cursor {
            transitions.append(next.timeIntervalSince1970)
            offsets.append(timeZone.secondsFromGMT(for: next))
            cursor = next
        }
        self.transitions = transitions
        self.offsets = offsets
    }

    /// Seconds east of UTC at `date`.
    func offset(at date: Date) -> Int {
        let time = date.timeIntervalSince1970
        guard time >= Self.start.timeIntervalSince1970, time < Self.end.timeIntervalSince1970 else {
            return timeZone.secondsFromGMT(for: date)
        }
        var low = 0
        var high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= time { low = middle + 1 } else { high = middle }
        }
        return offsets[low]
    }
}

/// A value behind a lock, for the few caches filled at render time.
final class Locked<Value>: @unchecked Sendable {
    // @unchecked: every access to `value` goes through `lock`.
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
