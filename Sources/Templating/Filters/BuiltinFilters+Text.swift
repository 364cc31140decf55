extension BuiltinFilters {
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
}
