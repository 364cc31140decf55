import Cinema
import Foundation
import HTTPCore
import Templating

/// /admin/showtimes: the list with filters, one new showtime, a week at once (see
/// `AdminShowtimeController+Week.swift`), editing (move start or hall), and cancelling
/// after a confirmation page that says what the cascade will touch.
struct AdminShowtimeController: Sendable {
    let context: AdminContext

    var schedule: AdminSchedule { context.services.schedule }

    func register(in router: inout some RouteBuilder) {
        router.get("/showtimes") { try await list($0) }
        router.get("/showtimes/new") { try await showNew($0) }
        router.post("/showtimes") { try await create($0) }
        router.get("/showtimes/week") { try await showWeek($0) }
        router.post("/showtimes/week") { try await createWeek($0) }
        router.get("/showtimes/:id/edit") { try await showEdit($0) }
        router.post("/showtimes/:id") { try await update($0) }
        router.get("/showtimes/:id/cancel") { try await showCancel($0) }
        router.post("/showtimes/:id/cancel") { try await cancel($0) }
    }

    /// The list on the local days from `first` to `last`, where a change just made shows.
    static func listPath(from first: String, to last: String? = nil) -> String {
        Paths.url("/admin/showtimes", [("from", first), ("to", last ?? first)])
    }

    // MARK: list

    func list(_ request: Request) async throws -> Response {
        let now = context.clock()
        let settings = context.settings
        var reader = QueryReader(request.query)
        // Admins see whole days, the hours already past included.
        let (from, to, range) = reader.dayRange("from", "to", settings: settings, now: now)
        var filter = ShowtimeFilter(range: range, limit: 1_000)
        filter.hallID = reader.identifier("hall", label: "Hall")
        filter.movieID = reader.identifier("movie", label: "Movie")
        filter.includeCancelled = request.query["cancelled"] == "1"
        let rows = try await schedule.showtimes(filter, now: now)
        let halls = try await context.services.halls.halls(now: now)
        let movies = try await movieChoices(archived: .include)

        var days: [(day: Date, rows: [TemplateValue])] = []
        for row in rows {
            let day = settings.calendar.startOfDay(for: row.listing.startsAt)
            if days.last?.day == day {
                days[days.count - 1].rows.append(AdminViews.showtime(row, now: now))
            } else {
                days.append((day, [AdminViews.showtime(row, now: now)]))
            }
        }
        return try context.renderPage("pages/admin/showtimes.html", [
            "days": .array(days.map { ["date": .date($0.day), "showtimes": .array($0.rows)] }),
            "total": .int(rows.count),
            "truncated": .bool(rows.count >= filter.limit),
            "filters": .strings(["from": from.description, "to": to.description]),
            "includeCancelled": .bool(filter.includeCancelled),
            "hallOptions": AdminViews.hallOptions(halls, selected: filter.hallID),
            "movieOptions": AdminViews.movieOptions(movies, selected: filter.movieID),
            "filterErrors": .array(reader.errors.map(TemplateValue.string)),
            "newQuery": .string(Paths.url("", [
                ("movie", filter.movieID.map(String.init)), ("hall", filter.hallID.map(String.init)), ("date", from.description),
            ])),
        ], for: request, adminSection: "showtimes", status: reader.errors.isEmpty ? .ok : .badRequest)
    }

    /// Movies for the selects, by title: the ones in use for scheduling, every one for filtering.
    func movieChoices(archived: AdminMovieQuery.Archived) async throws -> [AdminMovieRow] {
        var query = AdminMovieQuery(archived: archived, page: 1, perPage: 200)
        var rows: [AdminMovieRow] = []
        while true {
            let page = try await context.services.catalog.movies(query, now: context.clock())
            rows += page.items
            // A cinema's catalogue is far smaller; the cap only guards the loop.
            guard page.hasNext, query.page < 50 else { return rows }
            query.page += 1
        }
    }

    // MARK: one new showtime

    func showNew(_ request: Request) async throws -> Response {
        // Links from the list carry the movie, hall and day being looked at.
        let query = request.query
        var reader = QueryReader(query)
        let tomorrow = context.clock().addingTimeInterval(86_400)
        let form = ShowtimeForm(
            movieID: query.identifier("movie"), hallID: query.identifier("hall"),
            date: reader.day("date", label: "Date", settings: context.settings)?.description ?? context.dayText(tomorrow), time: "")
        return try await formPage(request, showtime: nil, form: form, errors: [:])
    }

    func create(_ request: Request) async throws -> Response {
        let form = Self.showtimeForm(try request.form())
        do {
            let id = try await schedule.create(form, actor: try context.actorID(request), now: context.clock())
            let created = try await schedule.showtimeForm(id: id, now: context.clock())
            let what = created.map { "“\($0.listing.movieTitle)” in \($0.listing.hallName) on \(context.longTime($0.listing.startsAt))" } ?? "The showtime"
            return context.redirect(Self.listPath(from: form.date.trimmingCharacters(in: .whitespaces)), .success, "\(what) is scheduled.")
        } catch let error as ValidationError {
            return try await formPage(request, showtime: nil, form: form, errors: error.fields, status: .unprocessableEntity)
        }
    }

    static func showtimeForm(_ form: Parameters) -> ShowtimeForm {
        ShowtimeForm(movieID: form.identifier("movieID"), hallID: form.identifier("hallID"), date: form.text("date"), time: form.text("time"))
    }

    // MARK: edit

    func showEdit(_ request: Request) async throws -> Response {
        let editor = try await editor(request)
        return try await formPage(request, showtime: editor, form: editor.form, errors: [:])
    }

    func update(_ request: Request) async throws -> Response {
        let editor = try await editor(request)
        let form = Self.showtimeForm(try request.form())
        do {
            let change = try await schedule.update(id: editor.id, form, actor: try context.actorID(request), now: context.clock())
            var message = "The showtime of “\(editor.listing.movieTitle)” was saved."
            if change.moved {
                message += change.mailsQueued == 0
                    ? " It moved; nobody had booked it yet."
                    : " It moved; \(AdminViews.count(change.mailsQueued, "customer was", "customers were")) mailed the new time."
            }
            return context.redirect(Self.listPath(from: form.date.trimmingCharacters(in: .whitespaces)), .success, message)
        } catch let error as ValidationError {
            return try await formPage(request, showtime: editor, form: form, errors: error.fields, status: .unprocessableEntity)
        } catch let error as AdminError where error == .showtimeStarted || error == .showtimeCancelled {
            return context.redirect(Self.listPath(from: context.dayText(editor.listing.startsAt)), .error, error.message)
        }
    }

    private func editor(_ request: Request) async throws -> ShowtimeEditor {
        let id = try context.pathID(request, .showtime)
        guard let editor = try await schedule.showtimeForm(id: id, now: context.clock()) else { throw AdminError.notFound(.showtime) }
        return editor
    }

    private func formPage(
        _ request: Request, showtime: ShowtimeEditor?, form: ShowtimeForm, errors: [String: String], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let now = context.clock()
        var movies = try await movieChoices(archived: .exclude)
        // A showtime of a movie archived since keeps its movie in the list, or the select
        // would silently offer another one.
        if let showtime, !movies.contains(where: { $0.id == showtime.listing.movieID }),
           let current = try await context.services.catalog.movies(AdminMovieQuery(search: showtime.listing.movieTitle, archived: .only), now: now)
            .items.first(where: { $0.id == showtime.listing.movieID }) {
            movies.append(current)
        }
        let halls = try await context.services.halls.halls(now: now)
        let current: TemplateValue = showtime.map { editor in
            [
                "id": .int(Int(editor.id)),
                "movieTitle": .string(editor.listing.movieTitle),
                "hall": .string(editor.listing.hallName),
                "startsAt": .date(editor.listing.startsAt),
                "liveReservations": .int(editor.liveReservations),
                "cancellable": .bool(editor.listing.status == .scheduled && editor.listing.endsAt > now),
            ]
        } ?? .null
        // A showtime that started or was cancelled can no longer change: the page says so
        // instead of offering a form the service would refuse.
        let locked: TemplateValue = showtime.map { editor in
            if editor.listing.status == .cancelled { return .string(AdminError.showtimeCancelled.message) }
            return editor.listing.startsAt <= now ? .string(AdminError.showtimeStarted.message) : .null
        } ?? .null
        return try context.renderPage("pages/admin/showtime-form.html", [
            "showtime": current,
            "form": .strings(["date": form.date, "time": form.time]),
            "movieOptions": AdminViews.movieOptions(movies, selected: form.movieID),
            "hallOptions": AdminViews.hallOptions(halls, selected: form.hallID),
            "errors": .fieldErrors(errors),
            "locked": locked,
            "timeHint": .string("The cinema's local time. The hall stays busy for the runtime plus \(context.settings.cleaningMinutes) minutes of cleaning."),
        ], for: request, adminSection: "showtimes", status: status)
    }

    // MARK: cancel

    func showCancel(_ request: Request) async throws -> Response {
        let now = context.clock()
        let editor = try await editor(request)
        guard let row = try await schedule.showtimes(
            ShowtimeFilter(range: DateInterval(start: editor.listing.startsAt, duration: 1), hallID: editor.listing.hallID, includeCancelled: true),
            now: now
        ).first(where: { $0.id == editor.id }) else { throw AdminError.notFound(.showtime) }
        if editor.listing.status == .cancelled || editor.listing.endsAt <= now {
            let error: AdminError = editor.listing.status == .cancelled ? .showtimeCancelled : .showtimeOver
            return context.redirect(Self.listPath(from: context.dayText(editor.listing.startsAt)), .error, error.message)
        }
        return try context.renderPage("pages/admin/showtime-cancel.html", [
            "showtime": AdminViews.showtime(row, now: now),
        ], for: request, adminSection: "showtimes")
    }

    func cancel(_ request: Request) async throws -> Response {
        let editor = try await editor(request)
        let back = Self.listPath(from: context.dayText(editor.listing.startsAt))
        let result: ShowtimeCancellation
        do {
            result = try await schedule.cancel(id: editor.id, actor: try context.actorID(request), now: context.clock())
        } catch let error as AdminError where error == .showtimeOver || error == .showtimeCancelled {
            return context.redirect(back, .error, error.message)
        }
        let message = "“\(editor.listing.movieTitle)” on \(context.longTime(editor.listing.startsAt)) is cancelled: "
            + "\(AdminViews.count(result.cancelledReservations, "reservation", "reservations")) cancelled, "
            + "\(AdminViews.count(result.mailsQueued, "cancellation mail", "cancellation mails")) queued."
        return context.redirect(Paths.url("/admin/showtimes", [("from", context.dayText(editor.listing.startsAt)), ("cancelled", "1")]), .success, message)
    }
}
