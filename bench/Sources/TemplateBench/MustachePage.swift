import Foundation
import Mustache

/// The same page for swift-mustache 2.1.1. Mustache has no filters, so the formatting the
/// Marquee templates do at render time (dates, money, truncation, joins, plurals, URL
/// encoding, the "few seats" test) is done here once, before timing starts: a head start for
/// swift-mustache, which the comparison leaves in its favour.
enum MustachePage {
    static let templates: [String: String] = [
        "base": """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{$title}}Marquee{{/title}}</title>
            <link rel="stylesheet" href="/css/site.css">
            </head>
            <body>
            <header><nav><a href="/">Marquee</a> <a href="/movies"{{#activeMovies}} class="active"{{/activeMovies}}>Movies</a> \
            <a href="/showtimes"{{#activeShowtimes}} class="active"{{/activeShowtimes}}>Showtimes</a> \
            {{#user}}<a href="/account">{{name}}</a>{{/user}}{{^user}}<a href="/login">Log in</a>{{/user}}</nav></header>
            <main>{{$content}}{{/content}}</main>
            <footer>© {{year}} Marquee Cinema · <a href="/about">About</a></footer>
            </body>
            </html>
            """,
        "movies": """
            {{<base}}{{$title}}Now showing · Marquee{{/title}}{{$content}}<h1>Now showing</h1>
            <p class="count">{{movieCount}} {{filmsWord}} this week</p>
            <ul class="movies">{{#movies}}
            {{>card}}{{/movies}}{{^movies}}<li>Nothing showing</li>{{/movies}}
            </ul>{{/content}}{{/base}}
            """,
        "card": """
            <li class="card{{#isFirst}} first{{/isFirst}}">
            <a href="/movies/{{id}}"><img src="/posters/{{posterEncoded}}" alt="{{title}}" width="200" height="300"></a>
            <h2>{{title}}{{#isNew}} <span class="badge">New</span>{{/isNew}}</h2>
            <p class="meta">{{runtime}} min · {{rating}}/10 · {{genresJoined}}</p>
            <p class="blurb">{{descriptionShort}}</p>
            <p class="next">Next: {{nextShowText}} · from {{priceText}}</p>
            <p class="seats">{{#soldOut}}<span class="sold-out">Sold out</span>{{/soldOut}}{{^soldOut}}\
            {{#few}}<span class="few">Only {{seatsLeft}} {{seatsWord}} left</span>{{/few}}\
            {{^few}}<a class="book" href="/showtimes/{{showId}}">Book now</a>{{/few}}{{/soldOut}}</p>
            </li>
            """,
    ]

    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in templates {
            try library.register(text, named: name)
        }
        return library
    }

    /// The context as `[String: Any]`, swift-mustache's fastest lookup path, with every value
    /// already formatted.
    static func context(_ page: MoviesPage) -> [String: Any] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")!
        formatter.dateFormat = "EEE d MMM HH:mm"
        let movies: [[String: Any]] = page.movies.enumerated().map { index, movie in
            [
                // swift-mustache's first() is not visible inside a partial; a flag stands in.
                "isFirst": index == 0,
                "id": movie.id,
                "title": movie.title,
                "posterEncoded": urlencode(movie.poster),
                "isNew": movie.isNew,
                "runtime": movie.runtime,
                "rating": movie.rating,
                "genresJoined": movie.genres.joined(separator: ", "),
                "descriptionShort": truncate(movie.description, 120),
                "nextShowText": formatter.string(from: movie.nextShow),
                "priceText": money(movie.price),
                "soldOut": movie.soldOut,
                "few": movie.seatsLeft < 20,
                "seatsLeft": movie.seatsLeft,
                "seatsWord": movie.seatsLeft == 1 ? "seat" : "seats",
                "showId": movie.showId,
            ]
        }
        var context: [String: Any] = [
            "movies": movies,
            "movieCount": movies.count,
            "filmsWord": movies.count == 1 ? "film" : "films",
            "activeMovies": true,
            "activeShowtimes": false,
            "year": page.year,
        ]
        if let name = page.userName { context["user"] = ["name": name] }
        return context
    }

    private static func urlencode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private static func truncate(_ text: String, _ length: Int) -> String {
        guard text.count > length else { return text }
        var cut = text.prefix(length)
        while let last = cut.last, last.isWhitespace { cut.removeLast() }
        return cut + "…"
    }

    private static func money(_ cents: Int) -> String {
        let units = cents / 100
        let rest = cents % 100
        return "€\(units).\(rest < 10 ? "0" : "")\(rest)"
    }
}
