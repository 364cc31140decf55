/// Formats integer cents for people.
public enum Money {
    /// "€12.50", "$8.00", "£7.25", or "12.50 CHF" for currencies without a symbol here.
    public static func format(cents: Int, currencyCode: String) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let units = magnitude / 100
        let fraction = magnitude % 100
        let amount = "\(units).\(fraction < 10 ? "0" : "")\(fraction)"
        switch currencyCode.uppercased() {
        case "EUR": return "\(sign)€\(amount)"
        case "USD": return "\(sign)$\(amount)"
        case "GBP": return "\(sign)£\(amount)"
        default: return "\(sign)\(amount) \(currencyCode.uppercased())"
        }
    }
}
