import Cinema
import Foundation
import HTTPCore
import Templating

/// `/admin/users`: find people, see one person's reservations, change their role.
struct AdminUserController: Sendable {
    let context: AdminContext
    /// Reservations per page of a user's page.
    static let reservationsPerPage = 25

    func register(in router: inout some RouteBuilder) {
        router.get("/users") { try await list($0) }
        router.get("/users/:id") { try await show($0) }
        router.post("/users/:id/role") { try await changeRole($0) }
    }

    // MARK: list

    func list(_ request: Request) async throws -> Response {
        let query = request.query
        var reader = QueryReader(query)
        var filter = AdminUserQuery(perPage: 25)
        filter.search = reader.text("q")
        filter.role = reader.choice("role", label: "Role", Role.init(rawValue:))
        filter.page = reader.integer("page", label: "Page", in: 1...10_000) ?? 1
        let page = try await context.services.users.users(filter, now: context.clock())
        let urlFor = { (number: Int) -> String in
            Paths.url("/admin/users", [("q", filter.search), ("role", filter.role?.rawValue), ("page", number > 1 ? String(number) : nil)])
        }
        if let redirect = Pagination.redirectPastTheEnd(page: filter.page, pageCount: page.pageCount, url: urlFor) {
            return redirect
        }
        let values: [String: TemplateValue] = [
            "adminSection": "users",
            "filters": .strings(["q": filter.search ?? ""]),
            "roles": AdminRecordViews.roleOptions(selected: filter.role?.rawValue ?? ""),
            "users": .array(page.items.map(AdminRecordViews.user)),
            "total": .int(page.total),
            "adminCount": .int(page.adminCount),
            "filtered": .bool(filter.search != nil || filter.role != nil),
            "filterErrors": .array(reader.errors.map(TemplateValue.string)),
            "pagination": Pagination.value(page: page.page, pageCount: page.pageCount, url: urlFor),
        ]
        return try context.pages.page("pages/admin/users.html", values, for: request, section: "admin", status: reader.errors.isEmpty ? .ok : .badRequest)
    }

    // MARK: one user

    func show(_ request: Request) async throws -> Response {
        try await userPage(request, userID: try userID(request), chosenRole: nil, roleError: nil, status: .ok)
    }

    func changeRole(_ request: Request) async throws -> Response {
        let id = try userID(request)
        let actor = try request.visitor.requireUser()
        let form = try request.form()
        let chosen = form["role"] ?? ""
        guard let role = Role(rawValue: chosen) else {
            return try await userPage(request, userID: id, chosenRole: chosen, roleError: "Choose customer, staff or admin.", status: .unprocessableEntity)
        }
        let before: User
        do {
            guard let row = try await context.services.users.user(id: id, now: context.clock()) else { throw AdminError.notFound(.user) }
            before = row.user
            try await context.services.users.changeRole(userID: id, to: role, actor: actor.id, now: context.clock())
        } catch let error as AdminError {
            switch error {
            case .lastAdmin:
                return try await userPage(request, userID: id, chosenRole: chosen, roleError: error.message, status: .conflict)
            case .notFound:
                throw HTTPError(.notFound, message: error.message)
            default:
                return context.redirect("/admin/users/\(id)", .error, error.message)
            }
        }
        if before.role == role {
            return context.redirect("/admin/users/\(id)", .info, "\(before.username) is already \(role.displayName.lowercased()); nothing changed.")
        }
        // The change bumped that user's session version; when it is the admin's own account,
        // this browser's session has just ended too.
        if id == actor.id {
            return context.redirect("/login", .info, "Your role is now \(role.displayName.lowercased()). Log in again to go on.")
        }
        return context.redirect(
            "/admin/users/\(id)", .success,
            "\(before.username) is now \(role.displayName.lowercased()) (was \(before.role.displayName.lowercased())) and has been signed out everywhere.")
    }

    private func userID(_ request: Request) throws -> Int64 {
        guard let id = request.parameters["id"].flatMap(Int64.init), id > 0 else {
            throw HTTPError(.notFound, message: "There is no such user.")
        }
        return id
    }

    private func userPage(_ request: Request, userID: Int64, chosenRole: String?, roleError: String?, status: HTTPResponseStatus) async throws -> Response {
        let now = context.clock()
        let users = context.services.users
        guard let row = try await users.user(id: userID, now: now) else {
            throw HTTPError(.notFound, message: "There is no such user. The account may have been deleted.")
        }
        var reader = QueryReader(request.query)
        let pageNumber = reader.integer("page", label: "Page", in: 1...100_000) ?? 1
        let reservations = try await users.reservations(userID: userID, page: pageNumber, perPage: Self.reservationsPerPage)
        let urlFor = { (number: Int) -> String in
            Paths.url("/admin/users/\(userID)", [("page", number > 1 ? String(number) : nil)]) + "#h-res"
        }
        if request.method == .GET, let redirect = Pagination.redirectPastTheEnd(page: pageNumber, pageCount: reservations.pageCount, url: urlFor) {
            return redirect
        }
        let values: [String: TemplateValue] = [
            "adminSection": "users",
            "account": AdminRecordViews.user(row),
            "isSelf": .bool(request.visitor.user?.id == userID),
            "roles": AdminRecordViews.roleOptions(selected: chosenRole ?? row.user.role.rawValue),
            "roleErrors": .fieldErrors(roleError.map { ["role": $0] } ?? [:]),
            "reservations": .array(reservations.items.map { AdminRecordViews.reservation($0, now: now) }),
            "reservationCount": .int(reservations.total),
            "pagination": Pagination.value(page: reservations.page, pageCount: reservations.pageCount, url: urlFor),
            "filterErrors": .array(reader.errors.map(TemplateValue.string)),
            "back": .string(urlFor(reservations.page)),
        ]
        return try context.pages.page(
            "pages/admin/user.html", values, for: request, section: "admin",
            status: status == .ok && !reader.errors.isEmpty ? .badRequest : status)
    }
}
