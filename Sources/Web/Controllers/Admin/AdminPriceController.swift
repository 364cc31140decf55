import Cinema
import Foundation
import HTTPCore
import Templating

/// /admin/prices: every ticket type × hall format price and every seat category's
/// surcharge in one form, saved together in one transaction.
struct AdminPriceController: Sendable {
    let context: AdminContext

    private var prices: AdminPrices { context.services.prices }

    func register(in router: inout some RouteBuilder) {
        router.get("/prices") { try await show($0) }
        router.post("/prices") { try await save($0) }
    }

    func show(_ request: Request) async throws -> Response {
        let form = try await prices.form()
        return try page(request, form, values: form.values, errors: [:])
    }

    func save(_ request: Request) async throws -> Response {
        let form = try await prices.form()
        // Only the table's own cells go to the service; the CSRF token and any stray field stay out.
        var values: [String: String] = [:]
        for (name, value) in try request.form() where name.hasPrefix("price.") || name.hasPrefix("surcharge.") {
            values[name] = value
        }
        do {
            let changed = try await prices.update(values, actor: try context.actorID(request), now: context.clock())
            let message = changed == 0 ? "Nothing changed: the prices are as they were." : "Prices saved: \(AdminViews.count(changed, "change", "changes"))."
            return context.redirect("/admin/prices", .success, message)
        } catch let error as ValidationError {
            return try page(request, form, values: form.values.merging(values) { _, typed in typed }, errors: error.fields, status: .unprocessableEntity)
        }
    }

    private func page(
        _ request: Request, _ form: PriceForm, values: [String: String], errors: [String: String], status: HTTPResponseStatus = .ok
    ) throws -> Response {
        // Every cell that went wrong is named in a summary above the table, in table order.
        var problems: [TemplateValue] = []
        func cell(_ key: String, label: String) -> TemplateValue {
            let text = values[key] ?? ""
            if let message = errors[key] {
                problems.append(["id": .string(Self.inputID(key)), "cell": .string(label), "message": .string(message)])
            }
            let digits = text.trimmingCharacters(in: .whitespaces)
            return [
                "key": .string(key),
                "id": .string(Self.inputID(key)),
                "label": .string(label),
                "value": .string(text),
                "error": errors[key].map(TemplateValue.string) ?? .null,
                // The amount the cents stand for, shown under the input so 1250 reads as 12.50.
                "cents": digits.allSatisfy(\.isASCII) ? Int(digits).map(TemplateValue.int) ?? .null : .null,
            ]
        }
        let rows: [TemplateValue] = form.ticketTypes.map { type in
            [
                "name": .string(type.name),
                "cells": .array(form.formats.map { format in
                    cell(PriceForm.priceKey(ticketType: type.code, format: format), label: "\(type.name) in \(format.displayName) halls")
                }),
            ]
        }
        let surcharges: [TemplateValue] = form.categories.map { category in
            cell(PriceForm.surchargeKey(category), label: "\(category.displayName) surcharge")
        }
        // Keys the table does not show (a stale form) still get their message.
        let shown = Set(form.ticketTypes.flatMap { type in form.formats.map { PriceForm.priceKey(ticketType: type.code, format: $0) } })
            .union(form.categories.map(PriceForm.surchargeKey))
        for (key, message) in errors.sorted(by: { $0.key < $1.key }) where !shown.contains(key) {
            problems.append(["id": .null, "cell": .string(key), "message": .string(message)])
        }
        return try context.renderPage("pages/admin/prices.html", [
            "formats": .array(form.formats.map { .string($0.displayName) }),
            "rows": .array(rows),
            "surcharges": .array(surcharges),
            "problems": .array(problems),
            "maximumCents": .int(AdminPrices.maximumCents),
        ], for: request, adminSection: "prices", status: status)
    }

    /// `price.adult.imax` → `cell-price-adult-imax`: an id that needs no escaping in CSS.
    static func inputID(_ key: String) -> String {
        "cell-" + key.replacingOccurrences(of: ".", with: "-")
    }
}
