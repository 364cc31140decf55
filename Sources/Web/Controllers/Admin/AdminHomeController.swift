import Cinema
import Foundation
import HTTPCore
import Templating

/// `/admin`: today at a glance, the way into every admin area, and the latest changes.
struct AdminHomeController: Sendable {
    let context: AdminContext

    /// The admin areas, in the order of the admin menu.
    static let areas: [(path: String, name: String, summary: String)] = [
        ("/admin/movies", "Movies", "Add, edit, archive films and their posters."),
        ("/admin/halls", "Halls", "Seat layouts, formats, blocked seats."),
        ("/admin/showtimes", "Showtimes", "Schedule, move and cancel showtimes."),
        ("/admin/prices", "Prices", "Ticket prices per format and seat surcharges."),
        ("/admin/users", "Users", "Find people, see their bookings, change roles."),
        ("/admin/import", "Import", "Load films from a TMDB JSON file."),
        ("/admin/audit", "Audit log", "Who changed what, and when."),
        ("/dashboard", "Dashboard", "Occupancy and sales with charts and CSV."),
    ]

    func register(in router: inout some RouteBuilder) {
        router.get("") { try await show($0) }
    }

    func show(_ request: Request) async throws -> Response {
        let now = context.clock()
        let services = context.services
        let today = try await services.reports.dashboard(range: context.settings.day(containing: now), now: now)
        let recent = try await services.audit.recent(limit: 8)
        let page: [String: TemplateValue] = [
            "adminSection": "overview",
            "today": DashboardViews.figures(today.totals),
            "todayDate": .date(now),
            "showtimes": .array(today.showtimes.map(DashboardViews.showtime)),
            "areas": .array(Self.areas.map { ["path": .string($0.path), "name": .string($0.name), "summary": .string($0.summary)] }),
            "entries": .array(recent.map(AdminRecordViews.auditEntry)),
        ]
        return try context.pages.page("pages/admin/home.html", page, for: request, section: "admin")
    }
}
