import Cinema
import Foundation
import GRDB
import Testing

/// /admin/import (a multipart upload) and /admin/audit, where each import leaves a line.
@Suite struct AdminImportPagesTests {
    static let sample = """
        {"genres": [{"id": 878, "name": "Science Fiction"}, {"id": 18, "name": "Drama"}],
         "results": [
          {"id": 900001, "title": "Signal & <Noise>", "overview": "A radio astronomer hears a voice.", "runtime": 112,
           "release_date": "2024-05-02", "genre_ids": [878], "certification": "PG-13", "vote_average": 7.4},
          {"id": 900002, "title": "Harbour Lights", "runtime": 95, "release_date": "", "genre_ids": [18, 878]}
        ]}
        """

    func upload(_ browser: TestBrowser, _ json: String, name: String = "movies.json") async throws -> TestResponse {
        let form = try await browser.get("/admin/import")
        let token = try #require(form.csrfToken)
        return try await browser.postMultipart("/admin/import", fields: [("_csrf", token)], files: [(name: "file", filename: name, contentType: "application/json", data: Array(json.utf8))])
    }

    @Test func importingTheSameFileTwiceChangesNothingTheSecondTime() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let movies = try app.count("SELECT COUNT(*) FROM movies")

            let first = try await upload(admin, Self.sample)
            #expect(first.status == 200)
            #expect(first.body.contains("Imported movies.json"))
            #expect(first.body.contains("Created</div><div class=\"value\">2</div>"))
            #expect(first.body.contains("Unchanged</div><div class=\"value\">0</div>"))
            #expect(first.body.contains("Signal &amp; &lt;Noise&gt;"))
            #expect(try app.count("SELECT COUNT(*) FROM movies") == movies + 2)
            #expect(try app.count("SELECT runtime_minutes FROM movies WHERE tmdb_id = 900001") == 112)

            let second = try await upload(admin, Self.sample)
            #expect(second.status == 200)
            #expect(second.body.contains("Created</div><div class=\"value\">0</div>"))
            #expect(second.body.contains("Updated</div><div class=\"value\">0</div>"))
            #expect(second.body.contains("Unchanged</div><div class=\"value\">2</div>"))
            #expect(try app.count("SELECT COUNT(*) FROM movies") == movies + 2)

            let changed = try await upload(admin, Self.sample.replacingOccurrences(of: "\"runtime\": 95", with: "\"runtime\": 97"))
            #expect(changed.body.contains("Updated</div><div class=\"value\">1</div>"))
            #expect(try app.count("SELECT runtime_minutes FROM movies WHERE tmdb_id = 900002") == 97)

            // Each import is one line of the audit log, under the admin who uploaded it.
            let audit = try await admin.get("/admin/audit?entity=movie")
            #expect(audit.status == 200)
            #expect(audit.body.components(separatedBy: ">import</span>").count - 1 == 3)
            #expect(audit.body.contains("TMDB file with 2 movies: 0 created, 0 updated, 2 unchanged"))
            #expect(audit.body.contains(">boss</a>"))
            let users = try await admin.get("/admin/audit?entity=user")
            #expect(!users.body.contains(">import</span>"))
            let wrong = try await admin.get("/admin/audit?entity=popcorn")
            #expect(wrong.status == 400)
            #expect(wrong.body.contains(">import</span>"), "the whole log instead")
            let home = try await admin.get("/admin")
            #expect(home.body.contains("TMDB file with 2 movies"))
        }
    }

    @Test func aFileWithProblemsImportsNothingAndListsThem() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let movies = try app.count("SELECT COUNT(*) FROM movies")
            let bad = """
                [{"id": 900010, "title": "Fine", "runtime": 100},
                 {"id": 900011, "title": "", "runtime": 0}]
                """
            let refused = try await upload(admin, bad, name: "bad.json")
            #expect(refused.status == 422)
            #expect(refused.body.contains("Nothing was imported."))
            #expect(refused.body.contains("<td class=\"num\">1</td><td>runtime</td>"))
            #expect(refused.body.contains("<td class=\"num\">1</td><td>title</td>"))
            #expect(try app.count("SELECT COUNT(*) FROM movies") == movies)
            #expect(try app.count("SELECT COUNT(*) FROM movies WHERE tmdb_id = 900010") == 0)

            let notJSON = try await upload(admin, "this is not json")
            #expect(notJSON.status == 422)
            #expect(notJSON.body.contains("<td class=\"num\">file</td>"))

            let token = try #require(try await admin.get("/admin/import").csrfToken)
            let empty = try await admin.postMultipart("/admin/import", fields: [("_csrf", token)], files: [(name: "file", filename: "", contentType: "application/octet-stream", data: [])])
            #expect(empty.status == 422)
            #expect(empty.body.contains("Choose a JSON file to upload."))
            #expect(try app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'import'") == 0)
        }
    }
}
