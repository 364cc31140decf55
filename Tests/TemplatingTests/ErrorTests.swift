import Testing
import Templating

/// Every mistake is reported at start-up as file:line:column with what was expected.
struct ErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let templates: [String: String]
        let kind: TemplateError.Kind
        let expected: String
        var testDescription: String { name }
    }

    static let base = "<main>{% block content %}{% end %}</main>"

    static let cases: [Case] = [
        Case(
            name: "unclosed output tag",
            templates: ["t.html": "<p>\n{{ title"],
            kind: .syntax,
            expected: "t.html:2:1: '{{' is never closed; expected '}}' before the end of the file"
        ),
        Case(
            name: "half-closed output tag",
            templates: ["t.html": "<h1>{{ title }</h1>"],
            kind: .syntax,
            expected: "t.html:1:14: unexpected '}' in '{{' opened at 1:5; expected '}}' or an expression"
        ),
        Case(
            name: "unclosed comment",
            templates: ["t.html": "a\n  {# note"],
            kind: .syntax,
            expected: "t.html:2:3: '{#' is never closed; expected '#}' before the end of the file"
        ),
        Case(
            name: "unclosed block",
            templates: ["t.html": "<ul>\n  {% for m in movies %}\n  <li>{{ m }}</li>\n</ul>\n"],
            kind: .unclosedBlock,
            expected: "t.html:2:3: '{% for %}' is never closed; expected '{% end %}' or '{% endfor %}' before the end of the file"
        ),
        Case(
            name: "stray end",
            templates: ["t.html": "<p>a</p>\n{% end %}"],
            kind: .unexpectedTag,
            expected: "t.html:2:1: unexpected '{% end %}': there is no open block to close"
        ),
        Case(
            name: "end that does not match",
            templates: ["t.html": "{% if a %}\n  x\n  {% endfor %}"],
            kind: .unexpectedTag,
            expected: "t.html:3:3: unexpected '{% endfor %}' inside '{% if %}' opened at 1:1; expected '{% end %}' or '{% endif %}'"
        ),
        Case(
            name: "elif after else",
            templates: ["t.html": "{% if a %}1{% else %}2{% elif b %}3{% end %}"],
            kind: .unexpectedTag,
            expected: "t.html:1:23: unexpected '{% elif %}' inside '{% if %}' opened at 1:1; expected '{% end %}' or '{% endif %}' (after '{% else %}' at 1:12)"
        ),
        Case(
            name: "name missing after a dot",
            templates: ["t.html": "{{ movie. }}"],
            kind: .syntax,
            expected: "t.html:1:11: expected a name after '.', found the end of the tag"
        ),
        Case(
            name: "comparison without right side",
            templates: ["t.html": "{% if a == %}x{% end %}"],
            kind: .syntax,
            expected: "t.html:1:12: expected an expression, found the end of the tag"
        ),
        Case(
            name: "two names in a row",
            templates: ["t.html": "{{ a b }}"],
            kind: .syntax,
            expected: "t.html:1:6: unexpected 'b'; expected '}}'"
        ),
        Case(
            name: "unterminated string",
            templates: ["t.html": #"{{ "abc }}"#],
            kind: .syntax,
            expected: #"t.html:1:4: string is never closed; expected " before the end of the line"#
        ),
        Case(
            name: "unknown tag",
            templates: ["t.html": "{% fore x in xs %}"],
            kind: .syntax,
            expected: "t.html:1:4: unknown tag 'fore'; did you mean 'for'?"
        ),
        Case(
            name: "unknown loop attribute",
            templates: ["t.html": "{% for x in xs %}{{ loop.idx }}{% end %}"],
            kind: .syntax,
            expected: "t.html:1:26: unknown loop attribute 'idx'; expected one of loop.index, loop.index0, loop.first, loop.last, loop.length, loop.revindex, loop.revindex0"
        ),
        Case(
            name: "unknown filter",
            templates: ["t.html": "<p>{{ title | uper }}</p>"],
            kind: .unknownFilter,
            expected: "t.html:1:15: unknown filter 'uper'; did you mean 'upper'?"
        ),
        Case(
            name: "columns count characters, not bytes",
            templates: ["t.html": "é {{ x | nope }}"],
            kind: .unknownFilter,
            expected: "t.html:1:10: unknown filter 'nope'"
        ),
        Case(
            name: "bad filter argument",
            templates: ["t.html": "{{ d | date: 42 }}"],
            kind: .filterArguments,
            expected: #"t.html:1:14: filter 'date': expected a date pattern such as "EEE d MMM", got an integer"#
        ),
        Case(
            name: "missing filter argument",
            templates: ["t.html": "\n{{ t | truncate }}"],
            kind: .filterArguments,
            expected: "t.html:2:8: filter 'truncate' takes 1 argument, got 0; write 'truncate: ...'"
        ),
        Case(
            name: "extra filter argument",
            templates: ["t.html": "{{ t | upper: 1 }}"],
            kind: .filterArguments,
            expected: "t.html:1:15: filter 'upper' takes no arguments, got 1"
        ),
        Case(
            name: "missing include target",
            templates: ["t.html": "x\n{% include \"partials/crad.html\" %}", "partials/card.html": "card"],
            kind: .missingTemplate,
            expected: "t.html:2:12: no template named 'partials/crad.html'; did you mean 'partials/card.html'?"
        ),
        Case(
            name: "missing extends target",
            templates: ["t.html": #"{% extends "layouts/base.htm" %}"#, "layouts/base.html": base],
            kind: .missingTemplate,
            expected: "t.html:1:12: no template named 'layouts/base.htm'; did you mean 'layouts/base.html'?"
        ),
        Case(
            name: "include cycle",
            templates: ["a.html": #"A{% include "b.html" %}"#, "b.html": "B\n  {% include \"a.html\" %}"],
            kind: .cycle,
            expected: "b.html:2:14: templates include or extend each other in a circle: a.html → b.html → a.html"
        ),
        Case(
            name: "self include",
            templates: ["a.html": #"{% if deep %}{% include "a.html" %}{% end %}"#],
            kind: .cycle,
            expected: "a.html:1:25: templates include or extend each other in a circle: a.html → a.html"
        ),
        Case(
            name: "extends cycle",
            templates: ["a.html": #"{% extends "b.html" %}"#, "b.html": #"{% extends "a.html" %}"#],
            kind: .cycle,
            expected: "b.html:1:12: templates include or extend each other in a circle: a.html → b.html → a.html"
        ),
        Case(
            name: "text outside blocks in a child",
            templates: ["t.html": "{% extends \"base.html\" %}\n\n   oops\n{% block content %}{% end %}", "base.html": base],
            kind: .inheritance,
            expected: "t.html:3:4: text outside '{% block %}' in a template that extends 'base.html'; put it inside a block"
        ),
        Case(
            name: "output outside blocks in a child",
            templates: ["t.html": "{% extends \"base.html\" %}\n{{ title }}", "base.html": base],
            kind: .inheritance,
            expected: "t.html:2:1: content outside '{% block %}' in a template that extends 'base.html'; put it inside a block"
        ),
        Case(
            name: "block the layouts do not have",
            templates: ["t.html": "{% extends \"base.html\" %}\n{% block contnet %}x{% end %}", "base.html": base],
            kind: .inheritance,
            expected: "t.html:2:1: block 'contnet' is not defined in 'base.html' or its layouts, so it would never render; did you mean 'content'?"
        ),
        Case(
            name: "extends after content",
            templates: ["t.html": "<p>\n{% extends \"base.html\" %}", "base.html": base],
            kind: .inheritance,
            expected: "t.html:2:1: '{% extends %}' must be the first tag of the template, before any text or other tag"
        ),
        Case(
            name: "duplicate block",
            templates: ["t.html": "{% block a %}{% end %}\n{% block a %}{% end %}"],
            kind: .inheritance,
            expected: "t.html:2:10: block 'a' is already defined at 1:1; block names must be unique in a file"
        ),
        Case(
            name: "super outside a block",
            templates: ["t.html": "<p>{{ super() }}</p>"],
            kind: .inheritance,
            expected: "t.html:1:7: super() outside a block; it renders the layout's version of the enclosing block"
        ),
        Case(
            name: "super without a parent block",
            templates: ["t.html": "{% block a %}\n  {{ super() }}{% end %}"],
            kind: .inheritance,
            expected: "t.html:2:6: super() in block 'a' has nothing to render: this template extends no layout"
        ),
        Case(
            name: "endblock with the wrong name",
            templates: ["t.html": "{% block a %}x{% endblock b %}"],
            kind: .unexpectedTag,
            expected: "t.html:1:27: '{% endblock b %}' closes block 'a' opened at 1:1"
        ),
        Case(
            name: "reserved loop variable",
            templates: ["t.html": "{% for loop in xs %}{% end %}"],
            kind: .syntax,
            expected: "t.html:1:8: 'loop' is reserved and cannot be used as a loop variable name"
        ),
        Case(
            name: "include argument without value",
            templates: ["t.html": #"{% include "p.html" with a %}"#, "p.html": ""],
            kind: .syntax,
            expected: "t.html:1:28: expected '=' after the argument name 'a', found the end of the tag"
        ),
    ]

    @Test(arguments: cases)
    func reportedWithPosition(_ testCase: Case) throws {
        let error = try #require(compileError(testCase.templates))
        #expect(error.description == testCase.expected)
        #expect(error.kind == testCase.kind)
    }

    @Test func errorFieldsMatchTheDescription() throws {
        let error = try #require(compileError(["pages/movies.html": "<ul>\n  <li>{{ m | uper }}</li>"]))
        #expect(error.file == "pages/movies.html")
        #expect(error.line == 2)
        #expect(error.column == 14)
        #expect(error.message == "unknown filter 'uper'; did you mean 'upper'?")
        #expect(error.description == "pages/movies.html:2:14: unknown filter 'uper'; did you mean 'upper'?")
    }

    @Test func unknownTemplateAtRender() throws {
        let library = try TemplateLibrary(templates: ["pages/movies.html": "x"])
        #expect(throws: TemplateError(file: "pages/movie.html", line: 0, column: 0, kind: .missingTemplate, message: "no template named 'pages/movie.html'; did you mean 'pages/movies.html'?")) {
            try library.render("pages/movie.html", [:])
        }
    }
}
