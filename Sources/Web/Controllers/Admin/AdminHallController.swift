import Cinema
import Foundation
import HTTPCore
import Templating

/// /admin/halls: the list with capacities and lock state, and the hall form (new and edit)
/// whose "Preview" button draws the typed layout without saving anything.
struct AdminHallController: Sendable {
    let context: AdminContext

    private var halls: AdminHalls { context.services.halls }

    func register(in router: inout some RouteBuilder) {
        router.get("/halls") { try await list($0) }
        router.get("/halls/new") { try await showNew($0) }
        router.post("/halls") { try await create($0) }
        router.get("/halls/:id/edit") { try await showEdit($0) }
        router.post("/halls/:id") { try await update($0) }
    }

    private static func editPath(_ id: Int64) -> String { "/admin/halls/\(id)/edit" }

    // MARK: list

    func list(_ request: Request) async throws -> Response {
        let rows: [TemplateValue] = try await halls.halls(now: context.clock()).map { row in
            [
                "id": .int(Int(row.hall.id)),
                "name": .string(row.hall.name),
                "format": .string(row.hall.format.displayName),
                "capacity": .int(row.hall.capacity),
                "seatCount": .int(row.seatCount),
                "blockedCount": .int(row.blockedCount),
                "upcomingShowtimes": .int(row.upcomingShowtimes),
                "upcomingReservations": .int(row.upcomingReservations),
                "locked": .bool(row.isLayoutLocked),
            ]
        }
        return try context.renderPage("pages/admin/halls.html", ["halls": .array(rows)], for: request, adminSection: "halls")
    }

    // MARK: new and edit

    func showNew(_ request: Request) async throws -> Response {
        try formPage(request, editor: nil, form: HallForm(format: HallFormat.standard.rawValue), errors: [:], previewing: false)
    }

    func create(_ request: Request) async throws -> Response {
        let (form, previewing) = try Self.submitted(request)
        if previewing { return try previewPage(request, editor: nil, form: form) }
        do {
            let id = try await halls.create(form, actor: try context.actorID(request), now: context.clock())
            let seats = (try? AdminHalls.preview(form.layout)).map { " with \(AdminViews.count($0.capacity, "sellable seat", "sellable seats"))" } ?? ""
            return context.redirect(Self.editPath(id), .success, "Hall “\(Self.trimmed(form.name))” was added\(seats).")
        } catch let error as ValidationError {
            return try formPage(request, editor: nil, form: form, errors: error.fields, previewing: false, status: .unprocessableEntity)
        }
    }

    func showEdit(_ request: Request) async throws -> Response {
        let editor = try await editor(request)
        return try formPage(request, editor: editor, form: editor.form, errors: [:], previewing: false)
    }

    func update(_ request: Request) async throws -> Response {
        let editor = try await editor(request)
        let (form, previewing) = try Self.submitted(request)
        if previewing { return try previewPage(request, editor: editor, form: form) }
        do {
            let change = try await halls.update(id: editor.id, form, actor: try context.actorID(request), now: context.clock())
            return context.redirect(Self.editPath(editor.id), .success, "Hall “\(Self.trimmed(form.name))” was saved; \(Self.describe(change)).")
        } catch let error as ValidationError {
            return try formPage(request, editor: editor, form: form, errors: error.fields, previewing: false, status: .unprocessableEntity)
        }
    }

    private func editor(_ request: Request) async throws -> HallEditor {
        let id = try context.pathID(request, .hall)
        guard let editor = try await halls.hallForm(id: id, now: context.clock()) else { throw AdminError.notFound(.hall) }
        return editor
    }

    /// The form as typed, and whether the "Preview" button sent it.
    private static func submitted(_ request: Request) throws -> (HallForm, previewing: Bool) {
        let form = try request.form()
        return (HallForm(name: form.text("name"), format: form.text("format"), layout: form.text("layout")), form["intent"] == "preview")
    }

    private static func trimmed(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// "2 seats added, 1 blocked" or "the seats did not change".
    static func describe(_ change: HallLayoutChange) -> String {
        let parts = [
            (change.added, "added"), (change.removed, "removed"), (change.moved, "moved or recategorised"),
            (change.blocked, "blocked"), (change.unblocked, "unblocked"),
        ].filter { $0.0 > 0 }.map { "\(AdminViews.count($0.0, "seat", "seats")) \($0.1)" }
        return parts.isEmpty ? "the seats did not change" : parts.joined(separator: ", ")
    }

    /// The form again with the typed layout drawn, or its problem beside the textarea.
    /// Nothing is saved, so nothing but the layout is checked here.
    private func previewPage(_ request: Request, editor: HallEditor?, form: HallForm) throws -> Response {
        var problems: [String: String] = [:]
        do {
            _ = try AdminHalls.preview(form.layout)
        } catch {
            problems = error.fields
        }
        return try formPage(
            request, editor: editor, form: form, errors: problems, previewing: true, status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    private func formPage(
        _ request: Request, editor: HallEditor?, form: HallForm, errors: [String: String], previewing: Bool,
        status: HTTPResponseStatus = .ok
    ) throws -> Response {
        // Draw the layout whenever it can be read, even beside another field's error, so the
        // admin sees what would be built; an empty new form has nothing to draw yet.
        let preview = form.layout.allSatisfy(\.isWhitespace) ? nil : try? AdminHalls.preview(form.layout)
        let hall: TemplateValue = editor.map { editor in
            [
                "id": .int(Int(editor.id)),
                "name": .string(editor.form.name),
                "upcomingShowtimes": .int(editor.upcomingShowtimes),
                "upcomingReservations": .int(editor.upcomingReservations),
                "locked": .bool(editor.isLayoutLocked),
            ]
        } ?? .null
        return try context.renderPage("pages/admin/hall-form.html", [
            "hall": hall,
            "form": .strings(["name": form.name, "format": form.format, "layout": form.layout]),
            "formatOptions": AdminViews.formatOptions(selected: form.format.trimmingCharacters(in: .whitespaces).lowercased()),
            "errors": .fieldErrors(errors),
            "alphabet": AdminHallViews.alphabetValue,
            "preview": preview.map(AdminHallViews.preview) ?? .null,
            "previewing": .bool(previewing),
            "layoutProblem": errors["layout"] == nil ? .null : AdminHallViews.problem(in: form.layout),
        ], for: request, adminSection: "halls", status: status)
    }
}
