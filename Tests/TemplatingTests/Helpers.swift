import Foundation
import Testing
import Templating

/// Renders one in-memory template named `t.html`, with any extra templates beside it.
func render(
    _ source: String,
    _ context: TemplateValue = [:],
    templates: [String: String] = [:],
    options: TemplateLibrary.Options = .init()
) throws -> String {
    var all = templates
    all["t.html"] = source
    return try TemplateLibrary(templates: all, options: options).render("t.html", context)
}

/// The error that compiling `templates` throws (or fails the test when there is none).
func compileError(
    _ templates: [String: String],
    options: TemplateLibrary.Options = .init(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> TemplateError? {
    do {
        _ = try TemplateLibrary(templates: templates, options: options)
        Issue.record("expected a TemplateError, but the templates compiled", sourceLocation: sourceLocation)
        return nil
    } catch let error as TemplateError {
        return error
    } catch {
        Issue.record("expected a TemplateError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Options with a fixed time zone so date tests do not depend on the machine.
let amsterdam = TemplateLibrary.Options(timeZone: TimeZone(identifier: "Europe/Amsterdam")!)
