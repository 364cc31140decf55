import Foundation
import Testing
import Templating

struct OutputTests {
    @Test func scalarsPrint() throws {
        let context: TemplateValue = ["s": "x", "i": -42, "d": 3.5, "t": true, "f": false, "n": nil]
        #expect(try render("{{ s }}|{{ i }}|{{ d }}|{{ t }}|{{ f }}|{{ n }}|", context) == "x|-42|3.5|true|false||")
    }

    @Test func datesPrintAsISO8601InUTC() throws {
        let date = Date(timeIntervalSince1970: 1_750_015_800)
        #expect(try render("{{ d }}", ["d": .date(date)]) == "2025-06-15T19:30:00Z")
    }

    @Test func dottedPathsAndIndexes() throws {
        let context: TemplateValue = [
            "movie": ["title": "Dune", "hall": ["name": "IMAX", "rows": ["A", "B", "C"]]],
            "key": "title",
        ]
        #expect(try render("{{ movie.title }}", context) == "Dune")
        #expect(try render("{{ movie.hall.name }}", context) == "IMAX")
        #expect(try render("{{ movie.hall.rows[1] }}", context) == "B")
        #expect(try render("{{ movie.hall.rows[-1] }}", context) == "C")
        #expect(try render(#"{{ movie["title"] }}"#, context) == "Dune")
        #expect(try render("{{ movie[key] }}", context) == "Dune")
        #expect(try render(#"{{ movie["hall"].rows[0] }}"#, context) == "A")
    }

    @Test func missingValuesRenderEmptyOutsideStrictMode() throws {
        let context: TemplateValue = ["movie": ["title": "Dune"], "rows": ["A"]]
        #expect(try render("[{{ nope }}][{{ movie.nope }}][{{ movie.title.deeper }}][{{ rows[5] }}][{{ nope.x.y }}]", context) == "[][][][][]")
    }

    @Test func literals() throws {
        #expect(try render(#"{{ "dq" }} {{ 'sq' }} {{ 42 }} {{ -7 }} {{ 3.25 }} {{ true }} {{ null }}."#) == "dq sq 42 -7 3.25 true .")
        #expect(try render(#"{{ "a \"quoted\" \\ word" }}"#) == "a &quot;quoted&quot; \\ word")
        #expect(try render(#"{{ "}}" }}"#) == "}}")
    }

    @Test func comparisons() throws {
        let context: TemplateValue = ["n": 3, "x": 2.5, "s": "b", "t": true]
        let cases: [(String, String)] = [
            ("n == 3", "true"), ("n != 3", "false"), ("n < 4", "true"), ("n > 4", "false"),
            ("n <= 3", "true"), ("n >= 3.5", "false"), ("x < n", "true"), ("n == 3.0", "true"),
            (#"s == "b""#, "true"), (#"s < "c""#, "true"), (#"s > "a""#, "true"), (#"n == "3""#, "false"),
            ("t == true", "true"), ("null == missing", "true"),
        ]
        for (expression, expected) in cases {
            #expect(try render("{{ \(expression) }}", context) == expected, "\(expression)")
        }
    }

    @Test func booleanOperators() throws {
        let context: TemplateValue = ["yes": true, "no": false, "zero": 0, "name": "", "items": [], "map": [:]]
        #expect(try render("{{ yes and not no }}", context) == "true")
        #expect(try render("{{ no or zero }}", context) == "0")
        #expect(try render(#"{{ name or "anonymous" }}"#, context) == "anonymous")
        #expect(try render("{{ not items and not map and not name and not null }}", context) == "true")
        #expect(try render("{{ not (yes and no) }}", context) == "true")
        #expect(try render("{{ no and missing.deep }}", context) == "false")
        // `and` binds tighter than `or`.
        #expect(try render("{{ yes or no and no }}", context) == "true")
        #expect(try render("{{ (yes or no) and no }}", context) == "false")
    }

    @Test func filtersBindTighterThanComparisons() throws {
        let context: TemplateValue = ["movies": ["a", "b"], "none": []]
        #expect(try render("{% if movies | length > 1 %}many{% end %}", context) == "many")
        #expect(try render("{% if none | length > 0 %}some{% else %}none{% end %}", context) == "none")
        #expect(try render("{{ movies | length == 2 and none | length == 0 }}", context) == "true")
    }

    @Test func commentsRenderNothing() throws {
        #expect(try render("a{# a comment with {{ tags }} and {% if %} #}b") == "ab")
        #expect(try render("a{#\n multi\n line\n#}b") == "ab")
    }

    @Test func whitespaceControl() throws {
        let context: TemplateValue = ["items": [1, 2]]
        #expect(try render("<ul>\n  {%- for i in items -%}\n  <li>{{ i }}</li>\n  {%- end -%}\n</ul>", context) == "<ul><li>1</li><li>2</li></ul>")
        #expect(try render("a   {{- \"b\" -}}   \n c") == "abc")
        #expect(try render("a \n{{ \"b\" -}} \n c") == "a \nbc")
        #expect(try render("a \n{{- \"b\" }} \n c") == "ab \n c")
        #expect(try render("a\n  {#- note -#}\n  b") == "ab")
        #expect(try render("x {{{- \"<i>\" -}}} y") == "x<i>y")
    }
}

struct ConditionalTests {
    @Test(arguments: [(5, "big"), (2, "small"), (0, "zero"), (-1, "negative")])
    func ifElifElse(n: Int, expected: String) throws {
        let source = "{% if n > 3 %}big{% elif n > 0 %}small{% elif n == 0 %}zero{% else %}negative{% endif %}"
        #expect(try render(source, ["n": .int(n)]) == expected)
    }

    @Test func truthiness() throws {
        let falsy: [TemplateValue] = [nil, false, 0, 0.0, "", [], [:]]
        for value in falsy {
            #expect(try render("{% if v %}T{% else %}F{% end %}", ["v": value]) == "F")
        }
        let truthy: [TemplateValue] = [true, 1, -1, 0.5, "0", " ", [0], ["k": nil], .date(Date())]
        for value in truthy {
            #expect(try render("{% if v %}T{% else %}F{% end %}", ["v": value]) == "T")
        }
    }

    @Test func nestedConditionals() throws {
        let source = "{% if a %}{% if b %}ab{% else %}a{% end %}{% elif b %}b{% end %}"
        #expect(try render(source, ["a": true, "b": true]) == "ab")
        #expect(try render(source, ["a": true, "b": false]) == "a")
        #expect(try render(source, ["a": false, "b": true]) == "b")
        #expect(try render(source, ["a": false, "b": false]) == "")
    }
}

struct LoopTests {
    @Test func loopVariables() throws {
        let source = "{% for x in xs %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.length }}/{{ loop.revindex }}/{{ loop.revindex0 }}:{{ x }}{% if loop.first %}F{% end %}{% if loop.last %}L{% end %};{% endfor %}"
        #expect(try render(source, ["xs": ["a", "b", "c"]]) == "1/0/3/3/2:aF;2/1/3/2/1:b;3/2/3/1/0:cL;")
    }

    @Test func emptyBranch() throws {
        let source = "{% for x in xs %}{{ x }}{% empty %}none{% end %}"
        #expect(try render(source, ["xs": []]) == "none")
        #expect(try render(source, ["xs": nil]) == "none")
        #expect(try render(source, [:]) == "none")
        #expect(try render(source, ["xs": [1]]) == "1")
    }

    @Test func nestedLoopsWithLoopVariables() throws {
        let context: TemplateValue = [
            "days": [
                ["name": "Mon", "times": ["18:00", "21:00"]],
                ["name": "Tue", "times": ["20:00"]],
            ],
        ]
        let source = """
            {% for day in days %}{{ loop.index }}.{{ day.name }}[{% for t in day.times %}{{ loop.index }}={{ t }}{% if not loop.last %},{% end %}{% end %}]{% if loop.last %}!{% end %}{% if not loop.last %} {% end %}{% end %}
            """
        #expect(try render(source, context) == "1.Mon[1=18:00,2=21:00] 2.Tue[1=20:00]!")
    }

    @Test func outerLoopVariableStaysVisibleInInnerLoop() throws {
        let source = "{% for row in rows %}{% for seat in row.seats %}{{ row.label }}{{ seat }} {% end %}{% end %}"
        let context: TemplateValue = ["rows": [["label": "A", "seats": [1, 2]], ["label": "B", "seats": [1]]]]
        #expect(try render(source, context) == "A1 A2 B1 ")
    }

    @Test func dictionaryInKeyOrder() throws {
        let context: TemplateValue = ["prices": ["child": 800, "adult": 1250, "senior": 900]]
        let source = "{% for name, cents in prices %}{{ loop.index }}:{{ name }}={{ cents | money }} {% end %}"
        #expect(try render(source, context) == "1:adult=€12.50 2:child=€8.00 3:senior=€9.00 ")
        #expect(try render("{% for name in prices %}{{ name }} {% end %}", context) == "adult child senior ")
    }

    @Test func keyAndValueOverArray() throws {
        #expect(try render("{% for i, x in xs %}{{ i }}{{ x }} {% end %}", ["xs": ["a", "b"]]) == "0a 1b ")
    }

    @Test func loopVariableShadowsAndIsRestored() throws {
        let source = "{{ x }}{% for x in xs %}{{ x }}{% end %}{{ x }}"
        #expect(try render(source, ["x": "o", "xs": [1, 2]]) == "o12o")
    }

    @Test func loopOverObjectsWithKeys() throws {
        let source = "{% for key, value in seat %}{{ key }}={{ value }};{% end %}"
        #expect(try render(source, ["seat": .object(Seat(row: "C", number: 7))]) == "row=C;number=7;")
    }
}

struct SetTests {
    @Test func setAssignsInCurrentScope() throws {
        #expect(try render(#"{% set greeting = "Hi " %}{{ greeting }}{{ name | upper }}"#, ["name": "ana"]) == "Hi ANA")
        #expect(try render("{% set n = xs | length %}{% if n > 1 %}{{ n }} items{% end %}", ["xs": [1, 2, 3]]) == "3 items")
    }

    @Test func setInsideLoopIsLocalToTheIteration() throws {
        let source = "{% set label = \"out\" %}{% for x in xs %}{% if loop.first %}{% set label = \"first\" %}{% end %}{{ label }} {% end %}{{ label }}"
        #expect(try render(source, ["xs": [1, 2]]) == "first out out")
    }

    @Test func setInsideIfWritesTheEnclosingScope() throws {
        #expect(try render("{% if true %}{% set a = 1 %}{% end %}{{ a }}") == "1")
    }

    @Test func setReassigns() throws {
        #expect(try render("{% set a = 1 %}{% set a = a == 1 %}{{ a }}") == "true")
    }
}

struct IncludeTests {
    @Test func includeSeesTheContext() throws {
        let templates = ["partials/hello.html": "Hello {{ name }}!"]
        #expect(try render("<p>{% include \"partials/hello.html\" %}</p>", ["name": "Ana"], templates: templates) == "<p>Hello Ana!</p>")
    }

    @Test func includeWithArguments() throws {
        let templates = [
            "partials/card.html": #"<div class="card{% if compact %} compact{% end %}">{{ movie.title }} ({{ label }})</div>"#
        ]
        let source = #"{% for m in movies %}{% include "partials/card.html" with movie=m, compact=loop.last, label=loop.index %}{% end %}"#
        let context: TemplateValue = ["movies": [["title": "Dune"], ["title": "Alien"]]]
        #expect(
            try render(source, context, templates: templates)
                == #"<div class="card">Dune (1)</div><div class="card compact">Alien (2)</div>"#
        )
    }

    @Test func includeArgumentsDoNotLeak() throws {
        let templates = ["p.html": "{% set inner = 1 %}{{ a }}"]
        #expect(try render(#"{% include "p.html" with a="x" %}[{{ a }}{{ inner }}]"#, templates: templates) == "x[]")
    }

    @Test func includesNest() throws {
        let templates = [
            "a.html": #"A({% include "b.html" with depth=2 %})"#,
            "b.html": "B{{ depth }}{{ top }}",
        ]
        #expect(try render(#"{% include "a.html" %}"#, ["top": "!"], templates: templates) == "A(B2!)")
    }
}

/// A value type that templates read by key.
struct Seat: TemplateObject {
    let row: String
    let number: Int

    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "row": .string(row)
        case "number": .int(number)
        default: nil
        }
    }

    var templateKeys: [String]? { ["row", "number"] }
}
