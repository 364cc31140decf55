import Cinema
import Foundation
import HTTPCore
import Templating

/// `/admin/import`: upload a TMDB-format JSON file of movies; show what it did, or every
/// problem found (then nothing was imported).
struct AdminImportController: Sendable {
    let context: AdminContext

    /// The largest file accepted; a TMDB list of a few thousand movies fits easily.
    static let maximumBytes = 5 << 20

    func register(in router: inout some RouteBuilder) {
        router.get("/import") { try await show($0) }
        // The multipart envelope adds a little to the file itself.
        router.post("/import", bodyLimit: context.uploads.forAdmins(
            Self.maximumBytes + (64 << 10), refusal: "Log in as an admin to import movies.")) { try await upload($0) }
    }

    func show(_ request: Request) async throws -> Response {
        try page(request, report: nil, problems: [], fileError: nil, fileName: nil, status: .ok)
    }

    func upload(_ request: Request) async throws -> Response {
        let actor = try request.visitor.requireUser()
        let form = try await request.multipartForm()
        guard let file = form.file("file"), file.data.readableBytes > 0 else {
            return try page(request, report: nil, problems: [], fileError: "Choose a JSON file to upload.", fileName: nil, status: .unprocessableEntity)
        }
        guard file.data.readableBytes <= Self.maximumBytes else {
            return try page(request, report: nil, problems: [], fileError: "A file is at most 5 MB.", fileName: file.filename, status: .payloadTooLarge)
        }
        do {
            let report = try await context.services.importer.importMovies(from: Array(file.data.readableBytesView), actor: actor.id, now: context.clock())
            return try page(request, report: report, problems: [], fileError: nil, fileName: file.filename, status: .ok)
        } catch let error as MovieImport.Error {
            return try page(request, report: nil, problems: error.problems, fileError: nil, fileName: file.filename, status: .unprocessableEntity)
        } catch AdminError.notAuthorized {
            throw HTTPError(.forbidden, message: AdminError.notAuthorized.message)
        }
    }

    private func page(
        _ request: Request, report: ImportReport?, problems: [MovieImport.Error.Problem], fileError: String?, fileName: String?,
        status: HTTPResponseStatus
    ) throws -> Response {
        let values: [String: TemplateValue] = [
            "adminSection": "import",
            "fileName": fileName.map(TemplateValue.string) ?? .null,
            "errors": .fieldErrors(fileError.map { ["file": $0] } ?? [:]),
            "report": report.map { report -> TemplateValue in
                [
                    "created": .int(report.created),
                    "updated": .int(report.updated),
                    "unchanged": .int(report.unchanged),
                    "genresCreated": .int(report.genresCreated),
                    "movies": .array(report.movies.map { movie in
                        [
                            "index": .int(movie.index),
                            "tmdbID": .int(Int(movie.tmdbID)),
                            "movieID": .int(Int(movie.movieID)),
                            "title": .string(movie.title),
                            "outcome": .string(movie.outcome.rawValue),
                        ]
                    }),
                ]
            } ?? .null,
            "problems": .array(problems.map { problem in
                [
                    "index": problem.index.map { .int($0) } ?? .null,
                    "field": problem.field.map(TemplateValue.string) ?? .null,
                    "message": .string(problem.message),
                ]
            }),
        ]
        return try context.pages.page("pages/admin/import.html", values, for: request, section: "admin", status: status)
    }
}
