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

    /// `truncate: 120`: strings longer than 120 characters are cut to their first 120
    /// (trailing whitespace dropped) and end with "…".
    static let truncate = TemplateFilter(
        builtin: "truncate",
        arguments: 1...1,
        validate: { arguments in
            guard case .int(let length) = arguments[0], length > 0 else {
                return "expected a positive character count, got \(describe(arguments[0]))"
            }
            return nil
        },
        makeWriter: { arguments in
            guard case .int(let length) = arguments[0], length > 0 else { return nil }
            return { value, output, escape in
                switch value {
                case .null: return
                case .string(let string):
                    var string = string
                    let done = string.withUTF8 { bytes -> Bool in
                        guard let end = asciiPrefixEnd(bytes, length: length) else { return false }
                        if end == bytes.count {
                            output.append(bytes, escape: escape)
                        } else {
                            var cut = end
                            while cut > 0, Lexer.isWhitespace(bytes[cut - 1]) { cut -= 1 }
                            output.append(UnsafeBufferPointer(rebasing: bytes[..<cut]), escape: escape)
                            output.append(ellipsis)
                        }
                        return true
                    }
                    if done { return }
                    guard let cut = truncated(string, to: length) else { return output.append(string, escape: escape) }
                    output.append(String(cut), escape: escape)
                    output.append(ellipsis)
                default:
                    throw TemplateFilterError("expected a string, got \(value.typeName)")
                }
            }
        },
        apply: { value, arguments in
            guard case .int(let length) = arguments[0], length > 0 else {
                throw TemplateFilterError("expected a positive character count, got \(describe(arguments[0]))")
            }
            switch value {
            case .null: return .null
            case .string(let string):
                guard let cut = truncated(string, to: length) else { return value }
                return .string(cut + "…")
            default:
                throw TemplateFilterError("expected a string, got \(value.typeName)")
            }
        }
    )

    private static let ellipsis = Array("…".utf8)

    /// The first `length` characters without trailing whitespace, or nil when the string is
    /// not longer than `length`.
    static func truncated(_ string: String, to length: Int) -> Substring? {
        var copy = string
        let end = copy.withUTF8 { asciiPrefixEnd($0, length: length) }
        var cut: Substring
        switch end {
        case let end? where end == string.utf8.count:
            return nil
        case let end?:
            cut = string[..<string.utf8.index(string.utf8.startIndex, offsetBy: end)]
        case nil:
            guard string.count > length else { return nil }
            cut = string.prefix(length)
        }
        while let last = cut.last, last.isWhitespace { cut.removeLast() }
        return cut
    }

    /// Where the first `length` characters end, when that can be told from bytes alone:
    /// `bytes.count` when there are at most `length` bytes (never more characters than
    /// bytes), `length` when those bytes and the one after are plain ASCII without CR (which
    /// pairs with LF), otherwise nil and the caller counts Characters, grapheme breaking
    /// being many times slower.
    private static func asciiPrefixEnd(_ bytes: UnsafeBufferPointer<UInt8>, length: Int) -> Int? {
        if bytes.count <= length { return bytes.count }
        guard let base = bytes.baseAddress else { return nil }
        var index = 0
        // Eight bytes at a time: no high bit set and no CR (the "has zero byte" trick).
        while index + 8 <= length + 1 {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let carriageReturns = word ^ 0x0D0D_0D0D_0D0D_0D0D
            let hasCarriageReturn = (carriageReturns &- 0x0101_0101_0101_0101) & ~carriageReturns & 0x8080_8080_8080_8080
            if (word & 0x8080_8080_8080_8080) | hasCarriageReturn != 0 { return nil }
            index += 8
        }
        while index <= length {
            let byte = base[index]
            if byte >= 0x80 || byte == UInt8(ascii: "\r") { return nil }
            index += 1
        }
        return length
    }

    /// `n | pluralize: "seat", "seats"` gives "seat" when n is 1 and "seats" otherwise;
    /// `pluralize: "seat"` adds an "s" for the plural; without arguments it gives "" or "s".
    /// It returns only the word: write `{{ n }} {{ n | pluralize: "seat", "seats" }}`.
    static let pluralize = TemplateFilter(
        builtin: "pluralize",
        arguments: 0...2,
        validate: { arguments in
            for argument in arguments {
                guard case .string = argument else { return "expected words in quotes, got \(describe(argument))" }
            }
            return nil
        },
        makeWriter: { arguments in
            guard let (singular, plural) = try? pluralForms(arguments) else { return nil }
            return { value, output, escape in
                if case .null = value { return }
                output.append(try isSingular(value) ? singular : plural, escape: escape)
            }
        },
        apply: { value, arguments in
            if case .null = value { return .null }
            let (singular, plural) = try pluralForms(arguments)
            return .string(try isSingular(value) ? singular : plural)
        }
    )

    private static func pluralForms(_ arguments: [TemplateValue]) throws -> (String, String) {
        var words: [String] = []
        for argument in arguments {
            guard case .string(let word) = argument else {
                throw TemplateFilterError("expected words in quotes, got \(describe(argument))")
            }
            words.append(word)
        }
        let singular = words.first ?? ""
        return (singular, words.count > 1 ? words[1] : singular + "s")
    }

    private static func isSingular(_ value: TemplateValue) throws -> Bool {
        switch value {
        case .int(let int): return int == 1
        case .double(let double): return double == 1
        case .array(let items): return items.count == 1
        default: throw TemplateFilterError("expected a number, got \(value.typeName)")
        }
    }

    /// Percent-encodes everything but `A-Z a-z 0-9 - . _ ~`: safe in a query value or a
    /// path segment.
    static let urlencode = TemplateFilter(
        builtin: "urlencode",
        makeWriter: { _ in
            { value, output, _ in
                // The result is only [A-Za-z0-9-._~%]: nothing to escape.
                switch value {
                case .null: return
                case .string(let text): appendURLEncoded(text, to: &output)
                case .int(let int): output.append(decimal: int)
                default: throw TemplateFilterError("expected a string, got \(value.typeName)")
                }
            }
        }
    ) { value, _ in
        switch value {
        case .null: return .null
        case .string(let text):
            var bytes = OutputBuffer(capacity: text.utf8.count)
            appendURLEncoded(text, to: &bytes)
            return .string(bytes.string)
        case .int(let int): return .string(String(int))
        default: throw TemplateFilterError("expected a string, got \(value.typeName)")
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Bytes that urlencode keeps: `A-Z a-z 0-9 - . _ ~`.
    private static let unreserved: [Bool] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func appendURLEncoded(_ text: String, to output: inout OutputBuffer) {
        var text = text
        text.withUTF8 { bytes in
            unreserved.withUnsafeBufferPointer { unreserved in
                // Runs of unreserved bytes are copied at once, like HTML escaping does.
                var start = 0
                for index in 0..<bytes.count where !unreserved[Int(bytes[index])] {
                    if start < index { output.append(UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                    let byte = bytes[index]
                    output.append(UInt8(ascii: "%"))
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0xF)])
                    start = index + 1
                }
                if start < bytes.count { output.append(UnsafeBufferPointer(rebasing: bytes[start...])) }
            }
        }
    }

    /// Characters of a string, items of an array, entries of a dictionary; 0 for null.
    static let length = TemplateFilter(builtin: "length") { value, _ in
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
        builtin: "join",
        arguments: 0...1,
        validate: { arguments in
            guard arguments.isEmpty || { if case .string = arguments[0] { return true } else { return false } }() else {
                return "expected a separator in quotes, got \(describe(arguments[0]))"
            }
            return nil
        },
        makeWriter: { arguments in
            var separator = ""
            if let argument = arguments.first {
                guard case .string(let text) = argument else { return nil }
                separator = text
            }
            return { [separator] value, output, escape in
                switch value {
                case .null: return
                case .array(let items):
                    for (index, item) in items.enumerated() {
                        if index > 0 { output.append(separator, escape: escape) }
                        switch item {
                        case .string(let text): output.append(text, escape: escape)
                        case .int(let int): output.append(decimal: int)
                        default:
                            guard let text = plainText(item) else { throw TemplateFilterError("cannot join \(item.typeName)") }
                            output.append(text, escape: escape)
                        }
                    }
                default:
                    throw TemplateFilterError("expected an array, got \(value.typeName)")
                }
            }
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

    static let first = TemplateFilter(builtin: "first") { value, _ in
        switch value {
        case .null: .null
        case .array(let items): items.first ?? .null
        case .string(let string): string.first.map { .string(String($0)) } ?? .null
        default: throw TemplateFilterError("expected an array or a string, got \(value.typeName)")
        }
    }

    static let last = TemplateFilter(builtin: "last") { value, _ in
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

    private static func describe(_ value: TemplateValue) -> String {
        switch value {
        case .string(let string): "\"\(string)\""
        case .int(let int): String(int)
        case .double(let double): String(double)
        default: value.typeName
        }
    }
}
