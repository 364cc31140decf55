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
    static let defaultFilter = TemplateFilter(
        name: "default",
        arguments: 1...1,
        validate: nil,
        specialize: nil,
        acceptsUndefined: true
    ) { value, arguments in
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

    /// `truncate: 120`: strings longer than 120 characters are cut to their first 120
    /// (trailing whitespace dropped) and end with "…".
    static let truncate = TemplateFilter(
        name: "truncate",
        arguments: 1...1,
        validate: { arguments in
            guard case .int(let length) = arguments[0], length > 0 else {
                return "expected a positive character count, got \(describe(arguments[0]))"
            }
            return nil
        },
        apply: { value, arguments in
            guard case .int(let length) = arguments[0], length > 0 else {
                throw TemplateFilterError("expected a positive character count, got \(describe(arguments[0]))")
            }
            switch value {
            case .null: return .null
            case .string(let string):
                guard string.count > length else { return value }
                var cut = string.prefix(length)
                while let last = cut.last, last.isWhitespace { cut.removeLast() }
                return .string(cut + "…")
            default:
                throw TemplateFilterError("expected a string, got \(value.typeName)")
            }
        }
    )

    /// `n | pluralize: "seat", "seats"` gives "seat" when n is 1 and "seats" otherwise;
    /// `pluralize: "seat"` adds an "s" for the plural; without arguments it gives "" or "s".
    /// It returns only the word: write `{{ n }} {{ n | pluralize: "seat", "seats" }}`.
    static let pluralize = TemplateFilter(
        name: "pluralize",
        arguments: 0...2,
        validate: { arguments in
            for argument in arguments {
                guard case .string = argument else { return "expected words in quotes, got \(describe(argument))" }
            }
            return nil
        },
        apply: { value, arguments in
            let count: Double
            switch value {
            case .int(let int): count = Double(int)
            case .double(let double): count = double
            case .array(let items): count = Double(items.count)
            default: throw TemplateFilterError("expected a number, got \(value.typeName)")
            }
            var words: [String] = []
            for argument in arguments {
                guard case .string(let word) = argument else {
                    throw TemplateFilterError("expected words in quotes, got \(describe(argument))")
                }
                words.append(word)
            }
            let singular = words.first ?? ""
            let plural = words.count > 1 ? words[1] : singular + "s"
            return .string(count == 1 ? singular : plural)
        }
    )

    /// Percent-encodes everything but `A-Z a-z 0-9 - . _ ~`: safe in a query value or a
    /// path segment.
    static let urlencode = TemplateFilter(name: "urlencode") { value, _ in
        let string: String
        switch value {
        case .null: return .null
        case .string(let text): string = text
        case .int(let int): return .string(String(int))
        default: throw TemplateFilterError("expected a string, got \(value.typeName)")
        }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            }
        }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    /// Characters of a string, items of an array, entries of a dictionary; 0 for null.
    static let length = TemplateFilter(name: "length") { value, _ in
        switch value {
        case .null: .int(0)
        case .string(let string): .int(string.count)
        case .array(let items): .int(items.count)
        case .dictionary(let dictionary): .int(dictionary.count)
        default: throw TemplateFilterError("expected a string, an array or a dictionary, got \(value.typeName)")
        }
    }

    /// `join: ", "`: the items of an array as text, with the separator between them.
    static let join = TemplateFilter(
        name: "join",
        arguments: 0...1,
        validate: { arguments in
            guard arguments.isEmpty || { if case .string = arguments[0] { return true } else { return false } }() else {
                return "expected a separator in quotes, got \(describe(arguments[0]))"
            }
            return nil
        },
        apply: { value, arguments in
            var separator = ""
            if let argument = arguments.first {
                guard case .string(let text) = argument else {
                    throw TemplateFilterError("expected a separator string, got \(argument.typeName)")
                }
                separator = text
            }
            switch value {
            case .null: return .null
            case .array(let items):
                var parts: [String] = []
                parts.reserveCapacity(items.count)
                for item in items {
                    guard let text = plainText(item) else {
                        throw TemplateFilterError("cannot join \(item.typeName)")
                    }
                    parts.append(text)
                }
                return .string(parts.joined(separator: separator))
            default:
                throw TemplateFilterError("expected an array, got \(value.typeName)")
            }
        }
    )

    static let first = TemplateFilter(name: "first") { value, _ in
        switch value {
        case .null: .null
        case .array(let items): items.first ?? .null
        case .string(let string): string.first.map { .string(String($0)) } ?? .null
        default: throw TemplateFilterError("expected an array or a string, got \(value.typeName)")
        }
    }

    static let last = TemplateFilter(name: "last") { value, _ in
        switch value {
        case .null: .null
        case .array(let items): items.last ?? .null
        case .string(let string): string.last.map { .string(String($0)) } ?? .null
        default: throw TemplateFilterError("expected an array or a string, got \(value.typeName)")
        }
    }

    // MARK: - Helpers

    /// A filter from String to String that passes null through.
    private static func stringFilter(_ name: String, _ transform: @escaping @Sendable (String) -> String) -> TemplateFilter {
        TemplateFilter(name: name) { value, _ in
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
            { var bytes: [UInt8] = []; CivilTime(date, offset: 0).appendISO8601(to: &bytes); return String(decoding: bytes, as: UTF8.self) }()
        case .array, .dictionary, .object: nil
        }
    }

    private static func describe(_ value: TemplateValue) -> String {
        switch value {
        case .string(let string): "\"\(string)\""
        case .int(let int): String(int)
        case .double(let double): String(double)
        default: value.typeName
        }
    }
}
