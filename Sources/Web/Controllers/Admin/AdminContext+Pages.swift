import Cinema
import Foundation
import HTTPCore
import Templating

extension AdminContext {
    /// Renders a page that extends `layouts/admin.html`, with its entry of the admin menu
    /// marked and the site's "Admin" entry current.
    /// - Parameters:
    ///   - template: a path below Templates/, e.g. "pages/admin/movies.html".
    ///   - adminSection: the admin menu entry: "movies", "halls", "showtimes", "prices" …
    ///   - status: 422 when a form comes back with errors.
    func renderPage(
        _ template: String,
        _ context: [String: TemplateValue],
        for request: Request,
        adminSection: String,
        status: HTTPResponseStatus = .ok
    ) throws -> Response {
        var values = context
        values["adminSection"] = .string(adminSection)
        return try pages.page(template, values, for: request, section: "admin", status: status)
    }

    /// The signed-in admin's id: every admin write names the user acting, and the service
    /// checks inside its transaction that this user is still an admin.
    func actorID(_ request: Request) throws -> Int64 {
        try request.visitor.requireUser().id
    }

    /// The `:id` path parameter, or a 404 for anything that is not a positive number.
    func pathID(_ request: Request, _ entity: AdminEntity) throws -> Int64 {
        guard let id = request.parameters["id"].flatMap(Int64.init), id > 0 else {
            throw AdminError.notFound(entity)
        }
        return id
    }

    /// A local day as the `YYYY-MM-DD` text date inputs use.
    func dayText(_ date: Date) -> String {
        DayDate(date: date, in: settings.calendar).description
    }

    /// "Tue 3 Jun 2025 at 18:00" in the cinema's time zone, as the services' messages write it.
    func longTime(_ date: Date) -> String {
        settings.longText(date)
    }
}

extension Parameters {
    /// A form's chosen id (a select's value): nil when empty or not a number, which the
    /// services report as "Choose a …".
    func identifier(_ name: String) -> Int64? {
        self[name].flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// The text of a field, "" when absent.
    func text(_ name: String) -> String {
        self[name] ?? ""
    }
}
