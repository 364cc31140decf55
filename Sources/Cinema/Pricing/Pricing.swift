import GRDB

/// Ticket types and prices.
///
/// ```swift
/// let pricing = Pricing(database: database)
/// let cents = try await pricing.price(ticketType: "adult", format: .imax, category: .vip)
/// ```
public struct Pricing: Sendable {
    public enum Error: Swift.Error, Sendable, Equatable {
        /// No ticket type has this code.
        case unknownTicketType(String)
        /// The ticket type is not sold in halls of this format.
        case noPrice(ticketType: String, format: HallFormat)
    }

    let database: CinemaDatabase

    public init(database: CinemaDatabase) {
        self.database = database
    }

    /// Ticket types in display order.
    public func ticketTypes() async throws -> [TicketType] {
        try await database.read { db in try TicketType.fetchAll(db) }
    }

    /// The whole price table, for the prices page and admin.
    public func priceTable() async throws -> PriceTable {
        try await database.read { db in try PriceTable.fetch(db) }
    }

    /// The price in cents of one seat of `category`, with a `ticketType` ticket, in a `format` hall.
    public func price(ticketType: String, format: HallFormat, category: SeatCategory) async throws -> Int {
        let table = try await priceTable()
        guard table.ticketType(code: ticketType) != nil else { throw Error.unknownTicketType(ticketType) }
        guard let cents = table.price(ticketType: ticketType, format: format, category: category) else {
            throw Error.noPrice(ticketType: ticketType, format: format)
        }
        return cents
    }

    /// Sets the base price of a ticket type in a format (admin).
    ///
    /// - Throws: ``ValidationError`` on `cents` when negative; ``Error/unknownTicketType(_:)``.
    public func setPrice(ticketType: String, format: HallFormat, cents: Int) async throws {
        guard cents >= 0 else { throw ValidationError(field: "cents", "A price cannot be negative.") }
        try await database.writer.write { db in
            guard let typeID = try Int64.fetchOne(db, sql: "SELECT id FROM ticket_types WHERE code = ?", arguments: [ticketType])
            else { throw Error.unknownTicketType(ticketType) }
            try db.execute(
                sql: """
                    INSERT INTO prices (ticket_type_id, format, cents) VALUES (?, ?, ?)
                    ON CONFLICT (ticket_type_id, format) DO UPDATE SET cents = excluded.cents
                    """,
                arguments: [typeID, format.rawValue, cents])
        }
    }

    /// Sets the surcharge of a seat category (admin); 0 removes it.
    ///
    /// - Throws: ``ValidationError`` on `cents` when negative.
    public func setSurcharge(category: SeatCategory, cents: Int) async throws {
        guard cents >= 0 else { throw ValidationError(field: "cents", "A surcharge cannot be negative.") }
        try await database.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO seat_category_surcharges (category, cents) VALUES (?, ?)
                    ON CONFLICT (category) DO UPDATE SET cents = excluded.cents
                    """,
                arguments: [category.rawValue, cents])
        }
    }
}
