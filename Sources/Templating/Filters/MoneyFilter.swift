/// `money`: integer cents to `€12.50`, `-$1,234.00`, `CHF 9.90`; `money: "USD"` picks
/// another currency than the library's.
enum MoneyFilter {
    /// Symbols written before the amount; other codes are written as `CODE 12.50`.
    private static let symbols: [String: String] = [
        "EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹", "KRW": "₩",
        "AUD": "A$", "CAD": "CA$", "NZD": "NZ$", "BRL": "R$", "ILS": "₪", "TRY": "₺", "UAH": "₴",
    ]
    /// Currencies without minor units: the cents value is the whole amount.
    private static let withoutMinorUnits: Set<String> = ["JPY", "KRW", "ISK", "CLP", "VND"]

    static func filter(currencyCode: String) -> TemplateFilter {
        TemplateFilter(
            builtin: "money",
            arguments: 0...1,
            validate: { arguments in
                guard let code = arguments.first else { return nil }
                guard case .string(let text) = code, text.count == 3, text.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                    return "expected a three-letter currency code such as \"EUR\""
                }
                return nil
            },
            makeWriter: { arguments in
                var code = currencyCode
                if let argument = arguments.first {
                    guard case .string(let text) = argument else { return nil }
                    code = text
                }
                let currency = Currency(code: code)
                return { value, output, _ in
                    // Digits, separators and a currency symbol or code: nothing to escape.
                    switch value {
                    case .int(let cents): currency.append(cents: cents, to: &output)
                    case .null: return
                    default: throw TemplateFilterError("expected an integer amount in cents, got \(value.typeName)")
                    }
                }
            },
            apply: { value, arguments in
                var code = currencyCode
                if let argument = arguments.first {
                    guard case .string(let text) = argument else {
                        throw TemplateFilterError("expected a currency code, got \(argument.typeName)")
                    }
                    code = text
                }
                switch value {
                case .int(let cents): return .string(format(cents: cents, currencyCode: code))
                case .null: return .null
                default: throw TemplateFilterError("expected an integer amount in cents, got \(value.typeName)")
                }
            }
        )
    }

    static func format(cents: Int, currencyCode: String) -> String {
        var bytes = OutputBuffer(capacity: 16)
        append(cents: cents, currencyCode: currencyCode, to: &bytes)
        return bytes.string
    }

    static func append(cents: Int, currencyCode: String, to bytes: inout OutputBuffer) {
        Currency(code: currencyCode).append(cents: cents, to: &bytes)
    }

    /// How one currency is written, looked up once per template rather than per amount.
    struct Currency: Sendable {
        /// "€", or "CHF " for codes without a symbol.
        let prefix: [UInt8]
        let hasMinorUnits: Bool

        init(code: String) {
            if let symbol = MoneyFilter.symbols[code] {
                prefix = Array(symbol.utf8)
            } else {
                prefix = Array(code.utf8) + [UInt8(ascii: " ")]
            }
            hasMinorUnits = !MoneyFilter.withoutMinorUnits.contains(code)
        }

        func append(cents: Int, to bytes: inout OutputBuffer) {
            if cents < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(prefix)
            // Clamped: Int.min's magnitude is one more than Int.max, and a trap here would stop
            // the server over a number no price reaches (a form may still echo one back).
            let magnitude = Int(clamping: cents.magnitude)
            appendGrouped(hasMinorUnits ? magnitude / 100 : magnitude, to: &bytes)
            if hasMinorUnits {
                bytes.append(UInt8(ascii: "."))
                bytes.append(decimal: magnitude % 100, width: 2)
            }
        }
    }

    /// 1234567 as `1,234,567`.
    private static func appendGrouped(_ value: Int, to bytes: inout OutputBuffer) {
        if value < 1000 {
            bytes.append(decimal: value)
            return
        }
        appendGrouped(value / 1000, to: &bytes)
        bytes.append(UInt8(ascii: ","))
        bytes.append(decimal: value % 1000, width: 3)
    }
}
