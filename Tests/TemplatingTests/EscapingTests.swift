import Testing
import Templating

struct EscapingTests {
    static let characters: [(raw: String, escaped: String)] = [
        ("&", "&amp;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ("\"", "&quot;"),
        ("'", "&#39;"),
    ]

    @Test(arguments: characters)
    func escapedInText(raw: String, escaped: String) throws {
        let html = try render("<p>{{ value }}</p>", ["value": .string("a\(raw)b")])
        #expect(html == "<p>a\(escaped)b</p>")
    }

    /// The escaping for HTML and SVG built in code (the dashboard's charts) is the templates'.
    @Test func escapedOutsideATemplateAsInOne() throws {
        for text in ["plain text", "Tom & Jerry's <b>\"show\"</b>", "café — 3 < 4", "", "&&''"] {
            #expect(HTMLEscape.escaped(text) == (try render("{{ value }}", ["value": .string(text)])))
        }
        #expect(HTMLEscape.escaped("a&b'c") == "a&amp;b&#39;c")
    }

    @Test(arguments: characters)
    func escapedInDoubleQuotedAttribute(raw: String, escaped: String) throws {
        let html = try render(#"<a title="{{ value }}">x</a>"#, ["value": .string(raw)])
        #expect(html == #"<a title="\#(escaped)">x</a>"#)
    }

    @Test(arguments: characters)
    func escapedInSingleQuotedAttribute(raw: String, escaped: String) throws {
        let html = try render("<a title='{{ value }}'>x</a>", ["value": .string(raw)])
        #expect(html == "<a title='\(escaped)'>x</a>")
    }

    @Test(arguments: characters)
    func escapedAfterFilters(raw: String, escaped: String) throws {
        // Filter results are escaped like any other value.
        let html = try render("{{ value | upper | default: \"x\" }}", ["value": .string("a\(raw)")])
        #expect(html == "A\(escaped)")
    }

    @Test func scriptPayloadIsInert() throws {
        let payload = "<script>alert('xss')</script>"
        let html = try render("<div>{{ comment }}</div>", ["comment": .string(payload)])
        #expect(html == "<div>&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;</div>")
        #expect(!html.contains("<script"))
    }

    @Test func attributeBreakoutPayloadIsInert() throws {
        let payload = #"" onmouseover="alert(1)"#
        let html = try render(#"<input value="{{ name }}">"#, ["name": .string(payload)])
        #expect(html == #"<input value="&quot; onmouseover=&quot;alert(1)">"#)
        let single = try render("<input value='{{ name }}'>", ["name": "' onmouseover='alert(1)"])
        #expect(single == "<input value='&#39; onmouseover=&#39;alert(1)'>")
    }

    @Test func rawOutputOnlyWithTripleBraces() throws {
        let context: TemplateValue = ["snippet": "<b>bold</b>"]
        #expect(try render("{{{ snippet }}}", context) == "<b>bold</b>")
        #expect(try render("{{ snippet }}", context) == "&lt;b&gt;bold&lt;/b&gt;")
        #expect(try render("{{{- snippet -}}}", context) == "<b>bold</b>")
        // Includes, loops, conditionals and filters do not turn escaping off.
        let templates = ["p.html": "{{ item }}"]
        #expect(
            try render("{% for item in items %}{% include \"p.html\" %}{% end %}", ["items": ["<i>"]], templates: templates)
                == "&lt;i&gt;"
        )
        #expect(try render("{% if snippet %}{{ snippet | lower }}{% end %}", context) == "&lt;b&gt;bold&lt;/b&gt;")
    }

    @Test func templateTextIsNotEscaped() throws {
        #expect(try render("<p class=\"a\">Tom & Jerry's</p>") == "<p class=\"a\">Tom & Jerry's</p>")
    }

    @Test func unicodeAndEmptyValuesPassThrough() throws {
        #expect(try render("{{ v }}", ["v": "Amélie — 東京 🎬 <"]) == "Amélie — 東京 🎬 &lt;")
        #expect(try render("[{{ v }}]", ["v": ""]) == "[]")
        #expect(try render("{{ v }}", ["v": "&&&&"]) == "&amp;&amp;&amp;&amp;")
    }

    @Test func jsonIsSafeInsideScript() throws {
        let value: TemplateValue = ["title": "</script><script>alert(1)</script>", "note": "a & b \u{2028}'"]
        let html = try render("<script>const data = {{{ data | json }}};</script>", ["data": value])
        #expect(
            html
                == #"<script>const data = {"note":"a \u0026 b \u2028\u0027","title":"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e"};</script>"#
        )
        // Escaped output of json is still valid inside an attribute.
        #expect(try render("<div data-x=\"{{ v | json }}\">", ["v": "a\"b"]) == #"<div data-x="&quot;a\&quot;b&quot;">"#)
    }
}
