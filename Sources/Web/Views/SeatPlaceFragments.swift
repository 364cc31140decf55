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
/// Whole rows are kept the same way, by a compact ``RowKey`` of their places: a booking
/// changes one row of a map, so every other row's HTML comes back as it was, without a
/// lookup per seat.
///
/// At most ``byteCapacity`` bytes of fragments and rows are kept; past it the cache starts over.
final class SeatPlaceFragments: @unchecked Sendable {
    // @unchecked: `fragments`, `rowHTML` and `bytes` are only touched while holding `lock`.
    private let lock = NSLock()
    private var fragments: [Key: [UInt8]] = [:]
    private var rowHTML: [RowKey: String] = [:]
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
        let (rows, columns) = (max(map.gridRows, 0), max(map.gridCols, 0))
        let cells = map.seatIndexByCell
        var surcharges = [Int](repeating: 0, count: SeatCategory.allCases.count)
        for (category, cents) in map.surcharges { surcharges[category.ordinal] = cents }
        let look = Look(checked: checked, justTaken: justTaken, ownSelectable: ownSelectable, bookable: bookable)

        // Every row's key and label, from the seats' numbers alone (no seat is copied).
        var rowKeys: [RowKey] = []
        var labels: [String] = []
        rowKeys.reserveCapacity(rows)
        labels.reserveCapacity(rows)
        for row in 0..<rows {
            var key = RowKey(words: [], labels: [])
            key.words.reserveCapacity(3 * columns)
            for cell in cells[row * columns..<(row + 1) * columns] {
                guard cell >= 0 else {
                    key.append(seatID: 0, look: RowKey.aisle, surcharge: 0)
                    continue
                }
                let seat = map.seats[cell]
                var word = look.word(for: seat) | Int64(seat.category.ordinal) << 8 | Int64(seat.number) << 16
                if key.labels.last != seat.rowLabel {
                    key.labels.append(seat.rowLabel)
                    word |= RowKey.newLabel
                }
                key.append(seatID: seat.id, look: word, surcharge: surcharges[seat.category.ordinal])
            }
            labels.append(key.labels.first ?? "")
            rowKeys.append(key)
        }

        // One lock for the rows seen before; the others are put together from fragments.
        var rowsHTML: [String?] = remember
            ? lock.withLock { rowKeys.map { self.rowHTML[$0] } }
            : Array(repeating: nil, count: rowKeys.count)
        var builtRows: [(RowKey, String)] = []
        var renderedPlaces: [(Key, [UInt8])] = []
        var html: [UInt8] = []
        for row in rowKeys.indices where rowsHTML[row] == nil {
            let keys: [Key?] = cells[row * columns..<(row + 1) * columns].map { cell in
                guard cell >= 0 else { return nil }
                let seat = map.seats[cell]
                let (checked, selectable, justTaken) = look.flags(for: seat)
                return Key(
                    seatID: seat.id, rowLabel: seat.rowLabel, number: seat.number, category: seat.category,
                    state: seat.state, ownSelectable: ownSelectable, checked: checked, selectable: selectable,
                    justTaken: justTaken, surcharge: surcharges[seat.category.ordinal])
            }
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
            let rowHTML = String(decoding: html, as: UTF8.self)
            rowsHTML[row] = rowHTML
            builtRows.append((rowKeys[row], rowHTML))
        }
        if remember, !builtRows.isEmpty { keep(places: renderedPlaces, rows: builtRows) }

        return .array(zip(labels, rowsHTML).map { label, html in .object(SeatRow(label: label, places: html ?? "")) })
    }

    /// Everything a whole row's markup depends on, in a form that is quick to hash and
    /// compare: three words per place (seat id, its look, its surcharge) and the row labels
    /// of its seats. Hashing a row's ``Key``s, each with its label, cost more than the rest
    /// of drawing the map.
    struct RowKey: Hashable {
        var words: [Int64]
        /// Each seat's row label where it differs from the seat before (marked ``newLabel``).
        var labels: [String]

        /// The look word of an aisle (no seat state has all three low bits set).
        static let aisle: Int64 = 0b111
        /// The look-word bit of a seat whose row label starts a new entry in ``labels``.
        static let newLabel: Int64 = 1 << 7

        mutating func append(seatID: Int64, look: Int64, surcharge: Int) {
            words.append(seatID)
            words.append(look)
            words.append(Int64(surcharge))
        }

        // The labels are compared, not hashed: the words tell rows apart well enough.
        func hash(into hasher: inout Hasher) {
            hasher.combine(words)
        }
    }

    /// How a viewer's choice and the moment's state show on a seat.
    private struct Look {
        var checked: Set<Int64>
        var justTaken: Set<Int64>
        var ownSelectable: Bool
        var bookable: Bool

        func flags(for seat: SeatMap.Seat) -> (checked: Bool, selectable: Bool, justTaken: Bool) {
            let justTaken = !self.justTaken.isEmpty && self.justTaken.contains(seat.id)
            let selectable = SeatPlaceFragments.isSelectable(seat, ownSelectable: ownSelectable) && !justTaken
            let checked = !self.checked.isEmpty && self.checked.contains(seat.id) && selectable
            return (checked, selectable && bookable, justTaken)
        }

        /// State, flags and whether own seats are selectable, in the low byte of a look word.
        func word(for seat: SeatMap.Seat) -> Int64 {
            let (checked, selectable, justTaken) = flags(for: seat)
            return Int64(seat.state.ordinal)
                | (checked ? 1 << 3 : 0) | (selectable ? 1 << 4 : 0) | (justTaken ? 1 << 5 : 0)
                | (ownSelectable ? 1 << 6 : 0)
        }
    }

    private func keep(places: [(Key, [UInt8])], rows: [(RowKey, String)]) {
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

/// One row of the seat grid as `partials/seat-grid.html` reads it: its label and its places'
/// HTML.
struct SeatRow: TemplateObject {
    var label: String
    var places: String

    static let keys = ["label", "places"]

    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "label": .string(label)
        case "places": .string(places)
        default: nil
        }
    }

    var templateKeys: [String]? { Self.keys }
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
