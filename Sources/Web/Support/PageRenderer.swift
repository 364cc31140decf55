import Cinema
import Foundation
import HTTPCore
import Templating

/// Renders a page template with the context every page shares: the visitor, the CSRF
/// token, the flash message, the navigation section, the cinema's time zone and currency.
struct PageRenderer: Sendable {
    /// The compiled templates.
    let library: TemplateLibrary
    let timeZoneName: String
    let currencyCode: String
    /// Each seat's markup on the seat maps, rendered once.
    let seatPlaces: SeatPlaceFragments

    init(library: TemplateLibrary, timeZone: TimeZone, currencyCode: String, reloadsTemplates: Bool) throws {
        self.library = library
        self.timeZoneName = timeZone.identifier
        self.currencyCode = currencyCode
        self.seatPlaces = try SeatPlaceFragments(library: library, remember: !reloadsTemplates)
    }

    /// Renders `template` as an HTML response.
    /// - Parameters:
    ///   - template: a path below Templates/, e.g. "pages/movies.html".
    ///   - context: the page's own values; they may shadow the shared ones.
    ///   - request: the request, for the visitor and flash message.
    ///   - section: which navigation entry to mark as current.
    ///   - status: the response status (422 when a form is re-rendered with errors).
    func page(
        _ template: String,
        _ context: [String: TemplateValue],
        for request: Request,
        section: String? = nil,
        status: HTTPResponseStatus = .ok
    ) throws -> Response {
        let visitor = request.visitor
        var values = context
        // Every page can rely on these names existing (strict mode refuses undefined ones).
        if values["csrf"] == nil { values["csrf"] = .string(visitor.csrfToken) }
        if values["user"] == nil {
            values["user"] = visitor.user.map { user in
                [
                    "id": .int(Int(user.id)),
                    "username": .string(user.username),
                    "role": .string(user.role.rawValue),
                    "isStaff": .bool(visitor.isStaff),
                    "isAdmin": .bool(visitor.isAdmin),
                ]
            } ?? .null
        }
        if values["flash"] == nil {
            values["flash"] = visitor.flash.map { ["kind": .string($0.kind.rawValue), "message": .string($0.message)] } ?? .null
        }
        values["section"] = .string(section ?? "")
        values["timeZone"] = .string(timeZoneName)
        values["currency"] = .string(currencyCode)
        // Straight to bytes: a String would only be checked for valid UTF-8 and copied again.
        var html: [UInt8] = []
        try library.render(template, .dictionary(values), into: &html)
        var response = Response.html(utf8: html, status: status)
        // Pages depend on who is signed in; never let a shared cache keep them.
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }
}

extension Response {
    /// A 303 redirect that carries a flash message to the next page.
    static func redirect(to location: String, flash: Flash, secure: Bool) -> Response {
        var response = Response.redirect(to: location)
        var cookie = Cookie(name: SessionMiddleware.flashCookieName, value: Cookie.percentEncoded(flash.cookieValue))
        cookie.path = "/"
        cookie.maxAge = 60
        cookie.httpOnly = true
        cookie.sameSite = .lax
        cookie.secure = secure
        response.setCookie(cookie)
        return response
    }
}
