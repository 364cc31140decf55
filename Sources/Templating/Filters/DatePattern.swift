import Foundation

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
