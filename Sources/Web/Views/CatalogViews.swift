import Cinema
import Foundation
import Templating

/// Turns catalog records into the values templates read. Keys here are the names the
/// templates use; keep the two in step (the app's tests render in strict mode).
enum CatalogViews {
    static func posterURL(_ path: String?) -> String {
        guard let path, !path.isEmpty else { return "/static/img/poster-missing.svg" }
        return "/posters/" + path
    }

    static func movieCard(_ movie: MovieSummary) -> TemplateValue {
        [
            "id": .int(Int(movie.id)),
            "title": .string(movie.title),
            "posterURL": .string(posterURL(movie.posterPath)),
            "runtime": .int(movie.runtimeMinutes),
            "rating": .string(movie.rating),
            "genres": .string(movie.genres.map(\.name).joined(separator: " · ")),
            "nextShow": movie.nextShowtime.map(TemplateValue.date) ?? .null,
        ]
    }

    /// Whether to warn that a showtime is nearly full: the last tenth of the hall, or ten seats.
    static func almostSoldOut(_ listing: ShowtimeListing) -> Bool {
        listing.seatsLeft > 0 && listing.seatsLeft <= max(10, listing.capacity / 10)
    }

    static func showtimeChip(_ listing: ShowtimeListing) -> TemplateValue {
        [
            "id": .int(Int(listing.id)),
            "startsAt": .date(listing.startsAt),
            "hall": .string(listing.hallName),
            "format": .string(listing.format.displayName),
            "seatsLeft": .int(listing.seatsLeft),
            "soldOut": .bool(listing.isSoldOut),
            "almostSoldOut": .bool(almostSoldOut(listing)),
        ]
    }

    /// Showtimes grouped by their day in the cinema's calendar, in order.
    static func byDay(_ listings: [ShowtimeListing], calendar: Calendar) -> [(day: Date, listings: [ShowtimeListing])] {
        var groups: [(day: Date, listings: [ShowtimeListing])] = []
        for listing in listings.sorted(by: { $0.startsAt < $1.startsAt }) {
            let day = calendar.startOfDay(for: listing.startsAt)
            if groups.last?.day == day {
                groups[groups.count - 1].listings.append(listing)
            } else {
                groups.append((day, [listing]))
            }
        }
        return groups
    }

    /// The screen-reader name of a seat: "Row F, seat 7, VIP, free".
    static func seatLabel(row: String, number: Int, category: SeatCategory, state: String) -> String {
        category == .standard
            ? "Row \(row), seat \(number), \(state)"
            : "Row \(row), seat \(number), \(category.displayName), \(state)"
    }

    /// The rows of a seat map as the seat-grid partial reads them.
    /// - Parameters:
    ///   - checked: seats to show as chosen (the visitor's current choice).
    ///   - justTaken: seats someone else took a moment ago.
    ///   - ownSelectable: whether the viewer's own seats may be chosen (changing seats).
    static func seatRows(_ map: SeatMap, checked: Set<Int64>, justTaken: Set<Int64>, ownSelectable: Bool, bookable: Bool) -> TemplateValue {
        .array(map.rows.map { row in
            let label = row.label ?? ""
            return [
                "label": .string(label),
                "places": .array(row.cells.map { cell -> TemplateValue in
                    guard let seat = cell else { return .object(SeatPlace.gap) }
                    let stateClass: String
                    let stateWords: String
                    var selectable = false
                    switch seat.state {
                    case .free:
                        stateClass = "free"; stateWords = "free"; selectable = true
                    case .taken:
                        stateClass = "taken"; stateWords = "taken"
                    case .heldByOther:
                        stateClass = "held"; stateWords = "held by someone else"
                    case .mine:
                        stateClass = ownSelectable ? "free" : "mine"; stateWords = "yours"; selectable = ownSelectable
                    case .blocked:
                        stateClass = "blocked"; stateWords = "not available"
                    }
                    if justTaken.contains(seat.id) {
                        selectable = false
                    }
                    let symbol: String = switch (seat.state, seat.category) {
                    case (.blocked, _): "—"
                    case (.taken, _): "✕"
                    case (.heldByOther, _): "…"
                    case (.mine, _) where !ownSelectable: "✓"
                    case (_, .wheelchair): "♿"
                    default: String(seat.number)
                    }
                    return .object(SeatPlace(
                        id: Int(seat.id),
                        category: seat.category.rawValue,
                        state: stateClass,
                        label: seatLabel(row: seat.rowLabel, number: seat.number, category: seat.category, state: stateWords),
                        symbol: symbol,
                        surcharge: map.surcharges[seat.category] ?? 0,
                        checked: checked.contains(seat.id) && selectable,
                        selectable: selectable && bookable,
                        justTaken: justTaken.contains(seat.id)))
                }),
            ]
        })
    }
}

/// One place on the seat grid as `partials/seat-grid.html` reads it: a seat, or a gap (an
/// aisle). A hall has hundreds of places, so each is a small struct the template reads by
/// key rather than a dictionary built for every place on every seat-map request.
struct SeatPlace: TemplateObject {
    var gap = false
    var id = 0
    var category = ""
    var state = ""
    var label = ""
    var symbol = ""
    var surcharge = 0
    var checked = false
    var selectable = false
    var justTaken = false

    /// An aisle.
    static let gap = SeatPlace(gap: true)

    static let keys = ["gap", "id", "category", "state", "label", "symbol", "surcharge", "checked", "selectable", "justTaken"]

    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "gap": .bool(gap)
        case "id": .int(id)
        case "category": .string(category)
        case "state": .string(state)
        case "label": .string(label)
        case "symbol": .string(symbol)
        case "surcharge": .int(surcharge)
        case "checked": .bool(checked)
        case "selectable": .bool(selectable)
        case "justTaken": .bool(justTaken)
        default: nil
        }
    }

    var templateKeys: [String]? { Self.keys }
}
