import Testing
import Templating

struct InheritanceTests {
    static let layouts: [String: String] = [
        "layouts/base.html": """
            <html><head><title>{% block title %}Marquee{% end %}</title></head>\
            <body><nav>{% block nav %}home{% end %}</nav>\
            <main>{% block content %}{% end %}</main>\
            <footer>{% block footer %}© {{ year }}{% endblock %}</footer></body></html>
            """,
        "layouts/section.html": """
            {% extends "layouts/base.html" %}
            {% block nav %}{{ super() }} &gt; {% block section %}section{% end %}{% end %}
            {% block content %}<div class="section">{% block body %}{% end %}</div>{% end %}
            """,
    ]

    @Test func threeLevels() throws {
        let page = """
            {% extends "layouts/section.html" %}
            {# whitespace and comments between blocks are fine #}
            {% block title %}Movies · {{ super() }}{% end %}
            {% block section %}movies{% end %}
            {% block body %}{% for m in movies %}<p>{{ m }}</p>{% end %}{% end %}
            """
        let html = try render(page, ["movies": ["Dune", "Alien"], "year": 2025], templates: Self.layouts)
        #expect(
            html
                == #"<html><head><title>Movies · Marquee</title></head><body><nav>home &gt; movies</nav><main><div class="section"><p>Dune</p><p>Alien</p></div></main><footer>© 2025</footer></body></html>"#
        )
    }

    @Test func middleLayoutRendersOnItsOwn() throws {
        let library = try TemplateLibrary(templates: Self.layouts)
        #expect(
            try library.render("layouts/section.html", ["year": 2025])
                == #"<html><head><title>Marquee</title></head><body><nav>home &gt; section</nav><main><div class="section"></div></main><footer>© 2025</footer></body></html>"#
        )
    }

    @Test func superChainsThroughEveryLevel() throws {
        let templates = [
            "a.html": "[{% block b %}A{% end %}]",
            "b.html": #"{% extends "a.html" %}{% block b %}B{{ super() }}{% end %}"#,
            "c.html": #"{% extends "b.html" %}{% block b %}C{{ super() }}{% end %}"#,
            "d.html": #"{% extends "c.html" %}{% block b %}D{{ super() }}{{ super() }}{% end %}"#,
        ]
        let library = try TemplateLibrary(templates: templates)
        #expect(try library.render("c.html", [:]) == "[CBA]")
        #expect(try library.render("d.html", [:]) == "[DCBACBA]")
    }

    @Test func childSetsRunBeforeTheLayoutAndTheChildWins() throws {
        let templates = [
            "base.html": #"<body class="{{ active | default: "none" }}">{% block content %}{% end %}</body>"#,
            "mid.html": #"{% extends "base.html" %}{% set active = "mid" %}{% set layout = "mid" %}"#,
            "page.html": #"{% extends "mid.html" %}{% set active = "movies" %}{% block content %}{{ layout }}{% end %}"#,
        ]
        let library = try TemplateLibrary(templates: templates)
        #expect(try library.render("page.html", [:]) == #"<body class="movies">mid</body>"#)
        #expect(try library.render("mid.html", [:]) == #"<body class="mid"></body>"#)
    }

    @Test func blocksRenderInPlaceWithoutExtends() throws {
        #expect(try render("a{% block x %}b{{ v }}{% end %}c", ["v": 1]) == "ab1c")
    }

    @Test func blocksSeeLoopVariablesOfTheLayout() throws {
        let templates = [
            "list.html": "{% for item in items %}{% block item %}{{ item }}{% end %}{% if not loop.last %},{% end %}{% end %}",
            "fancy.html": #"{% extends "list.html" %}{% block item %}<{{ loop.index }}:{{ item }}>{% end %}"#,
        ]
        let library = try TemplateLibrary(templates: templates)
        #expect(try library.render("fancy.html", ["items": ["a", "b"]]) == "<1:a>,<2:b>")
    }

    @Test func includedTemplatesMayExtendTheirOwnLayout() throws {
        let templates = [
            "frame.html": "<frame>{% block inner %}{% end %}</frame>",
            "widget.html": #"{% extends "frame.html" %}{% block inner %}{{ name }}{% end %}"#,
            "page.html": #"{% block main %}{% include "widget.html" with name="w" %}{% end %}"#,
        ]
        let library = try TemplateLibrary(templates: templates)
        #expect(try library.render("page.html", [:]) == "<frame>w</frame>")
    }

    @Test func nestedBlockOverriddenAlone() throws {
        let templates = [
            "base.html": "{% block outer %}({% block inner %}i{% end %}){% end %}",
            "child.html": #"{% extends "base.html" %}{% block inner %}I{% endblock inner %}"#,
        ]
        #expect(try TemplateLibrary(templates: templates).render("child.html", [:]) == "(I)")
    }
}
