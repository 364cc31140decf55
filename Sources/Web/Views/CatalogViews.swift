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
}
