import Cinema
import Foundation
import HTTPCore
import Templating

/// Checkout of a hold, and the visitor's own reservations: list, detail, change seats, cancel.
/// Every route here is behind log-in; a reservation that is not the visitor's is a 404.
struct BookingController: Sendable {
    let catalog: Catalog
    let booking: Booking
    let settings: CinemaSettings
    let pages: PageRenderer
    let secureCookies: Bool
    let clock: @Sendable () -> Date

    /// Past reservations per page of `/reservations`.
    static let pastPageSize = 20

    func register(in router: inout some RouteBuilder) {
        let signedIn: [any Middleware] = [RoleGuard(allowed: Set(Role.allCases))]
        router.group("/checkout", middleware: signedIn) { checkout in
            checkout.get("/:code") { try await showCheckout($0) }
            checkout.post("/:code/confirm") { try await confirm($0) }
            checkout.post("/:code/release") { try await release($0) }
        }
        router.group("/reservations", middleware: signedIn) { reservations in
            reservations.get("") { try await list($0) }
            reservations.get("/:code") { try await show($0) }
            reservations.get("/:code/seats") { try await showChangeSeats($0) }
            reservations.post("/:code/seats") { try await changeSeats($0) }
            reservations.post("/:code/cancel") { try await cancel($0) }
        }
    }

    /// The visitor's reservation with this code, or a 404 (also for someone else's).
    private func ownReservation(_ request: Request) async throws -> (User, ReservationDetail) {
        let user = try request.visitor.requireUser()
        let code = try request.parameter("code", as: String.self)
        guard let detail = try await booking.reservation(code: code, userID: user.id) else {
            throw HTTPError(.notFound, message: "We couldn't find a booking with that code in your account.")
        }
        return (user, detail)
    }

    private func redirect(_ location: String, _ kind: Flash.Kind, _ message: String) -> Response {
        .redirect(to: location, flash: Flash(kind, message), secure: secureCookies)
    }

    // MARK: checkout

    func showCheckout(_ request: Request) async throws -> Response {
        let (_, detail) = try await ownReservation(request)
        let now = clock()
        guard detail.status == .held else { return .redirect(to: "/reservations/\(detail.code)") }
        guard detail.reservation.isLiveHold(at: now) else {
            return redirect("/showtimes/\(detail.showtime.id)", .error, BookingError.holdExpired.message)
        }
        return try checkoutPage(request, detail, chosen: [:], error: nil, status: .ok)
    }

    func confirm(_ request: Request) async throws -> Response {
        let user = try request.visitor.requireUser()
        let code = try request.parameter("code", as: String.self)
        // The form names each seat's choice `ticket_<seat id>`; the booking checks that the
        // seats are the hold's own. Nothing is read before confirming: the reservation is
        // read only when there is an error to explain.
        var chosen: [Int64: String] = [:]
        for (name, value) in try request.form() where name.hasPrefix("ticket_") && !value.isEmpty {
            if let seatID = Int64(name.dropFirst("ticket_".count)) { chosen[seatID] = value }
        }
        do {
            let confirmed = try await booking.confirm(code: code, userID: user.id, ticketTypes: chosen, now: clock())
            return redirect("/reservations/\(confirmed.code)", .success, "You're booked! Booking code \(confirmed.code). A confirmation is on its way to \(user.email).")
        } catch let error as BookingError {
            let (_, detail) = try await ownReservation(request)
            switch error {
            case .holdExpired:
                return redirect("/showtimes/\(detail.showtime.id)", .error, error.message)
            case .notHeld:
                return redirect("/reservations/\(detail.code)", .info, error.message)
            case .showtimeNotBookable:
                return redirect("/movies/\(detail.showtime.movieID)", .error, error.message)
            default:
                return try checkoutPage(request, detail, chosen: chosen, error: error.message, status: WebErrorMapping.status(of: error))
            }
        }
    }

    func release(_ request: Request) async throws -> Response {
        let (user, detail) = try await ownReservation(request)
        do {
            try await booking.release(code: detail.code, userID: user.id, now: clock())
        } catch BookingError.notHeld {
            return redirect("/reservations/\(detail.code)", .info, BookingError.notHeld.message)
        }
        return redirect("/showtimes/\(detail.showtime.id)", .info, "Your seats were released.")
    }

    private func checkoutPage(_ request: Request, _ detail: ReservationDetail, chosen: [Int64: String], error: String?, status: HTTPResponseStatus) throws -> Response {
        let now = clock()
        var total = 0
        let seats: [TemplateValue] = detail.seats.map { seat in
            let surcharge = detail.surcharges[seat.category] ?? 0
            let selectedCode = chosen[seat.seatID] ?? seat.ticketType?.code ?? detail.ticketOptions.first?.ticketType.code
            let options = detail.ticketOptions.map { option -> TemplateValue in
                [
                    "code": .string(option.ticketType.code),
                    "name": .string(option.ticketType.name),
                    "cents": .int(option.cents + surcharge),
                    "selected": .bool(option.ticketType.code == selectedCode),
                ]
            }
            let cents = (detail.ticketOptions.first { $0.ticketType.code == selectedCode }?.cents ?? 0) + surcharge
            total += cents
            return [
                "seatID": .int(Int(seat.seatID)),
                "label": .string("Row \(seat.rowLabel), seat \(seat.number)"),
                "category": .string(seat.category.rawValue),
                "options": .array(options),
                "cents": .int(cents),
            ]
        }
        let expires = detail.reservation.holdExpiresAt ?? now
        let context: [String: TemplateValue] = [
            "reservation": [
                "code": .string(detail.code),
                "showtimeID": .int(Int(detail.showtime.id)),
                "movieTitle": .string(detail.showtime.movieTitle),
                "startsAt": .date(detail.showtime.startsAt),
                "hall": .string(detail.showtime.hallName),
                "format": .string(detail.showtime.format.displayName),
                "holdExpiresAt": .date(expires),
                "minutesLeft": .int(max(0, Int(expires.timeIntervalSince(now) / 60))),
                "seats": .array(seats),
                "totalCents": .int(total),
            ],
            "error": error.map(TemplateValue.string) ?? .null,
        ]
        return try pages.page("pages/checkout.html", context, for: request, section: "reservations", status: status)
    }

    // MARK: my reservations

    func list(_ request: Request) async throws -> Response {
        let user = try request.visitor.requireUser()
        var reader = QueryReader(request.query)
        let page = reader.integer("page", label: "Page", in: 1...100_000) ?? 1
        let list = try await booking.reservations(userID: user.id, now: clock(), pastPage: page, pastPageSize: Self.pastPageSize)
        // Only the past list has pages; the page links lead back to its heading.
        let urlFor = { (number: Int) -> String in Paths.url("/reservations", [("page", number > 1 ? String(number) : nil)]) + "#h-past" }
        if let redirect = Pagination.redirectPastTheEnd(page: page, pageCount: list.pastPageCount, url: urlFor) {
            return redirect
        }
        let row = { (summary: ReservationSummary) -> TemplateValue in
            [
                "code": .string(summary.code),
                "movieTitle": .string(summary.movieTitle),
                "startsAt": .date(summary.startsAt),
                "hall": .string(summary.hallName),
                "seatCount": .int(summary.seatLabels.count),
                "seats": .string(summary.seatLabels.joined(separator: ", ")),
                "status": .string(summary.status.rawValue),
                "totalCents": .int(summary.totalCents),
                "url": .string(summary.status == .held ? "/checkout/\(summary.code)" : "/reservations/\(summary.code)"),
            ]
        }
        return try pages.page("pages/reservations.html", [
            "upcoming": .array(list.upcoming.map(row)),
            "past": .array(list.past.map(row)),
            "pastCount": .int(list.pastCount),
            "pagination": Pagination.value(page: list.pastPage, pageCount: list.pastPageCount, url: urlFor),
            "filterErrors": .array(reader.errors.map(TemplateValue.string)),
        ], for: request, section: "reservations", status: reader.errors.isEmpty ? .ok : .badRequest)
    }

    func show(_ request: Request) async throws -> Response {
        let (_, detail) = try await ownReservation(request)
        if detail.status == .held, detail.reservation.isLiveHold(at: clock()) {
            return .redirect(to: "/checkout/\(detail.code)")
        }
        return try pages.page("pages/reservation.html", [
            "reservation": [
                "code": .string(detail.code),
                "status": .string(detail.status.rawValue),
                "movieTitle": .string(detail.showtime.movieTitle),
                "startsAt": .date(detail.showtime.startsAt),
                "hall": .string(detail.showtime.hallName),
                "format": .string(detail.showtime.format.displayName),
                "totalCents": .int(detail.totalCents),
                "changeable": .bool(detail.isChangeable(at: clock())),
                "seats": .array(detail.seats.map { seat in
                    [
                        "label": .string("Row \(seat.rowLabel), seat \(seat.number)"),
                        "category": .string(seat.category.rawValue),
                        "ticketName": seat.ticketType.map { .string($0.name) } ?? .null,
                        "cents": .int(seat.priceCents),
                    ]
                }),
            ],
        ], for: request, section: "reservations")
    }

    // MARK: change seats and cancel

    func showChangeSeats(_ request: Request) async throws -> Response {
        let (_, detail) = try await ownReservation(request)
        guard detail.isChangeable(at: clock()) else {
            return redirect("/reservations/\(detail.code)", .error, BookingError.showtimeStarted.message)
        }
        return try await changeSeatsPage(request, detail, checked: Set(detail.seats.map(\.seatID)), justTaken: [], error: nil, status: .ok)
    }

    func changeSeats(_ request: Request) async throws -> Response {
        let (user, detail) = try await ownReservation(request)
        let chosen = try request.form().all("seat").compactMap { Int64($0) }
        do {
            let changed = try await booking.changeSeats(code: detail.code, userID: user.id, newSeatIDs: chosen, now: clock())
            let labels = changed.seats.map(\.label).joined(separator: ", ")
            return redirect("/reservations/\(changed.code)", .success, "Your seats are now \(labels).")
        } catch let error as BookingError {
            switch error {
            case .seatsTaken(let labels):
                let taken = Set(labels.map(\.seatID))
                return try await changeSeatsPage(request, detail, checked: Set(chosen).subtracting(taken), justTaken: taken, error: nil, status: .conflict)
            case .showtimeStarted, .notConfirmed:
                return redirect("/reservations/\(detail.code)", .error, error.message)
            default:
                return try await changeSeatsPage(request, detail, checked: Set(chosen), justTaken: [], error: error.message, status: WebErrorMapping.status(of: error))
            }
        }
    }

    func cancel(_ request: Request) async throws -> Response {
        let (user, detail) = try await ownReservation(request)
        do {
            _ = try await booking.cancel(code: detail.code, userID: user.id, now: clock())
        } catch let error as BookingError {
            return redirect("/reservations/\(detail.code)", .error, error.message)
        }
        return redirect("/reservations", .success, "Booking \(detail.code) is cancelled and its seats are free again.")
    }

    private func changeSeatsPage(_ request: Request, _ detail: ReservationDetail, checked: Set<Int64>, justTaken: Set<Int64>, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let now = clock()
        guard let map = try await catalog.seatMap(showtimeID: detail.showtime.id, viewer: request.visitor.user?.id, now: now) else {
            throw HTTPError(.notFound, message: "This showtime does not exist.")
        }
        var context = SeatMapPage.base(map, bookable: true, now: now, settings: settings)
        context["rows"] = try pages.seatPlaces.rows(map, checked: checked, justTaken: justTaken, ownSelectable: true, bookable: true)
        context["justTaken"] = .array(map.seats.filter { justTaken.contains($0.id) }.map { .string($0.label) })
        context["error"] = error.map(TemplateValue.string) ?? .null
        context["formAction"] = .string("/reservations/\(detail.code)/seats")
        context["summaryHeading"] = .string("Change seats of \(detail.code)")
        context["submitLabel"] = "Move to these seats"
        context["chosenCount"] = .int(checked.count)
        context["chosenFrom"] = .int(SeatMapPage.fromPrice(map, seats: checked))
        context["maxSeats"] = .int(detail.seats.count)
        context["priceNote"] = .string("Choose \(detail.seats.count) \(detail.seats.count == 1 ? "seat" : "seats"); your ticket types stay as booked.")
        return try pages.page("pages/seatmap.html", context, for: request, section: "reservations", status: status)
    }
}
