import Cinema
import Foundation
import Templating

extension PageRenderer {
    /// Cents exactly as the templates' `money` filter writes them ("€1,234.50"), for text
    /// built in Swift, such as chart labels, that sits beside figures the templates format.
    func money(_ cents: Int) -> String {
        let rendered = try? library.render("partials/money.html", ["cents": .int(cents)])
        return rendered?.trimmingCharacters(in: .whitespacesAndNewlines) ?? Money.format(cents: cents, currencyCode: currencyCode)
    }
}
