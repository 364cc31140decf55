import Cinema
import Foundation
import GRDB
import Testing
@testable import Web

/// The staff dashboard and its CSV against bookings the test makes through the site.
@Suite struct DashboardPagesTests {
    /// The local day of a showtime, as the dashboard's `date=` takes it.
    func day(of showtime: Int64, _ app: TestApp) async throws -> DayDate {
        let catalog = Catalog(database: app.database, settings: app.settings)
        let map = try #require(try await catalog.seatMap(showtimeID: showtime, viewer: nil, now: app.clock.now))
        return DayDate(date: map.showtime.startsAt, in: app.settings.calendar)
    }

    /// RFC 4180 rows (quoted fields with doubled quotes, CRLF line ends).
    func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var characters = Array(text).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? characters.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = characters.next()
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else { field.append(character) }
            } else if character == "\"" { quoted = true }
            else if character == "," { row.append(field); field = "" }
            else if character == "\r\n" || character == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(character) }
        }
        return rows
    }

    @Test func figuresAndCSVAgreeWithBookingsMadeThroughTheSite() async throws {
        try await withApp { app in
            let (showtime, free) = try await app.bookableShowtime()
            let nora = try await app.signedInBrowser("nora")
            let code = try await app.book(nora, showtime: showtime, seats: Array(free[0..<3]))
            let otto = try await app.signedInBrowser("otto")
            _ = try await app.hold(otto, showtime: showtime, seats: Array(free[3..<5]))
            let revenue = try app.count("SELECT total_cents FROM reservations WHERE code = ?", [code])
            #expect(revenue > 0)
            #expect(revenue == (try app.count("SELECT SUM(price_cents) FROM reservation_seats rs JOIN reservations r ON r.id = rs.reservation_id WHERE r.code = ?", [code])))
            let capacity = try app.count("SELECT COUNT(*) FROM seats WHERE blocked = 0 AND hall_id = (SELECT hall_id FROM showtimes WHERE id = ?)", [showtime])
            let blocked = try app.count("SELECT COUNT(*) FROM seats WHERE blocked = 1 AND hall_id = (SELECT hall_id FROM showtimes WHERE id = ?)", [showtime])
            let date = try await day(of: showtime, app)

            let staff = try await app.signedInBrowser("usher", role: .staff)
            let csv = try await staff.get("/dashboard.csv?date=\(date)&span=day")
            #expect(csv.status == 200)
            #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
            #expect(csv.header("Content-Disposition") == "attachment; filename=\"marquee-occupancy-\(date).csv\"")
            let rows = csvRows(csv.body)
            #expect(rows.first == Reports.csvHeader)
            let row = try #require(rows.first { $0.first == String(showtime) })
            let field = { (name: String) in row[Reports.csvHeader.firstIndex(of: name)!] }
            #expect(field("date") == date.description)
            #expect(field("capacity") == String(capacity))
            #expect(field("sold") == "3")
            #expect(field("held") == "2")
            #expect(field("blocked") == String(blocked))
            #expect(field("free") == String(capacity - 5))
            #expect(field("reservations") == "1")
            #expect(field("tickets_sold") == "3")
            #expect(field("revenue_cents") == String(revenue))
            // Every other showtime of the day is untouched; one row per scheduled showtime.
            let interval = app.settings.interval(of: date)
            let scheduled = try app.count("SELECT COUNT(*) FROM showtimes WHERE status = 'scheduled' AND starts_at >= ? AND starts_at < ?", [interval.start, interval.end])
            #expect(rows.count - 1 == scheduled)
            #expect(rows.dropFirst().filter { $0 != row }.allSatisfy { $0[8] == "0" && $0[9] == "0" })

            let page = try await staff.get("/dashboard?date=\(date)")
            #expect(page.status == 200)
            // Three adult tickets stay under 1,000, where Money.format and the money filter agree.
            #expect(revenue < 100_000)
            let money = Money.format(cents: revenue, currencyCode: app.settings.currencyCode)
            let dayCapacity = try app.count("""
                SELECT SUM((SELECT COUNT(*) FROM seats WHERE blocked = 0 AND hall_id = s.hall_id)) FROM showtimes s
                WHERE s.status = 'scheduled' AND s.starts_at >= ? AND s.starts_at < ?
                """, [interval.start, interval.end])
            #expect(page.body.contains("Reservations</div><div class=\"value\">1</div>"))
            #expect(page.body.contains("Tickets sold</div><div class=\"value\">3</div>"))
            #expect(page.body.contains("Revenue</div><div class=\"value\">\(money)</div>"))
            #expect(page.body.contains("2 more seats held"))
            #expect(page.body.contains("3 of \(dayCapacity) seats, \(scheduled) \(scheduled == 1 ? "showtime" : "showtimes")"))
            #expect(page.body.contains("href=\"/dashboard.csv?date=\(date)&amp;span=day\""))
            // The heatmap and the revenue chart are there, with the day's revenue on its bar.
            #expect(page.body.contains("<svg class=\"chart heatmap\""))
            #expect(page.body.contains("<svg class=\"chart bars\""))
            #expect(page.body.contains(">\(money)</text>"))
            // Staff see the movie without the admin-only seating link.
            #expect(!page.body.contains("/admin/showtimes/\(showtime)/seating"))
        }
    }

    @Test func namesAreEscapedInTablesAndCharts() async throws {
        try await withApp { app in
            let (showtime, free) = try await app.bookableShowtime()
            let hall = "<i>Hall \"&\" 'one'</i>"
            let title = "<script>alert('x')</script>"
            try app.execute("UPDATE halls SET name = ? WHERE id = (SELECT hall_id FROM showtimes WHERE id = ?)", [hall, showtime])
            try app.execute("UPDATE movies SET title = ? WHERE id = (SELECT movie_id FROM showtimes WHERE id = ?)", [title, showtime])
            _ = try await app.book(try await app.signedInBrowser("nora"), showtime: showtime, seats: [free[0]])
            let date = try await day(of: showtime, app)
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let page = try await admin.get("/dashboard?date=\(date)")
            #expect(page.status == 200)
            #expect(!page.body.contains("<script>alert"))
            #expect(!page.body.contains("<i>Hall"))
            #expect(page.body.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            // The hall's name in the heatmap's row label and cell tooltips.
            #expect(page.body.contains("<title>&lt;i&gt;Hall &quot;&amp;&quot; &#39;one&#39;&lt;/i&gt;</title>"))
            #expect(page.body.contains("<title>&lt;i&gt;Hall &quot;&amp;&quot; &#39;one&#39;&lt;/i&gt;, "))
            // Admins get a link to who sits where.
            #expect(page.body.contains("/admin/showtimes/\(showtime)/seating"))

            let csv = try await admin.get("/dashboard.csv?date=\(date)")
            #expect(csv.body.contains(",<script>alert('x')</script>,"))
            #expect(csv.body.contains("\"<i>Hall \"\"&\"\" 'one'</i>\""))
        }
    }

    @Test func weekSpanCoversSevenDays() async throws {
        try await withApp { app in
            let (showtime, free) = try await app.bookableShowtime()
            _ = try await app.book(try await app.signedInBrowser("nora"), showtime: showtime, seats: [free[0], free[1]])
            let today = DayDate(date: app.clock.now, in: app.settings.calendar)
            let staff = try await app.signedInBrowser("usher", role: .staff)
            let page = try await staff.get("/dashboard?date=\(today)&span=week")
            #expect(page.status == 200)
            #expect(page.body.contains("<option value=\"week\" selected>"))
            // Seven bars, one per day, each with its tooltip.
            let bars = page.body.components(separatedBy: "<svg class=\"chart bars\"")[1].components(separatedBy: "</svg>")[0]
            #expect(bars.components(separatedBy: "<rect ").count - 1 == 7)
            #expect(page.body.contains("Tickets sold</div><div class=\"value\">2</div>"))

            let range = app.settings.days(from: app.settings.noon(of: today), count: 7)
            let scheduled = try app.count("SELECT COUNT(*) FROM showtimes WHERE status = 'scheduled' AND starts_at >= ? AND starts_at < ?", [range.start, range.end])
            let csv = try await staff.get("/dashboard.csv?date=\(today)&span=week")
            #expect(csv.status == 200)
            #expect(csv.header("Content-Disposition") == "attachment; filename=\"marquee-occupancy-\(today)-week.csv\"")
            let rows = csvRows(csv.body)
            #expect(rows.count - 1 == scheduled)
            #expect(rows.dropFirst().map { Int($0[14]) ?? 0 }.reduce(0, +) == 2)

            // The week after today is another page of figures: the chooser moves by seven days.
            let next = app.settings.calendar.date(byAdding: .day, value: 7, to: app.settings.noon(of: today))!
            #expect(page.body.contains("href=\"/dashboard?date=\(DayDate(date: next, in: app.settings.calendar))&amp;span=week\""))
        }
    }

    @Test func badChoicesSayWhyAndShowToday() async throws {
        try await withApp { app in
            let today = DayDate(date: app.clock.now, in: app.settings.calendar)
            let staff = try await app.signedInBrowser("usher", role: .staff)
            for (query, message) in [
                ("date=tomorrow", "Date must be a date like"),
                ("date=2025-02-30", "Date: there is no date 2025-02-30."),
                ("date=1582-10-10", "Date must be a date between 1870 and 2200."),
                ("span=month", "Span &quot;month&quot; is not one of the choices."),
            ] {
                let page = try await staff.get("/dashboard?\(query)")
                #expect(page.status == 400, "\(query)")
                #expect(page.body.contains(message), "\(query)")
                #expect(page.body.contains("name=\"date\" value=\"\(today)\""), "\(query)")
                #expect(page.body.contains("<svg class=\"chart bars\""), "\(query)")
                #expect(try await staff.get("/dashboard.csv?\(query)").status == 400, "\(query)")
            }
            let plain = try await staff.get("/dashboard")
            #expect(plain.status == 200)
            #expect(plain.body.contains("name=\"date\" value=\"\(today)\""))
            #expect(plain.body.contains("<option value=\"day\" selected>"))
        }
    }
}
