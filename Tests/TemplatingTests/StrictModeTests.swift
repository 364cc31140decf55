import Testing
import Templating

/// Strict mode turns silently empty output into errors with a position, so tests catch typos.
struct StrictModeTests {
    let strict = TemplateLibrary.Options(strict: true)

    @Test func misspelledVariable() throws {
        let library = try TemplateLibrary(
            templates: ["pages/movie.html": "<h1>{{ movie.title }}</h1>\n<p>{{ moive.runtime }} min</p>"],
            options: strict
        )
        let context: TemplateValue = ["movie": ["title": "Dune", "runtime": 155]]
        let error = try #require(throws: TemplateError.self) { try library.render("pages/movie.html", context) }
        #expect(error.description == "pages/movie.html:2:7: undefined variable 'moive'; did you mean 'movie'?")
        #expect(error.kind == .undefinedVariable)
        // The same template renders empty in production.
        let production = try TemplateLibrary(templates: ["pages/movie.html": "<p>{{ moive.runtime }} min</p>"])
        #expect(try production.render("pages/movie.html", context) == "<p> min</p>")
    }

    @Test func misspelledKey() throws {
        let error = try #require(throws: TemplateError.self) {
            try render("{% if movie.title %}\n  {{ movie.titel }}{% end %}", ["movie": ["title": "Dune"]], options: strict)
        }
        #expect(error.description == "t.html:2:12: 'movie' has no key 'titel'; did you mean 'title'?")
    }

    @Test func misspelledKeyOfAnObject() throws {
        let error = try #require(throws: TemplateError.self) {
            try render("{{ seat.numbr }}", ["seat": .object(Seat(row: "A", number: 1))], options: strict)
        }
        #expect(error.description == "t.html:1:9: 'seat' has no key 'numbr'; did you mean 'number'?")
    }

    @Test func misspelledLoopVariableInsideAnInclude() throws {
        let templates = ["partials/row.html": "<td>{{ sete }}</td>"]
        let error = try #require(throws: TemplateError.self) {
            try render(#"{% for seat in seats %}{% include "partials/row.html" %}{% end %}"#, ["seats": [1]], templates: templates, options: strict)
        }
        #expect(error.description == "partials/row.html:1:8: undefined variable 'sete'; did you mean 'seat'?")
    }

    @Test func nullIsDefined() throws {
        // Optional values passed as null are fine; only absent names are errors.
        #expect(try render("{% if user %}{{ user.name }}{% else %}guest{% end %}", ["user": nil], options: strict) == "guest")
    }

    @Test func defaultAcceptsUndefined() throws {
        #expect(try render(#"{{ subtitle | default: "—" }}"#, options: strict) == "—")
        #expect(try render(#"{{ movie.subtitle | default: "" }}"#, ["movie": [:]], options: strict) == "")
    }

    @Test func typeMistakesAreErrors() throws {
        let outputError = try #require(throws: TemplateError.self) { try render("x{{ movies }}", ["movies": [1]], options: strict) }
        #expect(outputError.description == "t.html:1:2: cannot output an array; loop over it or use a filter such as join or json")
        let compareError = try #require(throws: TemplateError.self) { try render(#"{{ n < "3" }}"#, ["n": 2], options: strict) }
        #expect(compareError.description == #"t.html:1:6: cannot compare an integer with a string using '<'"#)
        let loopError = try #require(throws: TemplateError.self) { try render("{% for c in title %}{% end %}", ["title": "x"], options: strict) }
        #expect(loopError.description == "t.html:1:1: cannot loop over a string; expected an array or a dictionary")
        // In production they render nothing.
        #expect(try render("x{{ movies }}{{ n < \"3\" }}{% for c in title %}{% end %}", ["movies": [1], "n": 2, "title": "x"]) == "xfalse")
    }

    @Test func loopOutsideALoop() throws {
        let error = try #require(throws: TemplateError.self) { try render("{{ loop.index }}", options: strict) }
        #expect(error.description == "t.html:1:4: 'loop.index' is only defined inside a for loop")
    }

    @Test func readingFromNull() throws {
        let error = try #require(throws: TemplateError.self) { try render("{{ user.name }}", ["user": nil], options: strict) }
        #expect(error.description == "t.html:1:9: cannot read 'name' of null ('user' is null)")
    }
}
