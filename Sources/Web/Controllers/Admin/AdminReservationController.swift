import Cinema
import Foundation
import HTTPCore
import Templating

/// Who sits where: a showtime's seat map with each seat's holder or booker, and cancelling
/// someone's reservation (a confirmation page, then the POST).
struct AdminReservationController: Sendable {
    let context: AdminContext

    func register(in router: inout some RouteBuilder) {
        router.get("/showtimes/:id/seating") { try await seating($0) }
        router.get("/reservations/:code/cancel") { try await confirmCancel($0) }
        router.post("/reservations/:code/cancel") { try await cancel($0) }
    }

    // MARK: seating

    func seating(_ request: Request) async throws -> Response {
        let now = context.clock()
        guard let id = request.parameters["id"].flatMap(Int64.init),
              let seating = try await context.services.reservations.seating(showtimeID: id, now: now)
        else { throw HTTPError(.notFound, message: "There is no such showtime.") }
        let showtime = seating.showtime
        let values: [String: TemplateValue] = [
            "adminSection": "showtimes",
            "showtime": [
                "id": .int(Int(showtime.id)),
                "movieTitle": .string(showtime.movieTitle),
                "startsAt": .date(showtime.startsAt),
                "hall": .string(showtime.hallName),
                "format": .string(showtime.format.displayName),
                "cancelled": .bool(showtime.status == .cancelled),
            ],
            "counts": [
                "sold": .int(seating.soldCount), "held": .int(seating.heldCount),
                "free": .int(seating.freeCount), "blocked": .int(seating.blockedCount),
            ],
            "rows": Self.seatRows(seating),
            "reservations": .array(seating.reservations.map { AdminRecordViews.reservation($0, now: now) }),
            "back": .string("/admin/showtimes/\(id)/seating"),
        ]
        return try context.pages.page("pages/admin/seating.html", values, for: request, section: "admin")
    }

    /// The grid for `partials/admin-seat-grid.html`: each seat's state as a class, a symbol
    /// that does not rely on colour, and its occupant in words for the tooltip and screen readers.
    static func seatRows(_ seating: ShowtimeSeating) -> TemplateValue {
        .array(seating.rows.map { row in
            [
                "label": .string(row.label ?? ""),
                "places": .array(row.cells.map { cell -> TemplateValue in
                    guard let seat = cell else { return ["gap": true] }
                    let state: String, symbol: String, words: String
                    switch (seat.blocked, seat.occupant) {
                    case (true, _):
                        (state, symbol, words) = ("blocked", "—", "blocked")
                    case (false, let occupant?) where occupant.status == .confirmed:
                        (state, symbol, words) = ("taken", "✕", "booked by \(occupant.username) (\(occupant.reservationCode), confirmed)")
                    case (false, let occupant?):
                        (state, symbol, words) = ("held", "…", "held by \(occupant.username) (\(occupant.reservationCode), held)")
                    case (false, nil):
                        (state, symbol, words) = ("free", seat.category == .wheelchair ? "♿" : String(seat.number), "free")
                    }
                    return [
                        "gap": false,
                        "category": .string(seat.category.rawValue),
                        "state": .string(state),
                        "symbol": .string(symbol),
                        "label": .string(CatalogViews.seatLabel(row: seat.rowLabel, number: seat.number, category: seat.category, state: words)),
                    ]
                }),
            ]
        })
    }

    // MARK: cancelling

    func confirmCancel(_ request: Request) async throws -> Response {
        let row = try await reservation(request)
        let now = context.clock()
        let values: [String: TemplateValue] = [
            "adminSection": "users",
            "reservation": AdminRecordViews.reservation(row, now: now),
            "mailsCustomer": .bool(row.status == .confirmed),
            "back": .string(back(request.query["back"], row)),
        ]
        return try context.pages.page("pages/admin/cancel-reservation.html", values, for: request, section: "admin")
    }

    func cancel(_ request: Request) async throws -> Response {
        let code = try request.parameter("code", as: String.self)
        let actor = try request.visitor.requireUser()
        let form = try request.form()
        do {
            let row = try await context.services.reservations.cancel(code: code, actor: actor.id, now: context.clock())
            let seats = row.seatLabels.joined(separator: " ")
            let mail = row.confirmedAt != nil ? " A cancellation mail to \(row.email) is queued." : ""
            return context.redirect(back(form["back"], row), .success, "Cancelled \(row.code) of \(row.username); seats \(seats) are free again.\(mail)")
        } catch let error as AdminError {
            switch error {
            case .reservationNotActive:
                let location = try await context.services.reservations.reservation(code: code).map { back(form["back"], $0) } ?? "/admin"
                return context.redirect(location, .error, error.message)
            case .notAuthorized:
                throw HTTPError(.forbidden, message: error.message)
            default:
                throw HTTPError(.notFound, message: error.message)
            }
        }
    }

    private func reservation(_ request: Request) async throws -> AdminReservationRow {
        let code = try request.parameter("code", as: String.self)
        guard let row = try await context.services.reservations.reservation(code: code) else {
            throw HTTPError(.notFound, message: "There is no reservation with the code \(code).")
        }
        return row
    }

    /// Where to return: the admin page the cancel link came from, else the showtime's seating.
    private func back(_ candidate: String?, _ row: AdminReservationRow) -> String {
        if let path = Paths.safeNext(candidate), path.hasPrefix("/admin/") { return path }
        return "/admin/showtimes/\(row.showtimeID)/seating"
    }
}
