import GRDB

/// Every ticket price: ticket type × hall format, plus a surcharge per seat category.
///
/// A seat costs `price(ticketType, format) + surcharge(category)`.
public struct PriceTable: Sendable, Hashable {
    /// Ticket types in display order.
    public var ticketTypes: [TicketType]
    /// Cents keyed by ticket type code, then format.
    public var basePrices: [String: [HallFormat: Int]]
    /// Extra cents per seat category; a missing category costs nothing extra.
    public var surcharges: [SeatCategory: Int]

    public init(ticketTypes: [TicketType], basePrices: [String: [HallFormat: Int]], surcharges: [SeatCategory: Int]) {
        self.ticketTypes = ticketTypes
        self.basePrices = basePrices
        self.surcharges = surcharges
    }

    /// The ticket type with this code, if any.
    public func ticketType(code: String) -> TicketType? {
        ticketTypes.first { $0.code == code }
    }

    /// The ticket type with this id, if any.
    public func ticketType(id: Int64) -> TicketType? {
        ticketTypes.first { $0.id == id }
    }

    /// Price of a ticket type in a hall format before surcharges, or nil when not sold there.
    public func basePrice(ticketType code: String, format: HallFormat) -> Int? {
        basePrices[code]?[format]
    }

    /// Surcharge of a seat category in cents (0 when none is set).
    public func surcharge(for category: SeatCategory) -> Int {
        surcharges[category] ?? 0
    }

    /// Full price of one seat, or nil when the ticket type has no price for the format.
    public func price(ticketType code: String, format: HallFormat, category: SeatCategory) -> Int? {
        basePrice(ticketType: code, format: format).map { $0 + surcharge(for: category) }
    }

    /// Ticket types sold in `format`, with their base price, in display order.
    public func ticketPrices(for format: HallFormat) -> [TicketPrice] {
        ticketTypes.compactMap { type in
            basePrice(ticketType: type.code, format: format).map { TicketPrice(ticketType: type, cents: $0) }
        }
    }

    /// The ticket type a new hold is provisionally priced with: the first sold in `format`.
    public func defaultTicketType(for format: HallFormat) -> TicketType? {
        ticketTypes.first { basePrice(ticketType: $0.code, format: format) != nil }
    }
}

extension PriceTable {
    /// The whole table as `db` sees it: from memory while no price, ticket type or surcharge
    /// changed (every seat map, hold, checkout and confirmation needs it).
    static func fetch(_ db: Database) throws -> PriceTable {
        try cache.value(db, for: 0, compute: fetchFromTables)
    }

    private static let cache = SnapshotCache<Int, PriceTable>(versionRow: .prices)

    /// Reads the whole table (a few dozen rows).
    private static func fetchFromTables(_ db: Database) throws -> PriceTable {
        let types = try TicketType.fetchAll(db)
        var basePrices: [String: [HallFormat: Int]] = [:]
        let priceRows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT t.code, p.format, p.cents FROM prices p JOIN ticket_types t ON t.id = p.ticket_type_id
            """))
        for row in priceRows {
            guard let format = HallFormat(rawValue: row["format"]) else { continue }
            basePrices[row["code"], default: [:]][format] = row["cents"]
        }
        var surcharges: [SeatCategory: Int] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT category, cents FROM seat_category_surcharges")) {
            guard let category = SeatCategory(rawValue: row["category"]) else { continue }
            surcharges[category] = row["cents"]
        }
        return PriceTable(ticketTypes: types, basePrices: basePrices, surcharges: surcharges)
    }
}
