public import Foundation
import GRDB

/// A genre, addressed by its slug in URLs (`/movies?genre=science-fiction`).
public struct Genre: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var slug: String
    public var name: String

    public init(id: Int64, slug: String, name: String) {
        self.id = id
        self.slug = slug
        self.name = name
    }
}

/// A movie as a list shows it.
public struct MovieSummary: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var title: String
    public var runtimeMinutes: Int
    /// Age rating as printed ("PG-13").
    public var rating: String
    public var releaseDate: DayDate?
    /// File name of the poster in the posters folder, if any.
    public var posterPath: String?
    public var genres: [Genre]
    /// Start of the next scheduled showtime inside the filter's date range, if any.
    public var nextShowtime: Date?

    public init(
        id: Int64, title: String, runtimeMinutes: Int, rating: String, releaseDate: DayDate?,
        posterPath: String?, genres: [Genre], nextShowtime: Date?
    ) {
        self.id = id
        self.title = title
        self.runtimeMinutes = runtimeMinutes
        self.rating = rating
        self.releaseDate = releaseDate
        self.posterPath = posterPath
        self.genres = genres
        self.nextShowtime = nextShowtime
    }
}

/// A movie with everything its page shows, including its upcoming showtimes.
public struct MovieDetail: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var title: String
    public var description: String
    public var runtimeMinutes: Int
    public var rating: String
    public var releaseDate: DayDate?
    public var posterPath: String?
    public var tmdbID: Int64?
    /// Archived movies stay for history but are neither listed nor scheduled.
    public var archived: Bool
    public var genres: [Genre]
    /// Scheduled showtimes that have not started yet, earliest first.
    public var showtimes: [ShowtimeListing]

    public init(
        id: Int64, title: String, description: String, runtimeMinutes: Int, rating: String,
        releaseDate: DayDate?, posterPath: String?, tmdbID: Int64?, archived: Bool,
        genres: [Genre], showtimes: [ShowtimeListing]
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.runtimeMinutes = runtimeMinutes
        self.rating = rating
        self.releaseDate = releaseDate
        self.posterPath = posterPath
        self.tmdbID = tmdbID
        self.archived = archived
        self.genres = genres
        self.showtimes = showtimes
    }
}

extension Genre {
    init(row: Row) {
        self.init(id: row["id"], slug: row["slug"], name: row["name"])
    }
}

extension DayDate {
    /// Reads a `YYYY-MM-DD` column; nil when NULL or malformed.
    static func fromColumn(_ value: String?) -> DayDate? {
        value.flatMap(DayDate.init)
    }
}
