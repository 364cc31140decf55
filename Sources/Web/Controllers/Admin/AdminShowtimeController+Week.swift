import Cinema
import Foundation
import HTTPCore
import Templating

/// /admin/showtimes/week: one movie in one hall on consecutive days at the same times.
extension AdminShowtimeController {
    static let policyChoices: [(BatchPolicy, String, String)] = [
        (.allOrNothing, "All or nothing", "If any slot clashes, schedule none and list the clashes."),
        (.skipConflicts, "Skip the clashes", "Schedule every free slot and list the ones left out."),
    ]

    func showWeek(_ request: Request) async throws -> Response {
        let query = request.query
        var reader = QueryReader(query)
        let tomorrow = context.clock().addingTimeInterval(86_400)
        let form = ShowtimeBatchForm(
            movieID: query.identifier("movie"), hallID: query.identifier("hall"),
            startDate: reader.day("date", label: "Date", settings: context.settings)?.description ?? context.dayText(tomorrow), dayCount: "7", times: "")
        return try await weekPage(request, form: form, policy: .allOrNothing, errors: [:], conflicts: [], report: nil)
    }

    func createWeek(_ request: Request) async throws -> Response {
        let fields = try request.form()
        let form = ShowtimeBatchForm(
            movieID: fields.identifier("movieID"), hallID: fields.identifier("hallID"), startDate: fields.text("startDate"),
            dayCount: fields.text("dayCount"), times: fields.text("times"))
        let policy = fields["policy"].flatMap(BatchPolicy.init(rawValue:)) ?? .allOrNothing
        let report: ShowtimeBatchReport
        do {
            report = try await schedule.createBatch(form, policy: policy, actor: try context.actorID(request), now: context.clock())
        } catch let error as ValidationError {
            return try await weekPage(request, form: form, policy: policy, errors: error.fields, conflicts: [], report: nil, status: .unprocessableEntity)
        } catch AdminError.scheduleConflicts(let conflicts) {
            return try await weekPage(request, form: form, policy: policy, errors: [:], conflicts: conflicts, report: nil, status: .conflict)
        }
        guard report.conflicts.isEmpty, let first = report.created.first, let last = report.created.last else {
            // Some slots were skipped (or none was free): the report is the answer.
            return try await weekPage(request, form: form, policy: policy, errors: [:], conflicts: [], report: report)
        }
        let movie = try await schedule.showtimeForm(id: first.showtimeID, now: context.clock())
        let what = movie.map { "of “\($0.listing.movieTitle)” in \($0.listing.hallName) " } ?? ""
        return context.redirect(
            Self.listPath(from: context.dayText(first.startsAt), to: context.dayText(last.startsAt)), .success,
            "\(AdminViews.count(report.created.count, "showtime", "showtimes")) \(what)scheduled, from \(context.longTime(first.startsAt)) to \(context.longTime(last.startsAt)).")
    }

    private func weekPage(
        _ request: Request, form: ShowtimeBatchForm, policy: BatchPolicy, errors: [String: String], conflicts: [SlotConflict],
        report: ShowtimeBatchReport?, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let now = context.clock()
        let movies = try await movieChoices(archived: .exclude)
        let halls = try await context.services.halls.halls(now: now)
        let reportValue: TemplateValue = report.map { report in
            [
                "created": .array(report.created.map { ["id": .int(Int($0.showtimeID)), "startsAt": .date($0.startsAt)] }),
                "conflicts": .array(report.conflicts.map(AdminViews.slotConflict)),
            ]
        } ?? .null
        return try context.renderPage("pages/admin/showtime-week.html", [
            "form": .strings(["startDate": form.startDate, "dayCount": form.dayCount, "times": form.times]),
            "movieOptions": AdminViews.movieOptions(movies, selected: form.movieID),
            "hallOptions": AdminViews.hallOptions(halls, selected: form.hallID),
            "policyOptions": .array(Self.policyChoices.map { choice in
                ["value": .string(choice.0.rawValue), "label": .string(choice.1), "hint": .string(choice.2), "checked": .bool(choice.0 == policy)]
            }),
            "errors": .fieldErrors(errors),
            "conflicts": .array(conflicts.map(AdminViews.slotConflict)),
            "report": reportValue,
            "dayHint": .string("1 to \(AdminSchedule.maximumBatchDays) consecutive days."),
            "timesHint": .string("Local 24-hour times separated by commas, e.g. 14:00, 17:30, 21:00; at most \(AdminSchedule.maximumBatchTimes) a day."),
        ], for: request, adminSection: "showtimes", status: status)
    }
}
