import Foundation
import Testing
import Templating

struct LibraryTests {
    /// A temporary templates folder, removed when the test ends.
    final class Folder {
        let url: URL

        init(_ files: [String: String]) throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("templating-\(UUID().uuidString)")
            for (name, text) in files {
                try write(name, text)
            }
        }

        func write(_ name: String, _ text: String, modified: Date? = nil) throws {
            let file = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
            if let modified {
                try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file.path)
            }
        }

        deinit {
            try? FileManager.default.removeItem(at: url)
        }
    }

    @Test func loadsEveryHTMLFileByRelativePath() throws {
        let folder = try Folder([
            "layouts/base.html": "<body>{% block content %}{% end %}</body>",
            "partials/card.html": "<div>{{ movie }}</div>",
            "pages/movies.html": #"{% extends "layouts/base.html" %}{% block content %}{% include "partials/card.html" with movie="Dune" %}{% end %}"#,
            "notes.txt": "{{ not a template",
        ])
        let library = try TemplateLibrary(directory: folder.url)
        #expect(library.templateNames == ["layouts/base.html", "pages/movies.html", "partials/card.html"])
        #expect(try library.render("pages/movies.html", [:]) == "<body><div>Dune</div></body>")
    }

    @Test func brokenFileFailsStartUp() throws {
        let folder = try Folder(["ok.html": "fine", "pages/bad.html": "<p>\n{% if x %}"])
        let error = try #require(throws: TemplateError.self) { try TemplateLibrary(directory: folder.url) }
        #expect(error.description == "pages/bad.html:2:1: '{% if %}' is never closed; expected '{% end %}' or '{% endif %}' before the end of the file")
    }

    @Test func reloadRecompilesChangedFiles() throws {
        let past = Date(timeIntervalSinceNow: -3600)
        let folder = try Folder([:])
        try folder.write("page.html", #"A{% include "part.html" %}"#, modified: past)
        try folder.write("part.html", "1", modified: past)
        let reloading = try TemplateLibrary(directory: folder.url, options: .init(reload: true))
        let fixed = try TemplateLibrary(directory: folder.url)
        #expect(try reloading.render("page.html", [:]) == "A1")

        // A changed partial is picked up by the page that includes it.
        try folder.write("part.html", "2", modified: Date())
        #expect(try reloading.render("page.html", [:]) == "A2")
        #expect(try fixed.render("page.html", [:]) == "A1")

        // A broken edit is reported on render, and fixing it recovers.
        try folder.write("part.html", "{% if %}", modified: Date(timeIntervalSinceNow: 10))
        #expect(throws: TemplateError.self) { try reloading.render("page.html", [:]) }
        try folder.write("part.html", "3", modified: Date(timeIntervalSinceNow: 20))
        #expect(try reloading.render("page.html", [:]) == "A3")

        // A new template becomes renderable.
        try folder.write("new.html", "new")
        #expect(try reloading.render("new.html", [:]) == "new")
    }

    @Test func renderIntoAppendsAndRestoresOnError() throws {
        let library = try TemplateLibrary(
            templates: ["ok.html": "<p>{{ x }}</p>", "bad.html": "<p>{{ x }}{{ y | upper }}</p>"]
        )
        var buffer = Array("HTTP/1.1 200 OK\r\n\r\n".utf8)
        try library.render("ok.html", ["x": "a&b"], into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "HTTP/1.1 200 OK\r\n\r\n<p>a&amp;b</p>")
        let before = buffer
        #expect(throws: TemplateError.self) { try library.render("bad.html", ["x": "a", "y": 1], into: &buffer) }
        #expect(buffer == before)
    }

    @Test func repeatedRendersAreIdentical() throws {
        let library = try TemplateLibrary(templates: ["t.html": "{% for x in xs %}<i>{{ x }}</i>{% end %}"])
        let context: TemplateValue = ["xs": .array((0..<100).map { .int($0) })]
        let first = try library.render("t.html", context)
        for _ in 0..<3 {
            #expect(try library.render("t.html", context) == first)
        }
        #expect(first.hasPrefix("<i>0</i><i>1</i>"))
        #expect(first.hasSuffix("<i>99</i>"))
    }

    @Test func rendersConcurrently() async throws {
        let library = try TemplateLibrary(
            templates: ["t.html": #"{% for x in xs %}{{ x | date: "d MMM" }}{{ loop.index }};{% end %}"#],
            options: .init(timeZone: TimeZone(identifier: "UTC")!)
        )
        let dates: TemplateValue = .array((0..<20).map { .date(Date(timeIntervalSince1970: Double($0) * 86_400)) })
        let expected = try library.render("t.html", ["xs": dates])
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask { try library.render("t.html", ["xs": dates]) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == expected })
        #expect(expected.hasPrefix("1 Jan1;2 Jan2;"))
    }
}
