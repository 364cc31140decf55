import Cinema
import Foundation
import HTTPCore
import Templating

/// The public catalogue: the now-showing grid with filters, and a movie's page.
struct MovieController: Sendable {
    let catalog: Catalog
    let settings: CinemaSettings
    let pages: PageRenderer
    let clock: @Sendable () -> Date

    func register(in router: inout some RouteBuilder) {
        router.get("/") { try await list($0, home: true) }
        router.get("/movies") { try await list($0, home: false) }
        router.get("/movies/:id") { try await show($0) }
    }

    static let sorts: [(MovieFilter.Sort, String)] = [
        (.title, "Title A–Z"), (.nextShowtime, "Next showtime"), (.releaseDate, "Newest release"), (.runtime, "Shortest first"),
    ]

    func list(_ request: Request, home: Bool) async throws -> Response {
        let query = request.query
        var reader = QueryReader(query)
        var filter = MovieFilter(perPage: 24)
        filter.keyword = reader.text("q")
        filter.genre = reader.text("genre")
        filter.runtimeMin = reader.integer("runtimeMin", label: "Runtime from", in: 0...600)
        filter.runtimeMax = reader.integer("runtimeMax", label: "Runtime to", in: 0...600)
        if let min = filter.runtimeMin, let max = filter.runtimeMax, min > max {
            reader.errors.append("Runtime from must not be more than runtime to.")
            filter.runtimeMax = nil
        }
        if let day = reader.day("date", label: "Showing on", settings: settings) {
            filter.date = settings.interval(of: day)
        }
        filter.format = reader.choice("format", label: "Format", HallFormat.init(rawValue:))
        filter.sort = reader.choice("sort", label: "Sort", MovieFilter.Sort.init(rawValue:)) ?? .title
        filter.page = reader.integer("page", label: "Page", in: 1...10_000) ?? 1

        let now = clock()
        let page = try await catalog.movies(filter, now: now)
        let filtered = [filter.keyword, filter.genre, query["date"], query["format"], query["runtimeMin"], query["runtimeMax"]]
            .contains { !($0 ?? "").isEmpty }
        let urlFor = { (number: Int) -> String in
            Paths.url("/movies", [
                ("q", query["q"]), ("genre", query["genre"]), ("date", query["date"]), ("format", query["format"]),
                ("runtimeMin", query["runtimeMin"]), ("runtimeMax", query["runtimeMax"]), ("sort", query["sort"]),
                ("page", number > 1 ? String(number) : nil),
            ])
        }
        if let redirect = Pagination.redirectPastTheEnd(page: filter.page, pageCount: page.pageCount, url: urlFor) {
            return redirect
        }
        let context: [String: TemplateValue] = [
            "heading": .string(home && !filtered ? "Now showing" : "Movies"),
            "filters": .strings([
                "q": query["q"] ?? "", "date": query["date"] ?? "", "runtimeMin": query["runtimeMin"] ?? "",
                "runtimeMax": query["runtimeMax"] ?? "",
            ]),
            "genres": .array(page.genres.map { ["slug": .string($0.slug), "name": .string($0.name), "selected": .bool($0.slug == filter.genre)] }),
            "formats": .array(page.formats.map { ["value": .string($0.rawValue), "label": .string($0.displayName), "selected": .bool($0 == filter.format)] }),
            "sorts": .array(Self.sorts.map { ["value": .string($0.0.rawValue), "label": .string($0.1), "selected": .bool($0.0 == filter.sort)] }),
            "movies": .array(page.items.map(CatalogViews.movieCard)),
            "total": .int(page.total),
            "filtered": .bool(filtered),
            "filterErrors": .array(reader.errors.map(TemplateValue.string)),
            "pagination": Pagination.value(page: page.page, pageCount: page.pageCount, url: urlFor),
        ]
        return try pages.page("pages/movies.html", context, for: request, section: "movies", status: reader.errors.isEmpty ? .ok : .badRequest)
    }

    func show(_ request: Request) async throws -> Response {
        let id = try request.parameter("id", as: Int64.self)
        guard let movie = try await catalog.movie(id: id, now: clock()) else {
            throw HTTPError(.notFound, message: "We couldn't find that film. It may have left our programme.")
        }
        let days = CatalogViews.byDay(movie.showtimes, calendar: settings.calendar)
        let context: [String: TemplateValue] = [
            "movie": [
                "id": .int(Int(movie.id)),
                "title": .string(movie.title),
                "description": .string(movie.description),
                "runtime": .int(movie.runtimeMinutes),
                "rating": .string(movie.rating),
                "releaseDate": movie.releaseDate.map { .date(settings.noon(of: $0)) } ?? .null,
                "posterURL": .string(CatalogViews.posterURL(movie.posterPath)),
                "genres": .array(movie.genres.map { ["slug": .string($0.slug), "name": .string($0.name)] }),
            ],
            "days": .array(days.map { ["date": .date($0.day), "showtimes": .array($0.listings.map(CatalogViews.showtimeChip))] }),
        ]
        return try pages.page("pages/movie.html", context, for: request, section: "movies")
    }
}

extension CinemaSettings {
    /// The local day `day` as an interval in the cinema's time zone.
    func interval(of day: DayDate) -> DateInterval {
        self.day(containing: noon(of: day))
    }

    /// Midday of `day` in the cinema's time zone (safe from daylight-saving edges).
    func noon(of day: DayDate) -> Date {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12)) ?? Date(timeIntervalSince1970: 0)
    }
}
