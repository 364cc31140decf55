import GRDB

/// The projection and sound a hall offers; prices are set per format.
public enum HallFormat: String, Sendable, CaseIterable, Codable, Comparable {
    case standard
    case premium
    case imax
    case threeD = "3d"
    case dolby

    /// A label for pages ("IMAX", "3D", ...).
    public var displayName: String {
        switch self {
        case .standard: "Standard"
        case .premium: "Premium"
        case .imax: "IMAX"
        case .threeD: "3D"
        case .dolby: "Dolby Atmos"
        }
    }

    public static func < (lhs: HallFormat, rhs: HallFormat) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A screen room with a grid of seats.
public struct Hall: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var name: String
    public var format: HallFormat
    /// The layout the seats were generated from (see ``HallLayout``).
    public var layout: String
    /// Seats that can be sold (not blocked).
    public var capacity: Int

    public init(id: Int64, name: String, format: HallFormat, layout: String, capacity: Int) {
        self.id = id
        self.name = name
        self.format = format
        self.layout = layout
        self.capacity = capacity
    }
}

extension Hall {
    init(row: Row) {
        self.init(
            id: row["id"],
            name: row["name"],
            format: HallFormat(rawValue: row["format"]) ?? .standard,
            layout: row["layout"],
            capacity: row["capacity"] ?? 0)
    }
}
