public import Foundation

/// What the movie list shows: every field narrows it, and `nil` means "any".
///
/// ```swift
/// var filter = MovieFilter()
/// filter.keyword = "space"
/// filter.genre = "science-fiction"
/// filter.date = settings.day(containing: now)   // only movies playing today
/// let page = try await catalog.movies(filter, now: now)
/// ```
public struct MovieFilter: Sendable, Hashable {
    /// Which movies are candidates before the other filters apply.
    public enum Scope: String, Sendable, CaseIterable {
        /// Movies with a scheduled showtime that has not started yet.
        case nowShowing
        /// Movies released after today (in the cinema's time zone), with or without showtimes.
        case comingSoon
        /// Every movie that is not archived.
        case all
    }

    /// The list's order.
    public enum Sort: String, Sendable, CaseIterable {
        /// A to Z.
        case title
        /// Newest release first.
        case releaseDate
        /// Shortest first.
        case runtime
        /// Soonest next showtime first; movies without one last.
        case nextShowtime
    }

    public var scope: Scope
    /// Words searched in titles and descriptions; each word matches as a prefix ("gal" finds
    /// "Galaxy"). Any punctuation, quotes and `*` are treated as plain separators.
    public var keyword: String?
    /// A genre slug.
    public var genre: String?
    /// Shortest runtime in minutes, inclusive.
    public var runtimeMin: Int?
    /// Longest runtime in minutes, inclusive.
    public var runtimeMax: Int?
    /// Only movies with a scheduled showtime starting inside this interval (and not before
    /// `now`). Compute it in the cinema's time zone, e.g. with ``CinemaSettings/day(containing:)``.
    public var date: DateInterval?
    /// Only movies with an upcoming showtime in a hall of this format.
    public var format: HallFormat?
    public var sort: Sort
    /// 1-based page number.
    public var page: Int
    /// Items per page, 1 to 100.
    public var perPage: Int

    public init(
        scope: Scope = .nowShowing, keyword: String? = nil, genre: String? = nil,
        runtimeMin: Int? = nil, runtimeMax: Int? = nil, date: DateInterval? = nil,
        format: HallFormat? = nil, sort: Sort = .title, page: Int = 1, perPage: Int = 24
    ) {
        self.scope = scope
        self.keyword = keyword
        self.genre = genre
        self.runtimeMin = runtimeMin
        self.runtimeMax = runtimeMax
        self.date = date
        self.format = format
        self.sort = sort
        self.page = page
        self.perPage = perPage
    }

    /// Page and per-page brought into range.
    var clampedPage: Int { max(1, page) }
    var clampedPerPage: Int { min(max(1, perPage), 100) }
}
