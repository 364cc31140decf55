import Cinema
import Foundation
import HTTPCore
import Logging
import Templating

/// Turns every error into a page in the site's layout (or a JSON body under `/api/`),
/// in one place: HTTP errors keep their status and message, domain errors map to their
/// status through ``WebErrorMapping``, and anything else becomes a generic 500 whose
/// details go only to the log.
struct ErrorPages: Middleware {
    let renderer: PageRenderer
    let logger: Logger

    func respond(to request: Request, next: Handler) async throws -> Response {
        do {
            return try await next(request)
        } catch {
            let mapped = WebErrorMapping.map(error)
            if mapped.status == .internalServerError {
                logger.error("Unhandled error", metadata: ["path": "\(request.path)", "error": "\(String(reflecting: error))"])
            }
            var response: Response
            if request.path.hasPrefix("/api/") {
                response = try Response.json(APIError(error: mapped.message, status: Int(mapped.status.code)), status: mapped.status)
            } else {
                response = renderPage(mapped, for: request)
            }
            for (name, value) in mapped.headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
    }

    private func renderPage(_ mapped: WebErrorMapping.Mapped, for request: Request) -> Response {
        let heading: String = switch mapped.status.code {
        case 403: "Not allowed"
        case 404: "Page not found"
        case 405: "Not allowed here"
        case 413: "Too large"
        case 429: "Slow down"
        case 500...: "Something went wrong"
        default: "That didn't work"
        }
        // The router's own 404/405 carry only the reason phrase; say something useful instead.
        let message: String = switch (mapped.status.code, mapped.message == mapped.status.reasonPhrase || mapped.message.isEmpty) {
        case (404, true): "We couldn't find that page. It may have moved, or the link may be mistyped."
        case (405, true): "This page can't be used that way. Go back and try again."
        // The core refuses an oversized upload before reading it; say what to do about it.
        case (413, _): "That is more than this page accepts in one go. Go back and choose a smaller file (a poster is at most 5 MB)."
        default: mapped.message
        }
        let context: [String: TemplateValue] = [
            "status": .int(Int(mapped.status.code)),
            "heading": .string(heading),
            "message": .string(message),
        ]
        do {
            return try renderer.page("pages/error.html", context, for: request, status: mapped.status)
        } catch {
            // The error page itself failed: fall back to plain text rather than lose the status.
            logger.error("Error page failed to render", metadata: ["error": "\(error)"])
            return .text("\(mapped.status.code) \(heading)\n\(mapped.message)\n", status: mapped.status)
        }
    }
}

/// The JSON body of an API error.
struct APIError: Encodable {
    let error: String
    let status: Int
}
