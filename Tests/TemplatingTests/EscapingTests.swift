import Testing
import Templating

struct EscapingTests {
    @Test func placeholderUntilWritten() throws {
        let library = try TemplateLibrary(templates: ["a.html": "{{ x }}"])
        #expect(try library.render("a.html", ["x": "<"]) == "&lt;")
    }
}
