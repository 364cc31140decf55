import Cinema
import Foundation
import GRDB
import NIOHTTP1
import Testing
@testable import Web

/// The admin movie pages over real sockets: the list, the form's validation, posters
/// through real multipart uploads, archive and delete.
@Suite struct AdminCatalogPagesTests {
    /// A 1×1 PNG: the real signature and chunks.
    static let png: [UInt8] = Array(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!)
    static let gif: [UInt8] = Array("GIF89a".utf8) + [1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x21, 0xF9, 0x04, 0, 0, 0, 0, 0, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3B]

    @Test func listSearchesAndFiltersArchived() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let all = try await admin.get("/admin/movies")
            #expect(all.status == 200)
            #expect(all.body.contains("Orbitfall") && all.body.contains("Paper Boats"))
            #expect(all.body.contains("aria-current=\"page\">Movies</a>"))

            let search = try await admin.get("/admin/movies?search=orbit")
            #expect(search.body.contains("Orbitfall"))
            #expect(!search.body.contains("Paper Boats"))
            #expect(search.body.contains("value=\"orbit\""))

            let orbitfall = try #require(try app.value("SELECT id FROM movies WHERE title = 'Orbitfall'", as: Int64.self))
            let archived = try await admin.submit("/admin/movies/\(orbitfall)/edit", to: "/admin/movies/\(orbitfall)/archive", form: [])
            #expect(archived.status == 303)
            #expect(try await admin.follow(archived).body.contains("“Orbitfall” is archived"))
            #expect(try app.count("SELECT archived FROM movies WHERE id = ?", [orbitfall]) == 1)
            // The flash names the archived film; the list itself must not.
            #expect(!(try await admin.get("/admin/movies")).body.contains("<strong>Orbitfall</strong>"))
            let only = try await admin.get("/admin/movies?archived=only")
            #expect(only.body.contains("Orbitfall") && only.body.contains("Archived</span>"))
            #expect(!only.body.contains("Paper Boats"))

            let back = try await admin.submit("/admin/movies/\(orbitfall)/edit", to: "/admin/movies/\(orbitfall)/unarchive", form: [])
            #expect(back.status == 303)
            #expect(try app.count("SELECT archived FROM movies WHERE id = ?", [orbitfall]) == 0)

            let past = try await admin.get("/admin/movies?search=orbit&page=8")
            #expect(past.status == 302)
            #expect(past.header("Location") == "/admin/movies?search=orbit")
            let bad = try await admin.get("/admin/movies?archived=sometimes")
            #expect(bad.status == 400)
            #expect(bad.body.contains("is not one of the choices"))
        }
    }

    @Test func newMovieFormShowsEachErrorKeepsTheInputAndWritesNothing() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let movies = try app.count("SELECT COUNT(*) FROM movies")
            let audits = try app.count("SELECT COUNT(*) FROM audit_log")
            let response = try await admin.submit("/admin/movies/new", to: "/admin/movies", form: [
                ("title", "   "), ("description", "A reel <b>lost</b> in time"), ("runtimeMinutes", "ninety"),
                ("rating", "MUCH-TOO-LONG"), ("releaseDate", "2025-02-30"), ("genres", "drama"), ("newGenres", "!!!"),
            ])
            #expect(response.status == 422)
            #expect(response.body.contains("id=\"e-title\">Enter a title."))
            #expect(response.body.contains("id=\"e-runtimeMinutes\">Enter the runtime as a whole number of minutes."))
            #expect(response.body.contains("id=\"e-rating\">Choose G, PG, PG-13, R, NC-17, NR or type a rating"))
            #expect(response.body.contains("id=\"e-releaseDate\">Enter a date like 2025-06-30, or leave it empty."))
            #expect(response.body.contains("id=\"e-newGenres\">A genre name needs letters or digits"))
            // The input comes back as typed (escaped), the checked genre stays checked.
            #expect(response.body.contains("A reel &lt;b&gt;lost&lt;/b&gt; in time</textarea>"))
            #expect(response.body.contains("value=\"ninety\""))
            #expect(response.body.contains("value=\"MUCH-TOO-LONG\""))
            #expect(response.body.contains("value=\"drama\" checked"))
            #expect(response.body.contains("value=\"!!!\""))
            #expect(try app.count("SELECT COUNT(*) FROM movies") == movies)
            #expect(try app.count("SELECT COUNT(*) FROM audit_log") == audits)

            let range = try await admin.submit("/admin/movies/new", to: "/admin/movies", form: [
                ("title", "Reel"), ("runtimeMinutes", "601"), ("genres", "no-such-genre"),
            ])
            #expect(range.status == 422)
            #expect(range.body.contains("id=\"e-runtimeMinutes\">A runtime is 1 to 600 minutes."))
            #expect(try app.count("SELECT COUNT(*) FROM movies") == movies)

            let genre = try await admin.submit("/admin/movies/new", to: "/admin/movies", form: [
                ("title", "Reel"), ("runtimeMinutes", "90"), ("genres", "no-such-genre"),
            ])
            #expect(genre.status == 422)
            #expect(genre.body.contains("id=\"e-genres\">Unknown genre: no-such-genre."))
            #expect(try app.count("SELECT COUNT(*) FROM movies") == movies)
        }
    }

    @Test func createThenEditWithAFailedAndASuccessfulSave() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let created = try await admin.submit("/admin/movies/new", to: "/admin/movies", form: [
                ("title", "The Projectionist"), ("description", "Splices a lost reel."), ("runtimeMinutes", "104"),
                ("rating", "pg-13"), ("releaseDate", "2026-03-01"), ("genres", "drama"), ("newGenres", "Film Noir"),
            ])
            #expect(created.status == 303)
            let id = try #require(try app.value("SELECT id FROM movies WHERE title = 'The Projectionist'", as: Int64.self))
            #expect(created.header("Location") == "/admin/movies/\(id)/edit")
            let edit = try await admin.follow(created)
            #expect(edit.body.contains("class=\"flash success\""))
            #expect(edit.body.contains("“The Projectionist” was added."))
            #expect(edit.body.contains("value=\"PG-13\""), "the rating is stored in its usual case")
            #expect(edit.body.contains("value=\"film-noir\" checked"))
            #expect(edit.body.contains("type=\"file\""))
            #expect(try app.count("SELECT COUNT(*) FROM audit_log WHERE entity = 'movie' AND action = 'create' AND entity_id = ?", [id]) == 1)

            let refused = try await admin.submit("/admin/movies/\(id)/edit", to: "/admin/movies/\(id)", form: [
                ("title", "The Projectionist Returns"), ("runtimeMinutes", "0"), ("genres", "drama"),
            ])
            #expect(refused.status == 422)
            #expect(refused.body.contains("id=\"e-runtimeMinutes\">A runtime is 1 to 600 minutes."))
            #expect(refused.body.contains("value=\"The Projectionist Returns\""))
            #expect(try app.count("SELECT runtime_minutes FROM movies WHERE id = ?", [id]) == 104)
            #expect(try app.value("SELECT title FROM movies WHERE id = ?", [id], as: String.self) == "The Projectionist")

            let saved = try await admin.submit("/admin/movies/\(id)/edit", to: "/admin/movies/\(id)", form: [
                ("title", "The Projectionist Returns"), ("runtimeMinutes", "110"), ("rating", "R"), ("genres", "drama"), ("genres", "thriller"),
            ])
            #expect(saved.status == 303)
            #expect(try app.count("SELECT runtime_minutes FROM movies WHERE id = ?", [id]) == 110)
            #expect(try app.count("SELECT COUNT(*) FROM movie_genres WHERE movie_id = ?", [id]) == 2)
            #expect(try await admin.follow(saved).body.contains("“The Projectionist Returns” was saved."))

            #expect(try await admin.get("/admin/movies/999999/edit").status == 404)
            #expect(try await admin.get("/admin/movies/abc/edit").status == 404)
        }
    }

    @Test func posterUploadsAreCheckedByContentAndSize() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let id = try #require(try app.value("SELECT id FROM movies WHERE title = 'Paper Boats'", as: Int64.self))
            let page = "/admin/movies/\(id)/edit"
            let seeded = try app.value("SELECT poster_path FROM movies WHERE id = ?", [id], as: String.self)

            func upload(_ data: [UInt8], named filename: String, type: String) async throws -> TestResponse {
                let token = try await admin.csrfToken(from: page)
                return try await admin.postMultipart("/admin/movies/\(id)/poster", fields: [("_csrf", token)], files: [("poster", filename, type, data)])
            }

            // A GIF is refused even when its name and type claim PNG: the bytes decide.
            let gif = try await upload(Self.gif, named: "poster.png", type: "image/png")
            #expect(gif.status == 422)
            #expect(gif.body.contains("GIF images are not accepted: upload a JPEG, PNG or WebP image."))
            #expect(gif.body.contains("aria-invalid=\"true\""))
            #expect(try app.value("SELECT poster_path FROM movies WHERE id = ?", [id], as: String.self) == seeded)

            let text = try await upload(Array("hello, poster".utf8), named: "poster.jpg", type: "image/jpeg")
            #expect(text.status == 422)
            #expect(text.body.contains("This file is not a JPEG, PNG or WebP image."))

            let empty = try await upload([], named: "", type: "application/octet-stream")
            #expect(empty.status == 422)
            #expect(empty.body.contains("Choose an image file to upload."))

            // Over 5 MiB but under the route's body limit: the service's message, beside the field.
            let big = Self.png + [UInt8](repeating: 0, count: 5 * 1_024 * 1_024 + 300_000)
            let tooBig = try await upload(big, named: "huge.png", type: "image/png")
            #expect(tooBig.status == 422)
            #expect(tooBig.body.contains("A poster is at most 5 MB; this file has 5.3 MB."))
            #expect(try app.value("SELECT poster_path FROM movies WHERE id = ?", [id], as: String.self) == seeded)

            let accepted = try await upload(Self.png, named: "poster.png", type: "image/png")
            #expect(accepted.status == 303)
            let stored = try #require(try app.value("SELECT poster_path FROM movies WHERE id = ?", [id], as: String.self))
            #expect(stored.hasPrefix("m\(id)-") && stored.hasSuffix(".png"))
            let served = try await admin.get("/posters/\(stored)")
            #expect(served.status == 200)
            #expect(served.header("Content-Type")?.hasPrefix("image/png") == true)
            #expect(try await admin.follow(accepted).body.contains("src=\"/posters/\(stored)\""))
            #expect(try app.count("SELECT COUNT(*) FROM audit_log WHERE entity = 'movie' AND action = 'poster' AND entity_id = ?", [id]) == 1)

            let removed = try await admin.submit(page, to: "/admin/movies/\(id)/poster/remove", form: [])
            #expect(removed.status == 303)
            #expect(try app.value("SELECT poster_path FROM movies WHERE id = ?", [id], as: String.self) == nil)
            #expect(try await admin.get("/posters/\(stored)").status == 404)
        }
    }

    @Test func anUploadBeyondTheBodyLimitGetsTheSitesErrorPage() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let id = try #require(try app.value("SELECT id FROM movies WHERE title = 'Paper Boats'", as: Int64.self))
            // Announced at 7 MiB: the core refuses it from the head, without reading the body.
            let response = try await admin.send(method: .POST, path: "/admin/movies/\(id)/poster", headers: [
                ("Content-Type", "multipart/form-data; boundary=marquee"), ("Content-Length", String(7 << 20)),
            ], body: nil)
            #expect(response.status == 413)
            #expect(response.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(response.body.contains("<h1>Too large</h1>"))
            #expect(response.body.contains("Go back and choose a smaller file (a poster is at most 5 MB)."))
            #expect(response.body.contains("class=\"site-header\""))
            #expect(try app.count("SELECT COUNT(*) FROM audit_log") == 0)
        }
    }

    @Test func onlyAnAdminMaySendAnUploadsLargeBody() async throws {
        try await withApp { app in
            let id = try #require(try app.value("SELECT id FROM movies WHERE title = 'Paper Boats'", as: Int64.self))
            let visitors = [
                app.browser(),
                try await app.signedInBrowser("nora"),
                try await app.signedInBrowser("sam", role: .staff),
            ]
            // 3 MiB announced, nothing sent: refused from the head (the body is never read),
            // with the site's error page saying what to do.
            let headers = [("Content-Type", "multipart/form-data; boundary=marquee"), ("Content-Length", String(3 << 20))]
            for visitor in visitors {
                for (path, message) in [
                    ("/admin/movies/\(id)/poster", "Log in as an admin to upload a poster."),
                    ("/admin/import", "Log in as an admin to import movies."),
                ] {
                    let response = try await visitor.send(method: .POST, path: path, headers: headers, body: nil)
                    #expect(response.status == 403)
                    #expect(response.body.contains(message))
                    #expect(response.body.contains("class=\"site-header\""))
                }
            }
            // A customer's token with its role changed to admin fails the signature check.
            let customer = visitors[1]
            let parts = try #require(customer.cookies["marquee_session"]).split(separator: ".").map(String.init)
            let claims = String(decoding: try #require(Base64URL.decode(parts[1])), as: UTF8.self)
            #expect(claims.contains("\"role\":\"customer\""))
            let forged = Base64URL.encode(Array(claims.replacingOccurrences(of: "\"customer\"", with: "\"admin\"").utf8))
            customer.setCookie("marquee_session", [parts[0], forged, parts[2]].joined(separator: "."))
            #expect(try await customer.send(method: .POST, path: "/admin/import", headers: headers, body: nil).status == 403)

            // Within the server's default limit a visitor still meets the usual log-in page.
            let guest = app.browser()
            let token = try await guest.csrfToken(from: "/login")
            let small = try await guest.postMultipart(
                "/admin/import", fields: [("_csrf", token)], files: [("file", "movies.json", "application/json", Array("[]".utf8))])
            #expect(small.status == 303)
            #expect(small.header("Location")?.hasPrefix("/login?next=") == true)
            #expect(try app.count("SELECT COUNT(*) FROM audit_log") == 0)
        }
    }

    @Test func deleteIsRefusedWithBookingsAndSuggestsArchiving() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let showtime = try await app.futureShowtime()
            try await app.confirmedBooking(showtimeID: showtime.id, username: "nora")
            let movie = showtime.movieID

            let refused = try await admin.submit("/admin/movies/\(movie)/edit", to: "/admin/movies/\(movie)/delete", form: [])
            #expect(refused.status == 303)
            #expect(refused.header("Location") == "/admin/movies/\(movie)/edit")
            let page = try await admin.follow(refused)
            #expect(page.body.contains("class=\"flash error\""))
            #expect(page.body.contains("“\(html(showtime.movieTitle))” cannot be deleted"))
            #expect(page.body.contains("Archive it instead"))
            #expect(try app.count("SELECT COUNT(*) FROM movies WHERE id = ?", [movie]) == 1)
            #expect(try app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'delete'") == 0)

            // A movie nobody booked goes, with its showtimes.
            let created = try await admin.submit("/admin/movies/new", to: "/admin/movies", form: [("title", "Short Lived"), ("runtimeMinutes", "80")])
            let id = try #require(try app.value("SELECT id FROM movies WHERE title = 'Short Lived'", as: Int64.self))
            #expect(created.status == 303)
            let deleted = try await admin.submit("/admin/movies/\(id)/edit", to: "/admin/movies/\(id)/delete", form: [])
            #expect(deleted.status == 303)
            #expect(deleted.header("Location") == "/admin/movies")
            #expect(try await admin.follow(deleted).body.contains("“Short Lived” was deleted."))
            #expect(try app.count("SELECT COUNT(*) FROM movies WHERE id = ?", [id]) == 0)
        }
    }
}
