import Cinema
import Foundation
import Templating

/// The HTML of each seat on a seat map, rendered by `partials/seat-place.html` once per
/// look of a seat and then reused.
///
/// A seat map draws every seat of the hall, hundreds of them, on every view; rendering them
/// all through the template was the largest single cost of a booking. A seat's markup is a
/// pure function of ``Key`` (the seat, its state, whether it is chosen, selectable, just
/// taken, and its surcharge), so the fragment rendered for a key can be reused for as long as
/// the templates do not change. With template reloading on (development), nothing is kept.
///
/// Whole rows are kept the same way, by the keys of their places: a booking changes one row
/// of a map, so every other row's HTML comes back as it was, without a lookup per seat.
///
/// At most ``byteCapacity`` bytes of fragments and rows are kept; past it the cache starts over.
final class SeatPlaceFragments: @unchecked Sendable {
    // @unchecked: `fragments`, `rowHTML` and `bytes` are only touched while holding `lock`.
    private let lock = NSLock()
    private var fragments: [Key: [UInt8]] = [:]
    private var rowHTML: [[Key?]: String] = [:]
    private var bytes = 0
    private let library: TemplateLibrary
    private let remember: Bool
    let byteCapacity: Int
    /// The markup of an aisle.
    private let gap: [UInt8]

    /// Everything a seat's markup depends on.
    struct Key: Hashable {
        var seatID: Int64
        var rowLabel: String
        var number: Int
        var category: SeatCategory
        var state: SeatMap.State
        var ownSelectable: Bool
        var checked: Bool
        var selectable: Bool
        var justTaken: Bool
        var surcharge: Int

        // Equality compares every field; the hash skips the ones the seat id already tells
        // apart (label, number, category), which made hashing the dearest part of a lookup.
        func hash(into hasher: inout Hasher) {
            hasher.combine(seatID)
            hasher.combine(surcharge)
            hasher.combine(state)
            hasher.combine(ownSelectable)
            hasher.combine(checked)
            hasher.combine(selectable)
            hasher.combine(justTaken)
        }
    }

    /// - Parameters:
    ///   - remember: false when templates reload from disk, so an edit shows at once.
    init(library: TemplateLibrary, remember: Bool, byteCapacity: Int = 2 << 20) throws {
        self.library = library
        self.remember = remember
        self.byteCapacity = byteCapacity
        var gap: [UInt8] = []
        try library.render("partials/seat-place.html", ["p": .object(SeatPlace.gap)], into: &gap)
        self.gap = gap
    }

    /// The rows of `map` as `partials/seat-grid.html` reads them: each row's label and its
    /// places as HTML.
    /// - Parameters:
    ///   - checked: seats to show as chosen (the visitor's current choice).
    ///   - justTaken: seats someone else took a moment ago.
    ///   - ownSelectable: whether the viewer's own seats may be chosen (changing seats).
    ///   - bookable: whether any seat may be chosen at all.
    func rows(_ map: SeatMap, checked: Set<Int64>, justTaken: Set<Int64>, ownSelectable: Bool, bookable: Bool) throws -> TemplateValue {
        let layout = map.rows
        // Every row's keys, in grid order (nil for an aisle).
        let rowKeys: [[Key?]] = layout.map { row in
            row.cells.map { cell in
                cell.map { seat in
                    let selectable = Self.isSelectable(seat, ownSelectable: ownSelectable) && !justTaken.contains(seat.id)
                    return Key(
                        seatID: seat.id, rowLabel: seat.rowLabel, number: seat.number, category: seat.category,
                        state: seat.state, ownSelectable: ownSelectable,
                        checked: checked.contains(seat.id) && selectable, selectable: selectable && bookable,
                        justTaken: justTaken.contains(seat.id), surcharge: map.surcharges[seat.category] ?? 0)
                }
            }
        }
        // One lock for the rows seen before; the others are put together from fragments.
        var rowsHTML: [String?] = remember
            ? lock.withLock { rowKeys.map { self.rowHTML[$0] } }
            : Array(repeating: nil, count: rowKeys.count)
        var builtRows: [([Key?], String)] = []
        var renderedPlaces: [(Key, [UInt8])] = []
        var html: [UInt8] = []
        for index in rowKeys.indices where rowsHTML[index] == nil {
            let keys = rowKeys[index]
            var places: [[UInt8]?] = remember
                ? lock.withLock { keys.map { key in key.flatMap { self.fragments[$0] } } }
                : Array(repeating: nil, count: keys.count)
            for place in keys.indices where places[place] == nil {
                guard let key = keys[place] else { continue }
                var fragment: [UInt8] = []
                try library.render("partials/seat-place.html", ["p": .object(Self.place(key))], into: &fragment)
                places[place] = fragment
                renderedPlaces.append((key, fragment))
            }
            html.removeAll(keepingCapacity: true)
            for place in places { html.append(contentsOf: place ?? gap) }
            let row = String(decoding: html, as: UTF8.self)
            rowsHTML[index] = row
            builtRows.append((keys, row))
        }
        if remember, !builtRows.isEmpty { keep(places: renderedPlaces, rows: builtRows) }

        return .array(zip(layout, rowsHTML).map { row, html in
            ["label": .string(row.label ?? ""), "places": .string(html ?? "")]
        })
    }

    private func keep(places: [(Key, [UInt8])], rows: [([Key?], String)]) {
        lock.withLock {
            for (key, fragment) in places {
                makeRoom(for: fragment.count)
                if fragments.updateValue(fragment, forKey: key) == nil { bytes += fragment.count }
            }
            for (keys, html) in rows {
                makeRoom(for: html.utf8.count)
                if rowHTML.updateValue(html, forKey: keys) == nil { bytes += html.utf8.count }
            }
        }
    }

    /// Starts over when `count` more bytes would pass the capacity (called holding `lock`).
    private func makeRoom(for count: Int) {
        if bytes + count > byteCapacity {
            fragments.removeAll(keepingCapacity: true)
            rowHTML.removeAll(keepingCapacity: true)
            bytes = 0
        }
    }

    private static func isSelectable(_ seat: SeatMap.Seat, ownSelectable: Bool) -> Bool {
        switch seat.state {
        case .free: true
        case .mine: ownSelectable
        case .taken, .heldByOther, .blocked: false
        }
    }

    /// What the template reads for one seat.
    static func place(_ key: Key) -> SeatPlace {
        let stateClass: String
        let stateWords: String
        switch key.state {
        case .free: stateClass = "free"; stateWords = "free"
        case .taken: stateClass = "taken"; stateWords = "taken"
        case .heldByOther: stateClass = "held"; stateWords = "held by someone else"
        case .mine: stateClass = key.ownSelectable ? "free" : "mine"; stateWords = "yours"
        case .blocked: stateClass = "blocked"; stateWords = "not available"
        }
        let symbol: String = switch (key.state, key.category) {
        case (.blocked, _): "—"
        case (.taken, _): "✕"
        case (.heldByOther, _): "…"
        case (.mine, _) where !key.ownSelectable: "✓"
        case (_, .wheelchair): "♿"
        default: String(key.number)
        }
        return SeatPlace(
            id: Int(key.seatID),
            category: key.category.rawValue,
            state: stateClass,
            label: CatalogViews.seatLabel(row: key.rowLabel, number: key.number, category: key.category, state: stateWords),
            symbol: symbol,
            surcharge: key.surcharge,
            checked: key.checked,
            selectable: key.selectable,
            justTaken: key.justTaken)
    }
}

/// One place on the seat grid as `partials/seat-place.html` reads it: a seat, or a gap (an
/// aisle).
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
