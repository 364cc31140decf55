import Cinema
import Foundation
import Templating

/// The hall form's preview and layout help, as `partials/hall-preview.html` and
/// `pages/admin/hall-form.html` read them.
enum AdminHallViews {
    /// The layout alphabet, as the form explains it beside the textarea.
    static let alphabet: [(character: String, meaning: String)] = [
        ("s", "standard seat"),
        ("v", "VIP seat"),
        ("w", "wheelchair space"),
        ("c", "companion seat (beside a wheelchair space)"),
        ("x", "blocked seat: never sold, numbered like any seat"),
        (". or space", "no seat: an aisle or a gap"),
    ]

    static var alphabetValue: TemplateValue {
        .array(alphabet.map { ["character": .string($0.character), "meaning": .string($0.meaning)] })
    }

    /// A parsed layout drawn as the seat map draws seats, with its totals.
    static func preview(_ preview: HallPreview) -> TemplateValue {
        let rows: [TemplateValue] = preview.rows.map { row in
            [
                "label": .string(row.label ?? ""),
                "line": .int(row.line),
                "aisle": .bool(row.label == nil),
                "cells": .array(row.cells.map { cell in cellValue(cell, line: row.line) }),
            ]
        }
        // "106 standard, 28 VIP, 2 wheelchair spaces": the sellable seats by category.
        let breakdown = SeatCategory.allCases.compactMap { category -> String? in
            guard let count = preview.capacityByCategory[category], count > 0 else { return nil }
            return switch category {
            case .standard: "\(count) standard"
            case .vip: "\(count) VIP"
            case .wheelchair: AdminViews.count(count, "wheelchair space", "wheelchair spaces")
            case .companion: AdminViews.count(count, "companion seat", "companion seats")
            }
        }.joined(separator: ", ")
        return [
            "rows": .array(rows),
            "columns": .int(preview.columns),
            "seatCount": .int(preview.seatCount),
            "capacity": .int(preview.capacity),
            "blockedCount": .int(preview.blockedCount),
            "breakdown": .string(breakdown),
        ]
    }

    private static func cellValue(_ cell: HallPreview.Cell, line: Int) -> TemplateValue {
        guard cell.kind == .seat, let category = cell.category, let number = cell.number else {
            return ["gap": true, "line": .int(line), "column": .int(cell.column)]
        }
        let symbol: String = cell.blocked ? "—" : category == .wheelchair ? "♿" : String(number)
        var words = [cell.label ?? "", category.displayName]
        if cell.blocked { words.append("blocked") }
        return [
            "gap": false,
            "line": .int(line),
            "column": .int(cell.column),
            "category": .string(category.rawValue),
            "blocked": .bool(cell.blocked),
            "symbol": .string(symbol),
            "title": .string(words.joined(separator: ", ")),
        ]
    }

    /// Where an unreadable layout goes wrong: the line as typed with the wrong character
    /// marked, so the page can show it under the message. Nil for other layout problems.
    static func problem(in layout: String) -> TemplateValue {
        do {
            _ = try HallPreview(layout: layout)
            return .null
        } catch {
            guard case .unknownCharacter(_, let lineNumber, let column) = error else { return .null }
            let lines = layout.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            guard lineNumber >= 1, lineNumber <= lines.count else { return .null }
            let line = Array(lines[lineNumber - 1].filter { $0 != "\r" })
            guard column >= 1, column <= line.count else { return .null }
            return [
                "line": .int(lineNumber),
                "column": .int(column),
                "before": .string(String(line[..<(column - 1)])),
                "character": .string(String(line[column - 1])),
                "after": .string(String(line[column...])),
            ]
        }
    }
}
