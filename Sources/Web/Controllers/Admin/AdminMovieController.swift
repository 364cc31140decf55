import Cinema
import Foundation
import HTTPCore
import Templating

/// /admin/movies: the list with search and archived filter, the movie form (new and edit),
/// the poster upload, archive/unarchive and delete.
struct AdminMovieController: Sendable {
    let context: AdminContext
    /// The public catalogue, for the genre list of a new movie's form.
    let catalog: Catalog

    /// A poster is at most 5 MiB (``PosterImage/maximumBytes``); the extra MiB leaves room
    /// for the multipart framing and lets a slightly bigger file reach the service, which
    /// answers with a message beside the field instead of the core's bare 413.
    static let posterBodyLimit = PosterImage.maximumBytes + (1 << 20)

    private var movies: AdminCatalog { context.services.catalog }

    func register(in router: inout some RouteBuilder) {
        router.get("/movies") { try await list($0) }
        router.get("/movies/new") { try await showNew($0) }
        router.post("/movies") { try await create($0) }
        router.get("/movies/:id/edit") { try await showEdit($0) }
        router.post("/movies/:id") { try await update($0) }
        router.post("/movies/:id/poster", bodyLimit: context.uploads.forAdmins(
            Self.posterBodyLimit, refusal: "Log in as an admin to upload a poster.")) { try await uploadPoster($0) }
        router.post("/movies/:id/poster/remove") { try await removePoster($0) }
        router.post("/movies/:id/archive") { try await setArchived($0, true) }
        router.post("/movies/:id/unarchive") { try await setArchived($0, false) }
        router.post("/movies/:id/delete") { try await delete($0) }
    }

    private static func editPath(_ id: Int64) -> String { "/admin/movies/\(id)/edit" }

    // MARK: list

    static let archivedChoices: [(AdminMovieQuery.Archived, String)] = [
        (.exclude, "In use"), (.only, "Archived only"), (.include, "All movies"),
    ]

    func list(_ request: Request) async throws -> Response {
        var reader = QueryReader(request.query)
        var query = AdminMovieQuery(perPage: 25)
        query.search = reader.text("search")
        query.archived = reader.choice("archived", label: "Show", AdminMovieQuery.Archived.init(rawValue:)) ?? .exclude
        query.page = reader.integer("page", label: "Page", in: 1...10_000) ?? 1
        let page = try await movies.movies(query, now: context.clock())
        let urlFor = { (number: Int) -> String in
            Paths.url("/admin/movies", [
                ("search", query.search), ("archived", query.archived == .exclude ? nil : query.archived.rawValue),
                ("page", number > 1 ? String(number) : nil),
            ])
        }
        if let redirect = Pagination.redirectPastTheEnd(page: query.page, pageCount: page.pageCount, url: urlFor) {
            return redirect
        }
        let rows: [TemplateValue] = page.items.map { movie in
            [
                "id": .int(Int(movie.id)),
                "title": .string(movie.title),
                "genres": .string(movie.genres.map(\.name).joined(separator: ", ")),
                "runtime": .int(movie.runtimeMinutes),
                "rating": .string(movie.rating),
                "archived": .bool(movie.archived),
                "upcomingShowtimes": .int(movie.upcomingShowtimes),
                "upcomingReservations": .int(movie.upcomingReservations),
                "posterURL": .string(CatalogViews.posterURL(movie.posterPath)),
            ]
        }
        return try context.renderPage("pages/admin/movies.html", [
            "movies": .array(rows),
            "total": .int(page.total),
            "filters": .strings(["search": query.search ?? ""]),
            "archivedOptions": AdminViews.options(Self.archivedChoices, selected: query.archived.rawValue, value: { $0.0.rawValue }, label: { $0.1 }),
            "filtered": .bool(query.search != nil || query.archived != .exclude),
            "filterErrors": .array(reader.errors.map(TemplateValue.string)),
            "pagination": Pagination.value(page: page.page, pageCount: page.pageCount, url: urlFor),
        ], for: request, adminSection: "movies", status: reader.errors.isEmpty ? .ok : .badRequest)
    }

    // MARK: new and edit

    func showNew(_ request: Request) async throws -> Response {
        try await newPage(request, form: MovieForm(), errors: [:])
    }

    func create(_ request: Request) async throws -> Response {
        let form = Self.movieForm(try request.form())
        do {
            let id = try await movies.create(form, actor: try context.actorID(request), now: context.clock())
            return context.redirect(Self.editPath(id), .success, "“\(Self.trimmed(form.title))” was added. Upload its poster below.")
        } catch let error as ValidationError {
            return try await newPage(request, form: form, errors: error.fields, status: .unprocessableEntity)
        }
    }

    func showEdit(_ request: Request) async throws -> Response {
        let editor = try await editor(request)
        return try editPage(request, editor, form: editor.form, errors: [:])
    }

    func update(_ request: Request) async throws -> Response {
        let editor = try await editor(request)
        let form = Self.movieForm(try request.form())
        do {
            try await movies.update(id: editor.id, form, actor: try context.actorID(request), now: context.clock())
            return context.redirect(Self.editPath(editor.id), .success, "“\(Self.trimmed(form.title))” was saved.")
        } catch let error as ValidationError {
            return try editPage(request, editor, form: form, errors: error.fields, status: .unprocessableEntity)
        }
    }

    private func editor(_ request: Request) async throws -> MovieEditor {
        let id = try context.pathID(request, .movie)
        guard let editor = try await movies.movieForm(id: id, now: context.clock()) else {
            throw AdminError.notFound(.movie)
        }
        return editor
    }

    /// The form's values as typed; genres are the checked boxes.
    static func movieForm(_ form: Parameters) -> MovieForm {
        MovieForm(
            title: form.text("title"), description: form.text("description"), runtimeMinutes: form.text("runtimeMinutes"),
            rating: form.text("rating"), releaseDate: form.text("releaseDate"), genres: form.all("genres"),
            newGenres: form.text("newGenres"))
    }

    private static func trimmed(_ title: String) -> String {
        title.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func newPage(_ request: Request, form: MovieForm, errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        // The genre checkboxes list every genre; a new movie has no editor to carry them.
        let genres = try await catalog.genres()
        var values = formContext(form, errors: errors, genres: genres)
        values["movie"] = .null
        values["posterError"] = .null
        return try context.renderPage("pages/admin/movie-form.html", values, for: request, adminSection: "movies", status: status)
    }

    private func editPage(
        _ request: Request, _ editor: MovieEditor, form: MovieForm, errors: [String: String], posterError: String? = nil,
        status: HTTPResponseStatus = .ok
    ) throws -> Response {
        var values = formContext(form, errors: errors, genres: editor.availableGenres)
        values["movie"] = [
            "id": .int(Int(editor.id)),
            "title": .string(editor.form.title),
            "posterURL": .string(CatalogViews.posterURL(editor.posterPath)),
            "hasPoster": .bool(editor.posterPath != nil),
            "archived": .bool(editor.archived),
            "tmdbID": editor.tmdbID.map { .int(Int($0)) } ?? .null,
            "upcomingShowtimes": .int(editor.upcomingShowtimes),
            "upcomingReservations": .int(editor.upcomingReservations),
        ]
        values["posterError"] = posterError.map(TemplateValue.string) ?? .null
        return try context.renderPage("pages/admin/movie-form.html", values, for: request, adminSection: "movies", status: status)
    }

    private func formContext(_ form: MovieForm, errors: [String: String], genres: [Genre]) -> [String: TemplateValue] {
        [
            "form": .strings([
                "title": form.title, "description": form.description, "runtimeMinutes": form.runtimeMinutes,
                "rating": form.rating, "releaseDate": form.releaseDate, "newGenres": form.newGenres,
            ]),
            "errors": .fieldErrors(errors),
            "genres": AdminViews.genreChoices(genres, checked: form.genres),
            "ratings": .array(MovieRules.knownRatings.map(TemplateValue.string)),
            "posterMaxBytes": .int(PosterImage.maximumBytes),
        ]
    }

    // MARK: poster

    func uploadPoster(_ request: Request) async throws -> Response {
        let editor = try await editor(request)
        let upload = try await request.multipartForm().file("poster")
        // An empty file input still sends a part with no bytes: the service says "Choose an image".
        let bytes = upload.map { Array($0.data.readableBytesView) } ?? []
        do {
            _ = try await movies.setPoster(movieID: editor.id, data: bytes, actor: try context.actorID(request), now: context.clock())
            return context.redirect(Self.editPath(editor.id), .success, "The new poster of “\(editor.form.title)” is up.")
        } catch let error as ValidationError {
            let message = error.fields["poster"] ?? WebErrorMapping.map(error).message
            return try editPage(request, editor, form: editor.form, errors: [:], posterError: message, status: .unprocessableEntity)
        }
    }

    func removePoster(_ request: Request) async throws -> Response {
        let editor = try await editor(request)
        try await movies.removePoster(movieID: editor.id, actor: try context.actorID(request), now: context.clock())
        return context.redirect(Self.editPath(editor.id), .success, "The poster of “\(editor.form.title)” was removed.")
    }

    // MARK: archive and delete

    func setArchived(_ request: Request, _ archived: Bool) async throws -> Response {
        let editor = try await editor(request)
        let actor = try context.actorID(request)
        if archived {
            try await movies.archive(id: editor.id, actor: actor, now: context.clock())
            return context.redirect(Self.editPath(editor.id), .success, "“\(editor.form.title)” is archived: no longer listed or schedulable. Its showtimes stay.")
        }
        try await movies.unarchive(id: editor.id, actor: actor, now: context.clock())
        return context.redirect(Self.editPath(editor.id), .success, "“\(editor.form.title)” is back in use.")
    }

    func delete(_ request: Request) async throws -> Response {
        let editor = try await editor(request)
        do {
            try await movies.delete(id: editor.id, actor: try context.actorID(request), now: context.clock())
        } catch let error as AdminError where error != .notAuthorized && error != .notFound(.movie) {
            // Refused because of bookings: the message suggests archiving, which the page offers.
            return context.redirect(Self.editPath(editor.id), .error, error.message)
        }
        return context.redirect("/admin/movies", .success, "“\(editor.form.title)” was deleted.")
    }
}
