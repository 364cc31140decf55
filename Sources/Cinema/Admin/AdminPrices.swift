public import Foundation
import GRDB

/// The price form: every ticket type × hall format, and every seat category's surcharge,
/// as text keyed by form field.
///
/// Keys: `price.<ticket type code>.<format>` (e.g. `price.adult.imax`, `price.child.3d`) and
/// `surcharge.<category>` (`surcharge.vip`, `surcharge.standard`, `surcharge.wheelchair`,
/// `surcharge.companion`). Values are whole cents; an empty price means the ticket type is
/// not sold in halls of that format.
public struct PriceForm: Sendable, Hashable {
    /// Rows of the table, in display order.
    public var ticketTypes: [TicketType]
    /// Columns of the table: every format, in ``HallFormat`` order.
    public var formats: [HallFormat]
    /// Every seat category.
    public var categories: [SeatCategory]
    /// Field key → text, for every cell of the form.
    public var values: [String: String]

    public init(ticketTypes: [TicketType], formats: [HallFormat], categories: [SeatCategory], values: [String: String]) {
        self.ticketTypes = ticketTypes
        self.formats = formats
        self.categories = categories
        self.values = values
    }

    /// `price.adult.imax`.
    public static func priceKey(ticketType code: String, format: HallFormat) -> String {
        "price.\(code).\(format.rawValue)"
    }

    /// `surcharge.vip`.
    public static func surchargeKey(_ category: SeatCategory) -> String {
        "surcharge.\(category.rawValue)"
    }

    /// The text of a cell ("" when empty).
    public func value(_ key: String) -> String { values[key] ?? "" }
}

/// Ticket prices and seat surcharges for the admin price form, saved in one transaction.
///
/// ```swift
/// let prices = AdminPrices(database: database)
/// var form = try await prices.form()
/// form.values["price.adult.imax"] = "1890"
/// try await prices.update(form.values, actor: admin.id, now: Date())
/// ```
public struct AdminPrices: Sendable {
    let database: CinemaDatabase

    /// The highest price or surcharge, in cents.
    public static let maximumCents = 100_000

    public init(database: CinemaDatabase) {
        self.database = database
    }

    /// The whole table as form values.
    public func form() async throws -> PriceForm {
        try await database.read { db in Self.form(try PriceTable.fetch(db)) }
    }

    /// Saves the form's values: every key present is written, keys left out stay as they are.
    ///
    /// - Parameters:
    ///   - values: Field key → text. Other keys (say, a CSRF token) are ignored.
    /// - Returns: How many prices and surcharges changed.
    /// - Throws: ``ValidationError`` keyed by field (not a whole number of cents from 0 to
    ///   ``maximumCents``, or a key naming an unknown ticket type, format or category): then
    ///   nothing is saved. ``AdminError/notAuthorized``.
    @discardableResult
    public func update(_ values: [String: String], actor: Int64, now: Date) async throws -> Int {
        try await database.writer.write { db in
            try AdminStore.requireAdmin(db, actor: actor)
            let table = try PriceTable.fetch(db)
            var errors = ValidationError()
            var prices: [(type: TicketType, format: HallFormat, cents: Int?)] = []
            var surcharges: [(category: SeatCategory, cents: Int)] = []
            for (key, text) in values.sorted(by: { $0.key < $1.key }) {
                let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                switch parts.first {
                case "price":
                    guard parts.count == 3, let type = table.ticketType(code: parts[1]), let format = HallFormat(rawValue: parts[2]) else {
                        errors.add(key, "There is no such ticket type or format.")
                        continue
                    }
                    let trimmed = text.trimmingCharacters(in: .whitespaces)
                    if trimmed.isEmpty {
                        prices.append((type, format, nil))
                    } else if let cents = Self.cents(trimmed) {
                        prices.append((type, format, cents))
                    } else {
                        errors.add(key, Self.centsMessage + " Leave it empty when \(type.name) tickets are not sold in \(format.displayName) halls.")
                    }
                case "surcharge":
                    guard parts.count == 2, let category = SeatCategory(rawValue: parts[1]) else {
                        errors.add(key, "There is no such seat category.")
                        continue
                    }
                    let trimmed = text.trimmingCharacters(in: .whitespaces)
                    if trimmed.isEmpty {
                        surcharges.append((category, 0))
                    } else if let cents = Self.cents(trimmed) {
                        surcharges.append((category, cents))
                    } else {
                        errors.add(key, Self.centsMessage)
                    }
                default:
                    continue
                }
            }
            try errors.throwIfAny()

            var changes: [String] = []
            for (type, format, cents) in prices where table.basePrice(ticketType: type.code, format: format) != cents {
                if let cents {
                    try db.execute(
                        sql: """
                            INSERT INTO prices (ticket_type_id, format, cents) VALUES (?, ?, ?)
                            ON CONFLICT (ticket_type_id, format) DO UPDATE SET cents = excluded.cents
                            """,
                        arguments: [type.id, format.rawValue, cents])
                } else {
                    try db.execute(
                        sql: "DELETE FROM prices WHERE ticket_type_id = ? AND format = ?", arguments: [type.id, format.rawValue])
                }
                let old = table.basePrice(ticketType: type.code, format: format).map(String.init) ?? "not sold"
                changes.append("\(type.code)/\(format.rawValue) \(old) → \(cents.map(String.init) ?? "not sold")")
            }
            for (category, cents) in surcharges where table.surcharge(for: category) != cents {
                try db.execute(
                    sql: """
                        INSERT INTO seat_category_surcharges (category, cents) VALUES (?, ?)
                        ON CONFLICT (category) DO UPDATE SET cents = excluded.cents
                        """,
                    arguments: [category.rawValue, cents])
                changes.append("surcharge \(category.rawValue) \(table.surcharge(for: category)) → \(cents)")
            }
            if !changes.isEmpty {
                try AdminStore.audit(
                    db, actor: actor, action: "update", entity: .prices, entityID: nil,
                    details: changes.joined(separator: "; "), now: now)
            }
            return changes.count
        }
    }

    static let centsMessage = "Enter whole cents from 0 to \(maximumCents), like 1250 for 12.50."

    /// Whole cents from digits only, in range; nil otherwise ("12.50", "-1", "1e3" are refused).
    static func cents(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 7, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }),
              let value = Int(text), (0...maximumCents).contains(value)
        else { return nil }
        return value
    }

    static func form(_ table: PriceTable) -> PriceForm {
        var values: [String: String] = [:]
        for type in table.ticketTypes {
            for format in HallFormat.allCases {
                values[PriceForm.priceKey(ticketType: type.code, format: format)] =
                    table.basePrice(ticketType: type.code, format: format).map(String.init) ?? ""
            }
        }
        for category in SeatCategory.allCases {
            values[PriceForm.surchargeKey(category)] = String(table.surcharge(for: category))
        }
        return PriceForm(
            ticketTypes: table.ticketTypes, formats: HallFormat.allCases, categories: SeatCategory.allCases, values: values)
    }
}
