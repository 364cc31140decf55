import Foundation
import Testing
import Templating

struct FilterTests {
    @Test func date() throws {
        // 2025-06-15 19:30 UTC is 21:30 in Amsterdam (summer time).
        let context: TemplateValue = ["start": .date(Date(timeIntervalSince1970: 1_750_015_800))]
        #expect(try render(#"{{ start | date: "EEE d MMM" }}"#, context, options: amsterdam) == "Sun 15 Jun")
        #expect(try render(#"{{ start | date: "EEEE d MMMM yyyy, HH:mm" }}"#, context, options: amsterdam) == "Sunday 15 June 2025, 21:30")
        #expect(try render(#"{{ start | date: "h:mm a 'o''clock'" }}"#, context, options: amsterdam) == "9:30 PM o&#39;clock")
        let utc = TemplateLibrary.Options(timeZone: TimeZone(identifier: "UTC")!)
        #expect(try render(#"{{ start | date: "yyyy-MM-dd HH:mm:ss" }}"#, context, options: utc) == "2025-06-15 19:30:00")
        // A pattern held in a variable goes through the same per-pattern cache.
        #expect(try render("{{ start | date: pattern }}", ["start": .date(Date(timeIntervalSince1970: 1_750_015_800)), "pattern": "d/M"], options: utc) == "15/6")
        #expect(try render(#"[{{ missing | date: "d" }}]"#, options: utc) == "[]")
    }

    @Test func dateUsesTheLibraryLocale() throws {
        let context: TemplateValue = ["start": .date(Date(timeIntervalSince1970: 1_750_015_800))]
        let options = TemplateLibrary.Options(timeZone: TimeZone(identifier: "Europe/Paris")!, locale: Locale(identifier: "fr_FR"))
        let expected = { () -> String in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "fr_FR")
            formatter.timeZone = TimeZone(identifier: "Europe/Paris")!
            formatter.dateFormat = "EEEE d MMMM"
            return formatter.string(from: Date(timeIntervalSince1970: 1_750_015_800))
        }()
        #expect(try render(#"{{ start | date: "EEEE d MMMM" }}"#, context, options: options) == expected)
        #expect(expected.hasPrefix("dimanche"))
    }

    @Test func money() throws {
        #expect(try render("{{ p | money }}", ["p": 1250]) == "€12.50")
        #expect(try render("{{ p | money }}", ["p": 5]) == "€0.05")
        #expect(try render("{{ p | money }}", ["p": -123_456_789]) == "-€1,234,567.89")
        #expect(try render("{{ p | money }}", ["p": .int(Int.min)]) == "-€92,233,720,368,547,758.07")
        #expect(try render("{{ p | money }}", ["p": .int(Int.max)]) == "€92,233,720,368,547,758.07")
        #expect(try render("{{ p | money }}", ["p": 1250], options: .init(currencyCode: "USD")) == "$12.50")
        #expect(try render(#"{{ p | money: "GBP" }} {{ p | money: "CHF" }} {{ p | money: "JPY" }}"#, ["p": 1250]) == "£12.50 CHF 12.50 ¥1,250")
    }

    @Test func defaultFilter() throws {
        #expect(try render(#"{{ a | default: "—" }}|{{ b | default: "—" }}|{{ c | default: "—" }}|{{ d | default: "—" }}"#, ["b": "", "c": "x", "d": 0]) == "—|—|x|0")
    }

    @Test func caseFilters() throws {
        #expect(try render("{{ s | upper }} {{ s | lower }} {{ s | capitalize }} {{ s | title }}", ["s": "the DARK knight"]) == "THE DARK KNIGHT the dark knight The dark knight The Dark Knight")
        #expect(try render("[{{ s | trim }}]", ["s": "  x \n"]) == "[x]")
    }

    @Test func truncate() throws {
        let text = "A desert planet, a noble family and a prophecy."
        #expect(try render("{{ t | truncate: 16 }}", ["t": .string(text)]) == "A desert planet,…")
        #expect(try render("{{ t | truncate: 15 }}", ["t": .string(text)]) == "A desert planet…")
        #expect(try render("{{ t | truncate: 9 }}", ["t": .string(text)]) == "A desert…")
        #expect(try render("{{ t | truncate: 120 }}", ["t": .string(text)]) == text)
        #expect(try render("{{ t | truncate: 3 }}", ["t": "été!"]) == "été…")
        // Characters, not bytes: a combining accent after ASCII, and CR LF, are one character each.
        let combining = "abcdefghijklmnopqrst" + "e\u{301}" + "uvwxyz0123"
        #expect(try render("{{ t | truncate: 21 }}", ["t": .string(combining)]) == "abcdefghijklmnopqrste\u{301}…")
        #expect(try render("{% set r = t | truncate: 21 %}{{ r }}", ["t": .string(combining)]) == "abcdefghijklmnopqrste\u{301}…")
        let crlf = "abcdefghij\r\nklmnopqrstuvwxyz"
        #expect(try render("{{ t | truncate: 12 }}", ["t": .string(crlf)]) == "abcdefghij\r\nk…")
        #expect(try render("{{ t | truncate: 20 }}", ["t": .string(String(repeating: "x", count: 19) + "\u{1F3AC}")]) == String(repeating: "x", count: 19) + "\u{1F3AC}")
    }

    @Test func pluralize() throws {
        let source = #"{{ n }} {{ n | pluralize: "seat", "seats" }}"#
        #expect(try render(source, ["n": 0]) == "0 seats")
        #expect(try render(source, ["n": 1]) == "1 seat")
        #expect(try render(source, ["n": 2]) == "2 seats")
        #expect(try render(#"{{ n | pluralize: "ticket" }}"#, ["n": 3]) == "tickets")
        #expect(try render("seat{{ n | pluralize }}", ["n": 1]) == "seat")
        #expect(try render(#"{{ xs | pluralize: "film", "films" }}"#, ["xs": [1]]) == "film")
        #expect(try render(#"[{{ n | pluralize: "seat", "seats" }}]"#, ["n": nil]) == "[]")
        #expect(try render(#"{{ n | pluralize: "seat", "seats" | default: "?" }}"#, ["n": nil]) == "?")
    }

    @Test func urlencode() throws {
        #expect(try render("/search?q={{ q | urlencode }}", ["q": "Amélie & co/2 ~x"]) == "/search?q=Am%C3%A9lie%20%26%20co%2F2%20~x")
    }

    @Test func json() throws {
        let value: TemplateValue = ["b": [1, 2.5, true, nil], "a": "x\n\"y\"", "d": .date(Date(timeIntervalSince1970: 0))]
        #expect(try render("{{{ v | json }}}", ["v": value]) == #"{"a":"x\n\"y\"","b":[1,2.5,true,null],"d":"1970-01-01T00:00:00Z"}"#)
    }

    @Test func collectionFilters() throws {
        let context: TemplateValue = ["genres": ["Drama", "Sci-Fi", "Adventure"], "title": "Dune", "map": ["a": 1]]
        #expect(try render(#"{{ genres | join: ", " }}"#, context) == "Drama, Sci-Fi, Adventure")
        #expect(try render("{{ genres | join }}", context) == "DramaSci-FiAdventure")
        #expect(try render("{{ genres | first }} {{ genres | last }} {{ title | first }} {{ title | last }}", context) == "Drama Adventure D e")
        #expect(try render("{{ genres | length }} {{ title | length }} {{ map | length }} {{ none | length }}", context) == "3 4 1 0")
    }

    @Test func chainedLeftToRight() throws {
        let context: TemplateValue = ["genres": ["drama", "sci-fi"], "blurb": "a very long description indeed"]
        #expect(try render(#"{{ genres | join: " / " | upper | truncate: 10 }}"#, context) == "DRAMA / SC…")
        #expect(try render(#"{{ missing | default: "none" | upper }}"#, context) == "NONE")
        #expect(try render(#"{{ genres | first | capitalize | default: "?" }}"#, context) == "Drama")
        #expect(try render(#"{{ blurb | truncate: 6 | length }}"#, context) == "7")
    }

    @Test func filterArgumentsCanBeVariables() throws {
        #expect(try render("{{ s | truncate: n }}", ["s": "abcdef", "n": 3]) == "abc…")
        #expect(try render("{{ xs | join: sep }}", ["xs": [1, 2], "sep": "+"]) == "1+2")
    }

    @Test func appRegistersItsOwnFilters() throws {
        let stars = TemplateFilter(
            name: "stars",
            arguments: 0...1,
            validate: { arguments in
                if case .int(let max)? = arguments.first, max <= 0 { return "expected a positive maximum" }
                return nil
            },
            apply: { value, arguments in
                guard case .int(let rating) = value else { throw TemplateFilterError("expected an integer rating") }
                var maximum = 5
                if case .int(let max)? = arguments.first { maximum = max }
                return .string(String(repeating: "★", count: rating) + String(repeating: "☆", count: maximum - rating))
            }
        )
        let options = TemplateLibrary.Options(filters: [stars])
        #expect(try render("{{ r | stars }} {{ r | stars: 4 }}", ["r": 3], options: options) == "★★★☆☆ ★★★☆")
        let error = compileError(["t.html": "\n  {{ r | stars: 0 }}"], options: options)
        #expect(error?.description == "t.html:2:17: filter 'stars': expected a positive maximum")
        #expect(error?.kind == .filterArguments)
    }

    @Test func appFiltersReplaceBuiltins() throws {
        let shout = TemplateFilter(name: "upper") { value, _ in
            guard case .string(let text) = value else { return value }
            return .string(text.uppercased() + "!")
        }
        #expect(try render("{{ s | upper }}", ["s": "hi"], options: .init(filters: [shout])) == "HI!")
    }

    @Test func filterFailuresCarryThePosition() throws {
        let library = try TemplateLibrary(templates: ["t.html": "<p>\n{{ n | upper }}</p>"])
        #expect(throws: TemplateError(file: "t.html", line: 2, column: 8, kind: .render, message: "filter 'upper': expected a string, got an integer")) {
            try library.render("t.html", ["n": 3])
        }
    }
}

/// Built-ins that write straight into the output (the last filter of a `{{ }}`) must print
/// what their value-returning form prints (used inside `set`, `if` and filter chains).
struct FilterWriterTests {
    static let cases: [(filter: String, input: TemplateValue)] = [
        (#"date: "EEE d MMM 'at' h a""#, .date(Date(timeIntervalSince1970: 1_750_015_800))),
        (#"date: "d MMM zzz""#, .date(Date(timeIntervalSince1970: 1_750_015_800))),
        (#"date: "h 'o''clock'""#, .date(Date(timeIntervalSince1970: 1_750_015_800))),
        ("money", 123_456),
        (#"money: "USD""#, -5),
        ("truncate: 5", "Tom & Jerry's <show>"),
        ("truncate: 5", "Amélie Poulain"),
        ("truncate: 50", "short & sweet"),
        (#"pluralize: "seat", "seats""#, 1),
        (#"pluralize: "<b>", "<i>""#, 2),
        ("urlencode", "a b&c/é"),
        (#"join: " & ""#, ["a<", 1, 2.5, true, nil]),
        ("join", []),
    ]

    @Test(arguments: 0..<cases.count)
    func writerMatchesValue(_ index: Int) throws {
        let (filter, input) = Self.cases[index]
        let options = TemplateLibrary.Options(timeZone: TimeZone(identifier: "UTC")!)
        let direct = try render("{{ x | \(filter) }}", ["x": input], options: options)
        let viaSet = try render("{% set r = x | \(filter) %}{{ r }}", ["x": input], options: options)
        let raw = try render("{{{ x | \(filter) }}}", ["x": input], options: options)
        let rawViaSet = try render("{% set r = x | \(filter) %}{{{ r }}}", ["x": input], options: options)
        #expect(direct == viaSet)
        #expect(raw == rawViaSet)
        #expect(!direct.isEmpty || filter == "join")
    }

    @Test func writerPathEscapes() throws {
        #expect(try render(#"{{ x | join: " & " }}"#, ["x": ["<a>", "b"]]) == "&lt;a&gt; &amp; b")
        #expect(try render("{{ x | truncate: 5 }}", ["x": "Tom & Jerry"]) == "Tom &amp;…")
        #expect(try render(#"{{ x | pluralize: "<b>", "<i>" }}"#, ["x": 2]) == "&lt;i&gt;")
    }
}
