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
