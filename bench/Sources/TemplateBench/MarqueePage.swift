import Foundation
import Templating

/// The movie-list page in Marquee's template language: a layout, a page that extends it,
/// and a card partial included 50 times, with conditionals and filters doing the formatting.
enum MarqueePage {
    static let templates: [String: String] = [
        "layouts/base.html": """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{% block title %}Marquee{% end %}</title>
            <link rel="stylesheet" href="/css/site.css">
            </head>
            <body>
            <header><nav><a href="/">Marquee</a> <a href="/movies"{% if active == "movies" %} class="active"{% end %}>Movies</a> \
            <a href="/showtimes"{% if active == "showtimes" %} class="active"{% end %}>Showtimes</a> \
            {% if user %}<a href="/account">{{ user.name }}</a>{% else %}<a href="/login">Log in</a>{% end %}</nav></header>
            <main>{% block content %}{% end %}</main>
            <footer>© {{ year }} Marquee Cinema · <a href="/about">About</a></footer>
            </body>
            </html>
            """,
        "pages/movies.html": """
            {% extends "layouts/base.html" %}
            {% set active = "movies" %}
            {% block title %}Now showing · {{ super() }}{% end %}
            {% block content %}<h1>Now showing</h1>
            <p class="count">{{ movies | length }} {{ movies | length | pluralize: "film", "films" }} this week</p>
            <ul class="movies">{% for movie in movies %}
            {% include "partials/movie-card.html" with movie=movie %}{% empty %}<li>Nothing showing</li>{% end %}
            </ul>{% end %}
            """,
        "partials/movie-card.html": """
            <li class="card{% if loop.first %} first{% end %}">
            <a href="/movies/{{ movie.id }}"><img src="/posters/{{ movie.poster | urlencode }}" alt="{{ movie.title }}" width="200" height="300"></a>
            <h2>{{ movie.title }}{% if movie.isNew %} <span class="badge">New</span>{% end %}</h2>
            <p class="meta">{{ movie.runtime }} min · {{ movie.rating }}/10 · {{ movie.genres | join: ", " }}</p>
            <p class="blurb">{{ movie.description | truncate: 120 }}</p>
            <p class="next">Next: {{ movie.nextShow | date: "EEE d MMM HH:mm" }} · from {{ movie.price | money }}</p>
            <p class="seats">{% if movie.soldOut %}<span class="sold-out">Sold out</span>\
            {% elif movie.seatsLeft < 20 %}<span class="few">Only {{ movie.seatsLeft }} {{ movie.seatsLeft | pluralize: "seat", "seats" }} left</span>\
            {% else %}<a class="book" href="/showtimes/{{ movie.showId }}">Book now</a>{% end %}</p>
            </li>
            """,
    ]

    static let options = TemplateLibrary.Options(timeZone: TimeZone(identifier: "UTC")!, currencyCode: "EUR")

    /// The context as plain template values (dictionaries), built once.
    static func context(_ page: MoviesPage) -> TemplateValue {
        [
            "movies": .array(page.movies.map { movie in
                [
                    "id": .int(movie.id),
                    "title": .string(movie.title),
                    "description": .string(movie.description),
                    "runtime": .int(movie.runtime),
                    "rating": .double(movie.rating),
                    "genres": .array(movie.genres.map { .string($0) }),
                    "poster": .string(movie.poster),
                    "nextShow": .date(movie.nextShow),
                    "showId": .int(movie.showId),
                    "price": .int(movie.price),
                    "seatsLeft": .int(movie.seatsLeft),
                    "isNew": .bool(movie.isNew),
                    "soldOut": .bool(movie.soldOut),
                ]
            }),
            "user": page.userName.map { ["name": .string($0)] } ?? .null,
            "year": .int(page.year),
        ]
    }

    /// The context as app types adopting TemplateObject: what a controller hands over per
    /// request without copying its view models into dictionaries.
    static func objectContext(_ page: MoviesPage) -> TemplateValue {
        .object(PageObject(page: page))
    }

    struct PageObject: TemplateObject {
        let page: MoviesPage
        func value(forKey key: String) -> TemplateValue? {
            switch key {
            case "movies": .array(page.movies.map { .object(MovieObject(movie: $0)) })
            case "user": page.userName.map { .dictionary(["name": .string($0)]) } ?? .null
            case "year": .int(page.year)
            default: nil
            }
        }
    }

    struct MovieObject: TemplateObject {
        let movie: Movie
        func value(forKey key: String) -> TemplateValue? {
            switch key {
            case "id": .int(movie.id)
            case "title": .string(movie.title)
            case "description": .string(movie.description)
            case "runtime": .int(movie.runtime)
            case "rating": .double(movie.rating)
            case "genres": .array(movie.genres.map { .string($0) })
            case "poster": .string(movie.poster)
            case "nextShow": .date(movie.nextShow)
            case "showId": .int(movie.showId)
            case "price": .int(movie.price)
            case "seatsLeft": .int(movie.seatsLeft)
            case "isNew": .bool(movie.isNew)
            case "soldOut": .bool(movie.soldOut)
            default: nil
            }
        }
    }
}
