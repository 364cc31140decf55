import Cinema
import Foundation
import Testing

@Suite struct BrowseTests {
    @Test func homeAndMoviesListNowShowing() async throws {
        try await withApp { app in
            let browser = app.browser()
            let home = try await browser.get("/")
            #expect(home.status == 200)
            #expect(home.body.contains("Now showing"))
            #expect(home.body.contains("class=\"movie-card\""))
            let count = home.body.components(separatedBy: "class=\"movie-card\"").count - 1
            #expect(count == 24, "the first page holds 24 films")
            #expect(home.body.contains("rel=\"next\""))
            let second = try await browser.get("/movies?page=2")
            #expect(second.status == 200)
            #expect(second.body.contains("aria-current=\"page\">2<"))
        }
    }

    /// A page past the end (an old bookmark, a typed URL) leads to the last page, filters
    /// kept. It used to stop the whole server: the page links' range ran backwards.
    @Test func aPagePastTheEndLeadsToTheLastPage() async throws {
        try await withApp { app in
            let browser = app.browser()
            for (asked, last) in [("/movies?page=9", "/movies?page=2"), ("/movies?page=10000", "/movies?page=2"),
                                  ("/movies?q=zzzxqj&page=5", "/movies?q=zzzxqj")] {
                let page = try await browser.get(asked)
                #expect(page.status == 302, "\(asked)")
                #expect(page.header("Location") == last, "\(asked)")
            }
            let last = try await browser.get("/movies?page=2")
            #expect(last.status == 200)
            #expect(last.body.contains("aria-current=\"page\">2<") && !last.body.contains("rel=\"next\""))
        }
    }

    @Test func filtersKeepTheirValuesAndNarrowTheList() async throws {
        try await withApp { app in
            let browser = app.browser()
            let all = try await browser.get("/movies")
            let genre = try #require(all.body.firstMatch(#"<option value="([a-z-]+)">"#))
            let filtered = try await browser.get("/movies?genre=\(genre)&runtimeMin=90&runtimeMax=150&sort=runtime")
            #expect(filtered.status == 200)
            #expect(filtered.body.contains("<option value=\"\(genre)\" selected>"))
            #expect(filtered.body.contains("name=\"runtimeMin\" min=\"0\" max=\"600\" value=\"90\""))
            #expect(filtered.body.contains("<option value=\"runtime\" selected>"))
            #expect(filtered.body.contains("match your filters"))

            let none = try await browser.get("/movies?q=zzzxqj")
            #expect(none.status == 200)
            #expect(none.body.contains("No films match"))
            #expect(none.body.contains("value=\"zzzxqj\""))

            // FTS syntax typed by a person is just text.
            let odd = try await browser.get("/movies?q=%22star*%20AND%20(")
            #expect(odd.status == 200)
        }
    }

    @Test func badFilterValuesGetAMessageNotAnError() async throws {
        try await withApp { app in
            let response = try await app.browser().get("/movies?runtimeMin=abc&date=31-12-2026&format=vhs")
            #expect(response.status == 400)
            #expect(response.body.contains("Runtime from must be a whole number"))
            #expect(response.body.contains("Showing on must be a date"))
            #expect(response.body.contains("Format &quot;vhs&quot; is not one of the choices") || response.body.contains("Format &#34;vhs&#34;"))
            #expect(response.body.contains("class=\"movie-card\""), "the rest of the filters still apply")
        }
    }

    @Test func moviePageShowsShowtimesByDayAnd404sForUnknownIDs() async throws {
        try await withApp { app in
            let browser = app.browser()
            let list = try await browser.get("/movies")
            let id = try #require(list.body.firstMatch(#"href="/movies/(\d+)""#))
            let page = try await browser.get("/movies/\(id)")
            #expect(page.status == 200)
            #expect(page.body.contains("class=\"day-group\""))
            #expect(page.body.contains("href=\"/showtimes/"))
            let missing = try await browser.get("/movies/999999")
            #expect(missing.status == 404)
            #expect(missing.body.contains("couldn&#39;t find that film") || missing.body.contains("couldn&#x27;t find that film"))
        }
    }

    @Test func showtimesListingFiltersByDateRange() async throws {
        try await withApp { app in
            let browser = app.browser()
            let page = try await browser.get("/showtimes")
            #expect(page.status == 200)
            #expect(page.body.contains("class=\"show-row\""))
            let reversed = try await browser.get("/showtimes?from=2030-01-10&to=2030-01-01")
            #expect(reversed.status == 400)
            #expect(reversed.body.contains("must not be before"))
            let empty = try await browser.get("/showtimes?from=2035-01-01&to=2035-01-02")
            #expect(empty.body.contains("Nothing scheduled"))
        }
    }

    /// Days the calendar does not have are refused with a reason. "2025-02-31" used to roll
    /// into March while "to" stayed on 1 March, and the range's end before its start stopped
    /// the server; so did the days the Gregorian calendar skipped in 1582.
    @Test func daysTheCalendarDoesNotHaveAreRefused() async throws {
        try await withApp { app in
            let browser = app.browser()
            for (query, message) in [
                ("from=2025-02-31&to=2025-03-01", "From: there is no date 2025-02-31."),
                ("from=2025-04-31", "From: there is no date 2025-04-31."),
                ("from=2025-02-29&to=2025-03-01", "From: there is no date 2025-02-29."),
                ("from=1582-10-14&to=1582-10-15", "From must be a date between 1870 and 2200."),
                ("from=2030-01-01&to=9999-12-31", "To must be a date between 1870 and 2200."),
            ] {
                let page = try await browser.get("/showtimes?\(query)")
                #expect(page.status == 400, "\(query)")
                #expect(page.body.contains(message), "\(query)")
            }
            let leap = try await browser.get("/showtimes?from=2028-02-29&to=2028-03-01")
            #expect(leap.status == 200)
            let movies = try await browser.get("/movies?date=2026-02-30")
            #expect(movies.status == 400)
            #expect(movies.body.contains("Showing on: there is no date 2026-02-30."))
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let schedule = try await admin.get("/admin/showtimes?from=2025-02-31&to=2025-03-01")
            #expect(schedule.status == 400)
            #expect(schedule.body.contains("From: there is no date 2025-02-31."))
        }
    }
}

extension String {
    /// The first capture group of `pattern`, or nil.
    func firstMatch(_ pattern: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: self, range: NSRange(startIndex..., in: self)),
              match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: self)
        else { return nil }
        return String(self[range])
    }
}
