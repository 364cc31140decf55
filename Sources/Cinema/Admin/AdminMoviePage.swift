/// What the admin movie list shows.
public struct AdminMovieQuery: Sendable, Hashable {
    /// Which movies, by their archived flag.
    public enum Archived: String, Sendable, CaseIterable {
        /// Only movies in use (the default).
        case exclude
        /// Every movie.
        case include
        /// Only archived movies.
        case only
    }

    /// Matches titles starting with the text (any case), and titles or descriptions with
    /// words starting with each word of the text (full-text search).
    public var search: String?
    public var archived: Archived
    /// 1-based.
    public var page: Int
    /// 1 to 200.
    public var perPage: Int

    public init(search: String? = nil, archived: Archived = .exclude, page: Int = 1, perPage: Int = 50) {
        self.search = search
        self.archived = archived
        self.page = page
        self.perPage = perPage
    }
}

/// A movie as the admin list shows it.
public struct AdminMovieRow: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var title: String
    public var runtimeMinutes: Int
    public var rating: String
    public var releaseDate: DayDate?
    public var posterPath: String?
    public var archived: Bool
    public var tmdbID: Int64?
    public var genres: [Genre]
    /// Scheduled showtimes that have not started.
    public var upcomingShowtimes: Int
    /// Confirmed bookings and live holds for those showtimes.
    public var upcomingReservations: Int

    public init(
        id: Int64, title: String, runtimeMinutes: Int, rating: String, releaseDate: DayDate?, posterPath: String?,
        archived: Bool, tmdbID: Int64?, genres: [Genre], upcomingShowtimes: Int, upcomingReservations: Int
    ) {
        self.id = id
        self.title = title
        self.runtimeMinutes = runtimeMinutes
        self.rating = rating
        self.releaseDate = releaseDate
        self.posterPath = posterPath
        self.archived = archived
        self.tmdbID = tmdbID
        self.genres = genres
        self.upcomingShowtimes = upcomingShowtimes
        self.upcomingReservations = upcomingReservations
    }

    /// True when ``AdminCatalog/delete(id:actor:now:)`` would be refused for upcoming bookings.
    public var hasUpcomingBookings: Bool { upcomingReservations > 0 }
}

/// One page of the admin movie list.
public struct AdminMoviePage: Sendable, Hashable {
    public var items: [AdminMovieRow]
    /// Movies matching the query on all pages.
    public var total: Int
    public var page: Int
    public var perPage: Int

    public init(items: [AdminMovieRow], total: Int, page: Int, perPage: Int) {
        self.items = items
        self.total = total
        self.page = page
        self.perPage = perPage
    }

    public var pageCount: Int { Paging.pageCount(total: total, perPage: perPage) }
    public var hasPrevious: Bool { page > 1 }
    public var hasNext: Bool { page < pageCount }
}

/// The edit form of one movie, with what the page shows beside it.
public struct MovieEditor: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// The stored values as form text.
    public var form: MovieForm
    public var posterPath: String?
    public var archived: Bool
    public var tmdbID: Int64?
    public var upcomingShowtimes: Int
    public var upcomingReservations: Int
    /// Every genre, for the form's checkboxes.
    public var availableGenres: [Genre]

    public init(
        id: Int64, form: MovieForm, posterPath: String?, archived: Bool, tmdbID: Int64?, upcomingShowtimes: Int,
        upcomingReservations: Int, availableGenres: [Genre]
    ) {
        self.id = id
        self.form = form
        self.posterPath = posterPath
        self.archived = archived
        self.tmdbID = tmdbID
        self.upcomingShowtimes = upcomingShowtimes
        self.upcomingReservations = upcomingReservations
        self.availableGenres = availableGenres
    }
}
