import Foundation

/// One movie of a TMDB file, checked and normalised.
struct TMDBEntry {
    struct GenreName: Hashable {
        var slug: String
        var name: String
    }

    /// 0-based position in the file's movie list.
    var index: Int
    var tmdbID: Int64
    var values: MovieRules.Values
    var genres: [GenreName]

    /// Reads and checks a whole file; throws every problem found (up to
    /// ``MovieImport/maximumProblems``).
    static func parseFile(_ data: [UInt8], dates: LocalTimeText) throws(MovieImport.Error) -> [TMDBEntry] {
        func refuse(_ message: String, field: String? = nil) -> MovieImport.Error {
            MovieImport.Error(problems: [.init(index: nil, field: field, message: message)])
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard !bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { throw refuse("The file is empty.") }
        guard let root = JSONValue.parse(bytes) else {
            throw refuse("The file is not valid JSON (UTF-8). Export the movies from TMDB as JSON.")
        }

        let list: [JSONValue]
        var genreList: [Int64: GenreName] = [:]
        switch root {
        case .array(let items):
            list = items
        case .object:
            guard case .array(let items)? = root["results"] else {
                throw refuse("Expected a list of movies, or an object with a “results” list of movies.")
            }
            list = items
            if let genres = root["genres"], genres != .null {
                guard case .array(let items) = genres else { throw refuse("is \(genres.kind), not a list.", field: "genres") }
                for (position, item) in items.enumerated() {
                    guard case .integer(let id)? = item["id"], case .string(let name)? = item["name"],
                          case .success(let genre) = MovieRules.genre(name)
                    else { throw refuse("item \(position) is not a genre like {\"id\": 18, \"name\": \"Drama\"}.", field: "genres") }
                    genreList[id] = GenreName(slug: genre.slug, name: genre.name)
                }
            }
        default:
            throw refuse("Expected a list of movies, or an object with a “results” list of movies; the file holds \(root.kind).")
        }
        guard !list.isEmpty else { throw refuse("The file has no movies.") }
        guard list.count <= MovieImport.maximumEntries else {
            throw refuse("The file has \(list.count) movies; import at most \(MovieImport.maximumEntries) at once.")
        }

        var problems: [MovieImport.Error.Problem] = []
        var entries: [TMDBEntry] = []
        var firstIndex: [Int64: Int] = [:]
        for (index, item) in list.enumerated() {
            if problems.count >= MovieImport.maximumProblems { break }
            var reader = EntryReader(index: index, item: item, dates: dates, genreList: genreList)
            if let entry = reader.read() {
                if let earlier = firstIndex[entry.tmdbID] {
                    reader.problem("id", "TMDB id \(entry.tmdbID) is already used by entry \(earlier).")
                } else {
                    firstIndex[entry.tmdbID] = index
                    entries.append(entry)
                }
            }
            problems += reader.problems
        }
        guard problems.isEmpty else {
            throw MovieImport.Error(problems: Array(problems.prefix(MovieImport.maximumProblems)))
        }
        return entries
    }
}

/// Reads one entry, collecting a problem per bad field.
private struct EntryReader {
    let index: Int
    let item: JSONValue
    let dates: LocalTimeText
    let genreList: [Int64: TMDBEntry.GenreName]
    var problems: [MovieImport.Error.Problem] = []

    init(index: Int, item: JSONValue, dates: LocalTimeText, genreList: [Int64: TMDBEntry.GenreName]) {
        self.index = index
        self.item = item
        self.dates = dates
        self.genreList = genreList
    }

    mutating func problem(_ field: String?, _ message: String) {
        problems.append(.init(index: index, field: field, message: message))
    }

    /// The field, nil when missing or null.
    func field(_ name: String) -> JSONValue? {
        guard let value = item[name], value != .null else { return nil }
        return value
    }

    mutating func read() -> TMDBEntry? {
        guard case .object = item else {
            problem(nil, "is \(item.kind), not a movie object.")
            return nil
        }
        var tmdbID: Int64 = 0
        switch field("id") {
        case .integer(let id)? where id > 0: tmdbID = id
        case nil: problem("id", "is missing; every movie needs its TMDB id.")
        case let other?: problem("id", "must be a positive whole number, not \(other.kind).")
        }

        var title = ""
        switch field("title") {
        case .string(let text)?:
            title = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if let message = MovieRules.titleProblem(title) { problem("title", message) }
        case nil: problem("title", "is missing; every movie needs a title.")
        case let other?: problem("title", "must be text, not \(other.kind).")
        }

        var description = ""
        switch field("overview") {
        case .string(let text)?:
            description = text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if let message = MovieRules.descriptionProblem(description) { problem("overview", message) }
        case nil: break
        case let other?: problem("overview", "must be text, not \(other.kind).")
        }

        var runtime = 0
        switch field("runtime") {
        case .integer(let minutes)?:
            runtime = Int(clamping: minutes)
            if MovieRules.runtimeProblem(runtime) != nil {
                problem("runtime", "\(minutes) is out of range: a runtime is \(MovieRules.runtimeRange.lowerBound) to \(MovieRules.runtimeRange.upperBound) minutes.")
            }
        case nil: problem("runtime", "is missing; every movie needs its runtime in minutes.")
        case let other?: problem("runtime", "must be a whole number of minutes, not \(other.kind).")
        }

        var releaseDate: DayDate?
        switch field("release_date") {
        case .string(let text)? where text.trimmingCharacters(in: .whitespaces).isEmpty: break
        case .string(let text)?:
            releaseDate = dates.day(text)
            if releaseDate == nil { problem("release_date", "“\(text)” is not a date like 2025-06-30.") }
        case nil: break
        case let other?: problem("release_date", "must be a date like 2025-06-30, not \(other.kind).")
        }

        var rating = "NR"
        switch field("certification") {
        case .string(let text)?:
            switch MovieRules.rating(text) {
            case .success(let value): rating = value
            case .failure(let failure): problem("certification", failure.message)
            }
        case nil: break
        case let other?: problem("certification", "must be text, not \(other.kind).")
        }

        switch field("vote_average") {
        case .integer(let value)?:
            if !(0...10).contains(value) { problem("vote_average", "\(value) is out of range: a vote average is 0 to 10.") }
        case .number(let value)?:
            if !(0...10).contains(value) { problem("vote_average", "\(value) is out of range: a vote average is 0 to 10.") }
        case nil: break
        case let other?: problem("vote_average", "must be a number from 0 to 10, not \(other.kind).")
        }

        let genres = readGenres()
        guard problems.isEmpty else { return nil }
        return TMDBEntry(
            index: index, tmdbID: tmdbID,
            values: MovieRules.Values(
                title: title, description: description, runtimeMinutes: runtime, rating: rating, releaseDate: releaseDate),
            genres: genres)
    }

    /// `genres` as `[{id, name}]`, else `genre_ids` looked up in the file's genre list.
    private mutating func readGenres() -> [TMDBEntry.GenreName] {
        var result: [TMDBEntry.GenreName] = []
        var slugs: Set<String> = []
        func add(_ genre: TMDBEntry.GenreName) {
            if slugs.insert(genre.slug).inserted { result.append(genre) }
        }
        if let genres = field("genres") {
            guard case .array(let items) = genres else {
                problem("genres", "must be a list like [{\"id\": 18, \"name\": \"Drama\"}], not \(genres.kind).")
                return []
            }
            for (position, item) in items.enumerated() {
                guard case .string(let name)? = item["name"] else {
                    problem("genres", "item \(position) has no “name”.")
                    continue
                }
                switch MovieRules.genre(name) {
                case .success(let genre): add(TMDBEntry.GenreName(slug: genre.slug, name: genre.name))
                case .failure(let failure): problem("genres", failure.message)
                }
            }
        } else if let ids = field("genre_ids") {
            guard case .array(let items) = ids else {
                problem("genre_ids", "must be a list of genre ids, not \(ids.kind).")
                return []
            }
            for item in items {
                guard case .integer(let id) = item else {
                    problem("genre_ids", "must hold whole numbers, not \(item.kind).")
                    continue
                }
                guard let genre = genreList[id] else {
                    problem("genre_ids", genreList.isEmpty
                        ? "genre id \(id) needs the file's “genres” list ([{\"id\": …, \"name\": …}]) beside “results”."
                        : "genre id \(id) is not in the file's “genres” list.")
                    continue
                }
                add(genre)
            }
        }
        if result.count > MovieRules.maximumGenresPerMovie {
            problem("genres", "a film has at most \(MovieRules.maximumGenresPerMovie) genres.")
        }
        return result
    }
}
