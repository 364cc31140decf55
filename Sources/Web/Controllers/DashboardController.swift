import Cinema
import Foundation
import HTTPCore
import Templating

/// The staff dashboard: occupancy and sales of a day or a week, as a page and as CSV.
/// Registered behind a guard that lets in staff and admins.
struct DashboardController: Sendable {
    let reports: Reports
    let settings: CinemaSettings
    let pages: PageRenderer
    let clock: @Sendable () -> Date

    func register(in router: inout some RouteBuilder) {
        router.get("/dashboard") { try await show($0) }
        router.get("/dashboard.csv") { try await csv($0) }
    }

    /// Which days the dashboard covers: `date=YYYY-MM-DD` and `span=day|week` (seven days
    /// from the date), today and one day by default.
    struct Selection: Equatable {
        enum Span: String, CaseIterable {
            case day, week

            var dayCount: Int { self == .day ? 1 : 7 }
        }

        var day: DayDate
        var span: Span

        /// Reads the query; a wrong value falls back to its default and adds a sentence to `errors`.
        static func read(_ query: Parameters, today: DayDate, settings: CinemaSettings) -> (Selection, errors: [String]) {
            var reader = QueryReader(query)
            let day = reader.day("date", label: "Date", settings: settings) ?? today
            let span = reader.choice("span", label: "Span", Span.init(rawValue:)) ?? .day
            return (Selection(day: day, span: span), reader.errors)
        }

        func range(_ settings: CinemaSettings) -> DateInterval {
            settings.days(from: settings.noon(of: day), count: span.dayCount)
        }

        /// The same span moved by `steps` spans (negative: back).
        func moved(by steps: Int, _ settings: CinemaSettings) -> Selection {
            let date = settings.calendar.date(byAdding: .day, value: steps * span.dayCount, to: settings.noon(of: day)) ?? settings.noon(of: day)
            return Selection(day: DayDate(date: date, in: settings.calendar), span: span)
        }

        func url(_ path: String) -> String {
            Paths.url(path, [("date", day.description), ("span", span.rawValue)])
        }
    }

    func show(_ request: Request) async throws -> Response {
        let now = clock()
        let today = DayDate(date: now, in: settings.calendar)
        let (selection, errors) = Selection.read(request.query, today: today, settings: settings)
        let dashboard = try await reports.dashboard(range: selection.range(settings), now: now)
        let heatmap = dashboard.heatmap
        let context: [String: TemplateValue] = [
            "selection": [
                "date": .string(selection.day.description),
                "span": .string(selection.span.rawValue),
                "isWeek": .bool(selection.span == .week),
                "from": .date(settings.noon(of: selection.day)),
                "to": .date(dashboard.range.end.addingTimeInterval(-1)),
            ],
            "errors": .array(errors.map(TemplateValue.string)),
            "generatedAt": .date(now),
            "previousURL": .string(selection.moved(by: -1, settings).url("/dashboard")),
            "nextURL": .string(selection.moved(by: 1, settings).url("/dashboard")),
            "todayURL": .string(Selection(day: today, span: selection.span).url("/dashboard")),
            "csvURL": .string(selection.url("/dashboard.csv")),
            "totals": DashboardViews.figures(dashboard.totals),
            "showtimes": .array(dashboard.showtimes.map(DashboardViews.showtime)),
            "byHall": .array(dashboard.byHall.map(DashboardViews.group)),
            "byMovie": .array(dashboard.byMovie.map(DashboardViews.group)),
            // Two drawings of one heatmap: hours across for wide screens, hours down for phones.
            "heatmap": heatmap.hours.isEmpty || heatmap.rows.isEmpty ? .null : [
                "wide": .string(Charts.heatmap(heatmap, id: "heatmap-wide")),
                "narrow": .string(Charts.heatmap(heatmap, id: "heatmap-narrow", hoursDown: true)),
            ],
            "revenueChart": .string(DashboardViews.revenueChart(dashboard.revenueByDay, settings: settings, money: pages.money)),
        ]
        return try pages.page("pages/dashboard.html", context, for: request, section: "dashboard", status: errors.isEmpty ? .ok : .badRequest)
    }

    func csv(_ request: Request) async throws -> Response {
        let now = clock()
        let (selection, errors) = Selection.read(request.query, today: DayDate(date: now, in: settings.calendar), settings: settings)
        // A download with silently different dates would be worse than no download.
        guard errors.isEmpty else { throw HTTPError(.badRequest, message: errors.joined(separator: " ")) }
        let dashboard = try await reports.dashboard(range: selection.range(settings), now: now)
        let name = "marquee-occupancy-\(selection.day)\(selection.span == .week ? "-week" : "").csv"
        var response = Response.text(Reports.csv(dashboard.showtimes, settings: settings))
        response.headers.replaceOrAdd(name: "Content-Type", value: "text/csv; charset=utf-8")
        response.headers.replaceOrAdd(name: "Content-Disposition", value: "attachment; filename=\"\(name)\"")
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }
}
