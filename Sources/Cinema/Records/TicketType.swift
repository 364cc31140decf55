import GRDB

/// A kind of ticket (adult, child, senior, student), priced per hall format.
public struct TicketType: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// Stable code used in forms and the API ("adult").
    public var code: String
    /// A label for pages ("Adult").
    public var name: String
    /// Display order, lowest first; the first type is the default for a new hold.
    public var sort: Int

    public init(id: Int64, code: String, name: String, sort: Int) {
        self.id = id
        self.code = code
        self.name = name
        self.sort = sort
    }
}

/// A ticket type with its price for one hall format, before any seat surcharge.
public struct TicketPrice: Sendable, Hashable {
    public var ticketType: TicketType
    public var cents: Int

    public init(ticketType: TicketType, cents: Int) {
        self.ticketType = ticketType
        self.cents = cents
    }
}

extension TicketType {
    init(row: Row) {
        self.init(id: row["id"], code: row["code"], name: row["name"], sort: row["sort"])
    }

    static func fetchAll(_ db: Database) throws -> [TicketType] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT id, code, name, sort FROM ticket_types ORDER BY sort, id"))
            .map(TicketType.init(row:))
    }
}
