import Foundation
import Cinema
import HTTPCore

/// Reads optional filter values from a query string, collecting a sentence for each value
/// that is present but wrong, so a page can show the results without that filter and say why.
struct QueryReader {
    let parameters: Parameters
    var errors: [String] = []

    init(_ parameters: Parameters) {
        self.parameters = parameters
    }

    /// A trimmed non-empty text value.
    func text(_ name: String) -> String? {
        guard let value = parameters[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return String(value.prefix(200))
    }

    mutating func integer(_ name: String, label: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = text(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            errors.append("\(label) must be a whole number from \(range.lowerBound) to \(range.upperBound).")
            return nil
        }
        return value
    }

    /// A day the cinema's calendar has (see ``CinemaSettings/isCalendarDay(_:)``): the
    /// pages turn it into instants, and "2025-02-31" would become a day in March.
    mutating func day(_ name: String, label: String, settings: CinemaSettings) -> DayDate? {
        guard let text = text(name) else { return nil }
        guard let day = DayDate(text) else {
            errors.append("\(label) must be a date like 2026-11-21.")
            return nil
        }
        guard CinemaSettings.dayYears.contains(day.year) else {
            errors.append("\(label) must be a date between \(CinemaSettings.dayYears.lowerBound) and \(CinemaSettings.dayYears.upperBound).")
            return nil
        }
        guard settings.isCalendarDay(day) else {
            errors.append("\(label): there is no date \(text).")
            return nil
        }
        return day
    }

    mutating func choice<T>(_ name: String, label: String, _ make: (String) -> T?) -> T? {
        guard let text = text(name) else { return nil }
        guard let value = make(text) else {
            errors.append("\(label) \"\(text)\" is not one of the choices.")
            return nil
        }
        return value
    }

    mutating func identifier(_ name: String, label: String) -> Int64? {
        guard let text = text(name) else { return nil }
        guard let value = Int64(text), value > 0 else {
            errors.append("\(label) is not one of the choices.")
            return nil
        }
        return value
    }
}
