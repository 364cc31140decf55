import Cinema
import Foundation
import HTTPCore
import Templating

/// The showtimes listing, the seat map, and placing a hold.
struct ShowtimeController: Sendable {
    let catalog: Catalog
    let booking: Booking
    let settings: CinemaSettings
    let pages: PageRenderer
    let secureCookies: Bool
    let clock: @Sendable () -> Date

    func register(in router: inout some RouteBuilder) {
        router.get("/showtimes") { try await list($0) }
        router.get("/showtimes/:id") { try await seatMap($0) }
        router.post("/showtimes/:id/hold") { try await hold($0) }
    }

    // MARK: listing

    func list(_ request: Request) async throws -> Response {
        let now = clock()
        var reader = QueryReader(request.query)
        let (from, to, range) = reader.dayRange("from", "to", settings: settings, now: now)
        // Moviegoers see what is still to come: the range starts no earlier than now.
        var filter = ShowtimeFilter(range: DateInterval(start: max(range.start, min(now, range.end)), end: range.end))
        filter.format = reader.choice("format", label: "Format", HallFormat.init(rawValue:))
        filter.hallID = reader.identifier("hall", label: "Hall")
        filter.movieID = reader.identifier("movie", label: "Film")
        let page = try await catalog.showtimePage(filter, now: now)

        let days = CatalogViews.byDay(page.listings, calendar: settings.calendar).map { group -> TemplateValue in
            var movies: [(id: Int64, listings: [ShowtimeListing])] = []
            for listing in group.listings {
                if let index = movies.firstIndex(where: { $0.id == listing.movieID }) {
                    movies[index].listings.append(listing)
                } else {
                    movies.append((listing.movieID, [listing]))
                }
            }
            movies.sort { $0.listings[0].movieTitle < $1.listings[0].movieTitle }
            return [
                "date": .date(group.day),
                "movies": .array(movies.map { movie in
                    let first = movie.listings[0]
                    return [
                        "id": .int(Int(movie.id)), "title": .string(first.movieTitle), "runtime": .int(first.runtimeMinutes),
                        "rating": .string(first.rating), "showtimes": .array(movie.listings.map(CatalogViews.showtimeChip)),
                    ]
                }),
            ]
        }
        let query = request.query
        let filtered = ["from", "to", "format", "hall", "movie"].contains { !(query[$0] ?? "").isEmpty }
        let context: [String: TemplateValue] = [
            "rangeLabel": .string("From \(from) to \(to)"),
            "filters": .strings(["from": from.description, "to": to.description]),
            "formats": .array(page.formats.map { ["value": .string($0.rawValue), "label": .string($0.displayName), "selected": .bool($0 == filter.format)] }),
            "halls": .array(page.halls.map { ["id": .int(Int($0.id)), "name": .string($0.name), "selected": .bool($0.id == filter.hallID)] }),
            "movieOptions": .array(page.movies.map { ["id": .int(Int($0.id)), "title": .string($0.title), "selected": .bool($0.id == filter.movieID)] }),
            "days": .array(days),
            "filtered": .bool(filtered),
            "filterErrors": .array(reader.errors.map(TemplateValue.string)),
        ]
        return try pages.page("pages/showtimes.html", context, for: request, section: "showtimes", status: reader.errors.isEmpty ? .ok : .badRequest)
    }

    // MARK: seat map

    func seatMap(_ request: Request) async throws -> Response {
        let id = try request.parameter("id", as: Int64.self)
        // Seats carried over a log-in round trip (`?seat=…`) start out chosen.
        let carried = Set(request.query.all("seat").compactMap { Int64($0) })
        return try await renderSeatMap(request, showtimeID: id, checked: carried, justTaken: [], error: nil, status: .ok)
    }

    func hold(_ request: Request) async throws -> Response {
        let id = try request.parameter("id", as: Int64.self)
        let form = try request.form()
        let chosen = form.all("seat").compactMap { Int64($0) }
        guard let user = request.visitor.user else {
            // Keep the choice across log-in: the seat map reads it back from `seat=`.
            let back = Paths.url("/showtimes/\(id)", chosen.map { ("seat", String($0)) })
            return .redirect(to: Paths.url("/login", [("next", back)]), flash: Flash(.info, "Log in or sign up to book your seats."), secure: secureCookies)
        }
        do {
            let reservation = try await booking.hold(showtimeID: id, seatIDs: chosen, userID: user.id, now: clock())
            return .redirect(to: "/checkout/\(reservation.code)")
        } catch let error as BookingError {
            switch error {
            case .seatsTaken(let labels):
                let taken = Set(labels.map(\.seatID))
                return try await renderSeatMap(request, showtimeID: id, checked: Set(chosen).subtracting(taken), justTaken: taken, error: nil, status: .conflict)
            case .showtimeNotFound:
                throw HTTPError(.notFound, message: error.message)
            default:
                return try await renderSeatMap(request, showtimeID: id, checked: Set(chosen), justTaken: [], error: error.message, status: WebErrorMapping.status(of: error))
            }
        }
    }

    func renderSeatMap(_ request: Request, showtimeID: Int64, checked: Set<Int64>, justTaken: Set<Int64>, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let now = clock()
        guard let map = try await catalog.seatMap(showtimeID: showtimeID, viewer: request.visitor.user?.id, now: now) else {
            throw HTTPError(.notFound, message: "This showtime does not exist.")
        }
        let bookable = map.showtime.isBookable(at: now)
        let takenLabels = map.seats.filter { justTaken.contains($0.id) }.map(\.label)
        var context = SeatMapPage.base(map, bookable: bookable, now: now, settings: settings)
        context["rows"] = try pages.seatPlaces.rows(map, checked: checked, justTaken: justTaken, ownSelectable: false, bookable: bookable)
        context["justTaken"] = .array(takenLabels.map(TemplateValue.string))
        context["error"] = error.map(TemplateValue.string) ?? .null
        context["formAction"] = .string("/showtimes/\(showtimeID)/hold")
        context["summaryHeading"] = "Your seats"
        context["submitLabel"] = "Hold seats and continue"
        context["chosenCount"] = .int(checked.count)
        context["chosenFrom"] = .int(SeatMapPage.fromPrice(map, seats: checked))
        if let code = map.viewerHoldCode, let expires = map.viewerHoldExpiresAt, expires > now {
            context["flash"] = ["kind": "info", "message": .string("You already hold seats for this show until \(SeatMapPage.time(expires, settings)). Continue at checkout (\(code)), or choose seats again to replace that hold.")]
        }
        return try pages.page("pages/seatmap.html", context, for: request, section: "showtimes", status: status)
    }
}

/// What every seat-map page shares, whether placing a hold or changing a booking's seats.
enum SeatMapPage {
    static func base(_ map: SeatMap, bookable: Bool, now: Date, settings: CinemaSettings) -> [String: TemplateValue] {
        let showtime = map.showtime
        let reason: String = showtime.status == .cancelled
            ? "This showtime was cancelled, so it cannot be booked."
            : "This showtime has already started, so it can no longer be booked."
        let cheapest = map.prices.map(\.cents).min() ?? 0
        return [
            "showtime": [
                "id": .int(Int(showtime.id)),
                "movieID": .int(Int(showtime.movieID)),
                "movieTitle": .string(showtime.movieTitle),
                "startsAt": .date(showtime.startsAt),
                "hall": .string(showtime.hallName),
                "format": .string(showtime.format.displayName),
                "seatsLeft": .int(showtime.seatsLeft),
                "bookable": .bool(bookable),
                "notBookableReason": .string(reason),
            ],
            "maxSeats": .int(settings.maxSeatsPerBooking),
            "basePrice": .int(cheapest),
            "priceNote": .string("Tickets from \(Money.format(cents: cheapest, currencyCode: settings.currencyCode)); you choose adult, child or senior at checkout."),
        ]
    }

    /// The cheapest total for the chosen seats, for the summary before JavaScript runs.
    static func fromPrice(_ map: SeatMap, seats: Set<Int64>) -> Int {
        let cheapest = map.prices.map(\.cents).min() ?? 0
        return map.seats.filter { seats.contains($0.id) }.reduce(0) { $0 + cheapest + (map.surcharges[$1.category] ?? 0) }
    }

    static func time(_ date: Date, _ settings: CinemaSettings) -> String {
        settings.text(date, "HH:mm")
    }
}
