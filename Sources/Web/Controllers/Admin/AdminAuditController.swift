import Cinema
import Foundation
import HTTPCore
import Templating

/// `/admin/audit`: the latest admin changes, optionally of one kind of thing.
struct AdminAuditController: Sendable {
    let context: AdminContext

    /// Entries shown at most; the log itself keeps everything.
    static let limit = 200

    func register(in router: inout some RouteBuilder) {
        router.get("/audit") { try await list($0) }
    }

    func list(_ request: Request) async throws -> Response {
        var reader = QueryReader(request.query)
        let entity = reader.choice("entity", label: "Kind", AdminEntity.init(rawValue:))
        let entries = try await context.services.audit.recent(limit: Self.limit, entity: entity)
        let values: [String: TemplateValue] = [
            "adminSection": "audit",
            "entities": .array(AdminEntity.allCases.map { kind in
                ["value": .string(kind.rawValue), "label": .string(kind.displayName.capitalized), "selected": .bool(kind == entity)]
            }),
            "filtered": .bool(entity != nil),
            "entries": .array(entries.map(AdminRecordViews.auditEntry)),
            "limit": .int(Self.limit),
            "filterErrors": .array(reader.errors.map(TemplateValue.string)),
        ]
        return try context.pages.page("pages/admin/audit.html", values, for: request, section: "admin", status: reader.errors.isEmpty ? .ok : .badRequest)
    }
}
