import Foundation

/// The filters every library has; `TemplateLibrary.Options.filters` can replace any of them.
enum BuiltinFilters {
    static func all(timeZone: TimeZone, locale: Locale, currencyCode: String) -> [TemplateFilter] {
        [
            DateFilter(timeZone: timeZone, locale: locale).filter,
            MoneyFilter.filter(currencyCode: currencyCode),
            JSONFilter.filter,
            defaultFilter,
            upper, lower, capitalize, title, trim,
            truncate, pluralize, urlencode,
            length, join, first, last,
        ]
    }

    /// `default: "—"`: the argument when the value is null, undefined or the empty string.
    /// Undefined variables do not fail here even in strict mode: this is how a template says
    /// a value is optional.
    static let defaultFilter = TemplateFilter(builtin: "default", arguments: 1...1, acceptsUndefined: true) { value, arguments in
        switch value {
        case .null: arguments[0]
        case .string(let string) where string.isEmpty: arguments[0]
        default: value
        }
    }

    static let upper = stringFilter("upper") { $0.uppercased() }
    static let lower = stringFilter("lower") { $0.lowercased() }

    /// The first character upper case, the rest lower case: "the MATRIX" → "The matrix".
    static let capitalize = stringFilter("capitalize") { string in
        guard let first = string.first else { return string }
        return first.uppercased() + string.dropFirst().lowercased()
    }

    /// Each word capitalized: "the dark knight" → "The Dark Knight".
    static let title = stringFilter("title") { $0.capitalized }

    static let trim = stringFilter("trim") { $0.trimmingCharacters(in: .whitespacesAndNewlines) }

    // MARK: - Helpers

    /// A filter from String to String that passes null through.
    private static func stringFilter(_ name: String, _ transform: @escaping @Sendable (String) -> String) -> TemplateFilter {
        TemplateFilter(builtin: name) { value, _ in
            switch value {
            case .null: return .null
            case .string(let string): return .string(transform(string))
            default: throw TemplateFilterError("expected a string, got \(value.typeName)")
            }
        }
    }

    /// Text for scalars, as `{{ }}` would print them; nil for containers.
    static func plainText(_ value: TemplateValue) -> String? {
        switch value {
        case .null: ""
        case .bool(let bool): bool ? "true" : "false"
        case .int(let int): String(int)
        case .double(let double): String(double)
        case .string(let string): string
        case .date(let date):
            { var bytes = OutputBuffer(); CivilTime(date, offset: 0).appendISO8601(to: &bytes); return bytes.string }()
        case .array, .dictionary, .object: nil
        }
    }

    static func describe(_ value: TemplateValue) -> String {
        switch value {
        case .string(let string): "\"\(string)\""
        case .int(let int): String(int)
        case .double(let double): String(double)
        default: value.typeName
        }
    }
}
