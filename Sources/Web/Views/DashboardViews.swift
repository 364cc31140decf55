import Cinema
import Foundation
import Templating

/// Turns the dashboard's figures into the values `pages/dashboard.html` reads, and the
/// charts into SVG strings for it.
enum DashboardViews {
    /// One set of figures: counts, revenue, percent full as text and as a bar.
    static func figures(_ figures: OccupancyFigures) -> TemplateValue {
        [
            "showtimes": .int(figures.showtimes),
            "seats": .int(figures.seats),
            "capacity": .int(figures.capacity),
            "sold": .int(figures.sold),
            "held": .int(figures.held),
            "blocked": .int(figures.blocked),
            "free": .int(figures.free),
            "reservations": .int(figures.reservations),
            "ticketsSold": .int(figures.ticketsSold),
            "revenueCents": .int(figures.revenueCents),
            "percent": .string(Charts.percentText(figures.percentFull)),
            "bar": .string(Charts.percentBar(figures.percentFull)),
        ]
    }

    static func showtime(_ row: ShowtimeOccupancy) -> TemplateValue {
        [
            "id": .int(Int(row.showtimeID)),
            "movieID": .int(Int(row.movieID)),
            "movie": .string(row.movieTitle),
            "hall": .string(row.hallName),
            "format": .string(row.format.displayName),
            "startsAt": .date(row.startsAt),
            "figures": figures(row.figures),
        ]
    }

    static func group(_ group: OccupancyGroup) -> TemplateValue {
        ["id": .int(Int(group.id)), "name": .string(group.name), "figures": figures(group.figures)]
    }

    /// The revenue chart: one bar per local day, its money on it.
    /// - Parameters:
    ///   - money: formats cents as the rest of the page does (``PageRenderer/money(_:)``).
    static func revenueChart(_ days: [DailyRevenue], settings: CinemaSettings, money: (Int) -> String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = settings.timeZone
        formatter.dateFormat = "EEE d MMM"
        let bars = days.map { day -> Charts.Bar in
            let label = formatter.string(from: settings.noon(of: day.day))
            let tickets = day.ticketsSold == 1 ? "1 ticket" : "\(day.ticketsSold) tickets"
            let showtimes = day.showtimes == 1 ? "1 showtime" : "\(day.showtimes) showtimes"
            return Charts.Bar(
                label: label, value: day.revenueCents, valueLabel: money(day.revenueCents),
                tooltip: "\(label): \(money(day.revenueCents)) from \(tickets) in \(showtimes).")
        }
        // At least 10 units of currency on the axis, so an empty day does not draw a scale of cents.
        return Charts.barChart(bars, title: "Revenue per day", id: "revenue", minimumScale: 1_000, axisLabel: money)
    }
}
