import Cinema
import Foundation
import Templating

/// Values the admin templates share: select options, checkbox lists, list rows.
/// Keys here are the names the partials read (`partials/select.html`, `partials/checkboxes.html`).
enum AdminViews {
    /// Options for `partials/select.html`: `value`, `label`, `selected`.
    static func options<Item>(_ items: [Item], selected: String?, value: (Item) -> String, label: (Item) -> String) -> TemplateValue {
        .array(items.map { item in
            let itemValue = value(item)
            return ["value": .string(itemValue), "label": .string(label(item)), "selected": .bool(itemValue == selected)]
        })
    }

    /// The hall formats as select options.
    static func formatOptions(selected: String?) -> TemplateValue {
        options(HallFormat.allCases, selected: selected, value: \.rawValue, label: \.displayName)
    }

    /// Movies as select options, by title; the value is the id.
    static func movieOptions(_ movies: [AdminMovieRow], selected: Int64?) -> TemplateValue {
        options(movies, selected: selected.map(String.init), value: { String($0.id) }, label: \.title)
    }

    /// Halls as select options, by name; the value is the id.
    static func hallOptions(_ halls: [AdminHallRow], selected: Int64?) -> TemplateValue {
        options(halls, selected: selected.map(String.init), value: { String($0.hall.id) }, label: \.hall.name)
    }

    /// Checkboxes for `partials/checkboxes.html`: `value`, `label`, `checked`.
    static func genreChoices(_ genres: [Genre], checked: [String]) -> TemplateValue {
        let chosen = Set(checked)
        return .array(genres.map { ["value": .string($0.slug), "label": .string($0.name), "checked": .bool(chosen.contains($0.slug))] })
    }

    /// "3 showtimes · 12 bookings or holds"-style counts read as numbers by the templates.
    static func count(_ value: Int, _ singular: String, _ plural: String) -> String {
        "\(value) \(value == 1 ? singular : plural)"
    }
}

extension AdminViews {
    /// A showtime as the admin list and the cancel page show it.
    static func showtime(_ row: AdminShowtime, now: Date) -> TemplateValue {
        let listing = row.listing
        let scheduled = listing.status == .scheduled
        let state: String =
            if !scheduled { "Cancelled" } else if listing.endsAt <= now { "Over" } else if listing.startsAt <= now { "Running" } else { "Scheduled" }
        return [
            "id": .int(Int(listing.id)),
            "movieID": .int(Int(listing.movieID)),
            "movieTitle": .string(listing.movieTitle),
            "hall": .string(listing.hallName),
            "format": .string(listing.format.displayName),
            "startsAt": .date(listing.startsAt),
            "endsAt": .date(listing.endsAt),
            "state": .string(state),
            "cancelled": .bool(!scheduled),
            "capacity": .int(listing.capacity),
            "sold": .int(row.seatsSold),
            "bookings": .int(row.confirmedReservations),
            "holds": .int(row.liveHolds),
            "editable": .bool(scheduled && listing.startsAt > now),
            "cancellable": .bool(scheduled && listing.endsAt > now),
        ]
    }

    /// A slot of a batch that was not scheduled, with the showtime in the way when there is one.
    static func slotConflict(_ conflict: SlotConflict) -> TemplateValue {
        [
            "date": .string(conflict.date.description),
            "time": .string(conflict.time),
            "message": .string(conflict.message),
            "showtimeID": conflict.conflict.map { .int(Int($0.showtimeID)) } ?? .null,
            "ownBatch": .bool(conflict.clashesWithBatch),
        ]
    }
}
