import Foundation

/// `json`: the value as JSON that is safe inside `<script>` and in HTML attributes.
///
/// `<`, `>` and `&` become `\u003c`, `\u003e`, `\u0026`, so neither `</script>` nor `<!--`
/// can end the script early; U+2028 and U+2029 are escaped because older JavaScript treats
/// them as line breaks inside strings. Use it raw in a script: `{{{ data | json }}}`.
/// Dictionary keys are sorted so output is stable; dates are ISO 8601 strings in UTC.
enum JSONFilter {
    static let filter = TemplateFilter(builtin: "json") { value, _ in
        var bytes = OutputBuffer()
        try append(value, to: &bytes)
        return .string(bytes.string)
    }

    static func append(_ value: TemplateValue, to bytes: inout OutputBuffer) throws {
        switch value {
        case .null:
            bytes.append("null", escape: false)
        case .bool(let bool):
            bytes.append(bool ? "true" : "false", escape: false)
        case .int(let int):
            bytes.append(decimal: int)
        case .double(let double):
            if double.isFinite {
                bytes.append(String(double), escape: false)
            } else {
                bytes.append("null", escape: false)
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

    private static func appendObject(_ keys: [String], to bytes: inout OutputBuffer, value: (String) -> TemplateValue) throws {
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

    private static func appendString(_ string: String, to bytes: inout OutputBuffer) {
        bytes.append(UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": bytes.append(#"\""#, escape: false)
            case "\\": bytes.append(#"\\"#, escape: false)
            case "\n": bytes.append(#"\n"#, escape: false)
            case "\r": bytes.append(#"\r"#, escape: false)
            case "\t": bytes.append(#"\t"#, escape: false)
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

    private static func appendUnicodeEscape(_ value: UInt32, to bytes: inout OutputBuffer) {
        bytes.append(#"\u"#, escape: false)
        for shift in stride(from: 12, through: 0, by: -4) {
            bytes.append(hex[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
