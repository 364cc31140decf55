/// One page of movies, with what the filter form needs, from one database read.
public struct MoviePage: Sendable, Hashable {
    public var items: [MovieSummary]
    /// Movies matching the filter on all pages.
    public var total: Int
    public var page: Int
    public var perPage: Int
    /// Every genre, for the filter form.
    public var genres: [Genre]
    /// Formats of the cinema's halls, for the filter form.
    public var formats: [HallFormat]

    public init(items: [MovieSummary], total: Int, page: Int, perPage: Int, genres: [Genre], formats: [HallFormat]) {
        self.items = items
        self.total = total
        self.page = page
        self.perPage = perPage
        self.genres = genres
        self.formats = formats
    }

    /// Number of pages (at least 1).
    public var pageCount: Int { Paging.pageCount(total: total, perPage: perPage) }
    public var hasPrevious: Bool { page > 1 }
    public var hasNext: Bool { page < pageCount }
}
