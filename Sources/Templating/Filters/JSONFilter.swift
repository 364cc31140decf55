import Foundation

/// `json`: the value as JSON that is safe inside `<script>` and in HTML attributes.
///
/// `<`, `>` and `&` become `\u003c`, `\u003e`, `\u0026`, so neither `</script>` nor `<!--`
/// can end the script early; U+2028 and U+2029 are escaped because older JavaScript treats
/// them as line breaks inside strings. Use it raw in a script: `{{{ data | json }}}`.
/// Dictionary keys are sorted so output is stable; dates are ISO 8601 strings in UTC.
enum JSONFilter {
    static let filter = TemplateFilter(builtin: "json") { value, _ in
        var bytes: [UInt8] = []
        try append(value, to: &bytes)
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    static func append(_ value: TemplateValue, to bytes: inout [UInt8]) throws {
        switch value {
        case .null:
            bytes.append(contentsOf: "null".utf8)
        case .bool(let bool):
            bytes.append(contentsOf: (bool ? "true" : "false").utf8)
        case .int(let int):
            bytes.append(decimal: int)
        case .double(let double):
            if double.isFinite {
                bytes.append(contentsOf: String(double).utf8)
            } else {
                bytes.append(contentsOf: "null".utf8)
            }
        case .string(let string):
            appendString(string, to: &bytes)
        case .date(let date):
            bytes.append(UInt8(ascii: "\""))
            CivilTime(date, offset: 0).appendISO8601(to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                try append(item, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            try appendObject(dictionary.keys.sorted(), to: &bytes) { dictionary[$0]! }
        case .object(let object):
            guard let keys = object.templateKeys else {
                throw TemplateFilterError("cannot encode an object that does not list its keys (TemplateObject.templateKeys)")
            }
            try appendObject(keys, to: &bytes) { object.value(forKey: $0) ?? .null }
        }
    }

    private static func appendObject(_ keys: [String], to bytes: inout [UInt8], value: (String) -> TemplateValue) throws {
        bytes.append(UInt8(ascii: "{"))
        for (index, key) in keys.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendString(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            try append(value(key), to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func appendString(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": bytes.append(contentsOf: #"\""#.utf8)
            case "\\": bytes.append(contentsOf: #"\\"#.utf8)
            case "\n": bytes.append(contentsOf: #"\n"#.utf8)
            case "\r": bytes.append(contentsOf: #"\r"#.utf8)
            case "\t": bytes.append(contentsOf: #"\t"#.utf8)
            case "<", ">", "&", "'", "\u{2028}", "\u{2029}":
                appendUnicodeEscape(scalar.value, to: &bytes)
            case _ where scalar.value < 0x20:
                appendUnicodeEscape(scalar.value, to: &bytes)
            default:
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendUnicodeEscape(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: #"\u"#.utf8)
        for shift in stride(from: 12, through: 0, by: -4) {
            bytes.append(hex[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
