import Foundation

/// The movie form's values as typed, so a refused form re-renders with the input kept.
///
/// Field keys of the ``ValidationError`` thrown by ``AdminCatalog/create(_:actor:now:)`` and
/// ``AdminCatalog/update(id:_:actor:now:)`` are the property names: `title`, `description`,
/// `runtimeMinutes`, `rating`, `releaseDate`, `genres`, `newGenres`.
public struct MovieForm: Sendable, Hashable {
    /// 1 to 200 characters after trimming.
    public var title: String
    /// At most 5000 characters.
    public var description: String
    /// Whole minutes, 1 to 600.
    public var runtimeMinutes: String
    /// One of ``MovieRules/knownRatings`` (any case) or other text of at most 10 characters;
    /// empty means `NR`.
    public var rating: String
    /// `YYYY-MM-DD`, or empty when unknown.
    public var releaseDate: String
    /// Slugs of existing genres (the form's checkboxes).
    public var genres: [String]
    /// Names of genres to create and add, separated by commas ("Film Noir, Heist").
    /// A name whose slug exists already adds that genre.
    public var newGenres: String

    public init(
        title: String = "", description: String = "", runtimeMinutes: String = "", rating: String = "",
        releaseDate: String = "", genres: [String] = [], newGenres: String = ""
    ) {
        self.title = title
        self.description = description
        self.runtimeMinutes = runtimeMinutes
        self.rating = rating
        self.releaseDate = releaseDate
        self.genres = genres
        self.newGenres = newGenres
    }
}

/// The rules a movie's fields follow, shared by the movie form and the TMDB import.
public enum MovieRules {
    /// Ratings offered by the form; other short text is accepted too.
    public static let knownRatings = ["G", "PG", "PG-13", "R", "NC-17", "NR"]
    public static let titleLength = 1...200
    public static let maximumDescriptionLength = 5_000
    public static let runtimeRange = 1...600
    public static let maximumRatingLength = 10
    public static let maximumGenreNameLength = 40
    /// Genres one film may have: every list of films shows each film's genres, and the
    /// catalogue's filter offers every genre there is.
    public static let maximumGenresPerMovie = 10

    /// A movie's fields once checked and normalised.
    struct Values: Equatable {
        var title: String
        var description: String
        var runtimeMinutes: Int
        var rating: String
        var releaseDate: DayDate?
    }

    /// Message for a title, or nil when fine. `title` is already trimmed.
    static func titleProblem(_ title: String) -> String? {
        if title.isEmpty { return "Enter a title." }
        if title.count > titleLength.upperBound { return "A title has at most \(titleLength.upperBound) characters." }
        if title.unicodeScalars.contains(where: isControl) { return "A title cannot contain line breaks or control characters." }
        return nil
    }

    static func descriptionProblem(_ description: String) -> String? {
        description.count > maximumDescriptionLength
            ? "A description has at most \(maximumDescriptionLength) characters (this one has \(description.count))."
            : nil
    }

    static func runtimeProblem(_ minutes: Int) -> String? {
        runtimeRange.contains(minutes)
            ? nil
            : "A runtime is \(runtimeRange.lowerBound) to \(runtimeRange.upperBound) minutes."
    }

    /// The rating to store for `text`: a known rating in its usual case, `NR` for empty text,
    /// other text as typed; or a message.
    static func rating(_ text: String) -> Result<String, RuleProblem> {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .success("NR") }
        if let known = knownRatings.first(where: { $0.caseInsensitiveCompare(trimmed) == .orderedSame }) {
            return .success(known)
        }
        if trimmed.count > maximumRatingLength || trimmed.unicodeScalars.contains(where: isControl) {
            return .failure(RuleProblem(
                "Choose \(knownRatings.joined(separator: ", ")) or type a rating of at most \(maximumRatingLength) characters."))
        }
        return .success(trimmed)
    }

    /// A genre name as stored (spaces collapsed) and its slug, or a message.
    static func genre(_ name: String) -> Result<(name: String, slug: String), RuleProblem> {
        let name = name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let slug = DemoCinema.slug(name)
        guard !slug.isEmpty else {
            return .failure(RuleProblem("A genre name needs letters or digits: “\(name)”."))
        }
        guard name.count <= maximumGenreNameLength else {
            return .failure(RuleProblem("A genre name has at most \(maximumGenreNameLength) characters."))
        }
        return .success((name, slug))
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
    }

    struct RuleProblem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}

extension MovieForm {
    /// Checks every field that needs no database; genres are checked in the transaction.
    func validated(into errors: inout ValidationError, dates: LocalTimeText) -> MovieRules.Values? {
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = MovieRules.titleProblem(title) { errors.add("title", problem) }

        // Line endings normalised so the count matches what the browser showed.
        let description = description.replacingOccurrences(of: "\r\n", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = MovieRules.descriptionProblem(description) { errors.add("description", problem) }

        let runtimeText = runtimeMinutes.trimmingCharacters(in: .whitespaces)
        var runtime = 0
        if runtimeText.isEmpty {
            errors.add("runtimeMinutes", "Enter the runtime in minutes.")
        } else if let minutes = Int(runtimeText), runtimeText.allSatisfy(\.isASCII) {
            runtime = minutes
            if let problem = MovieRules.runtimeProblem(minutes) { errors.add("runtimeMinutes", problem) }
        } else {
            errors.add("runtimeMinutes", "Enter the runtime as a whole number of minutes.")
        }

        var rating = "NR"
        switch MovieRules.rating(self.rating) {
        case .success(let value): rating = value
        case .failure(let problem): errors.add("rating", problem.message)
        }

        var releaseDate: DayDate?
        let dateText = self.releaseDate.trimmingCharacters(in: .whitespaces)
        if !dateText.isEmpty {
            releaseDate = dates.day(dateText)
            if releaseDate == nil { errors.add("releaseDate", "Enter a date like 2025-06-30, or leave it empty.") }
        }

        let newNames = newGenreNames
        if Set(genres).count + newNames.count > MovieRules.maximumGenresPerMovie {
            errors.add(newNames.isEmpty ? "genres" : "newGenres", "A film has at most \(MovieRules.maximumGenresPerMovie) genres.")
        } else {
            for name in newNames {
                if case .failure(let problem) = MovieRules.genre(name) { errors.add("newGenres", problem.message) }
            }
        }

        guard errors.isEmpty else { return nil }
        return MovieRules.Values(
            title: title, description: description, runtimeMinutes: runtime, rating: rating, releaseDate: releaseDate)
    }

    /// The names typed in ``newGenres``, without empty ones.
    var newGenreNames: [String] {
        newGenres.split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }
}
