import Foundation
import GRDB
import Testing
@testable import Cinema

struct ReportsTests {
    /// Two days of showtimes in two halls, with bookings, holds, a cancelled booking, an
    /// expired hold and a cancelled showtime, all made through the real services.
    struct Scenario {
        var cinema: AdminFixture
        var hall1: Int64
        var grand: Int64
        var s1: Int64, s2: Int64, s3: Int64, s4: Int64
        /// Confirmed bookings that stand, as Booking returned them.
        var tickets: [ReservationDetail]

        static func make() async throws -> Scenario {
            let cinema = try await AdminFixture.make()
            let hall1 = try await cinema.hall()  // 12 seats, C4 blocked
            let grand = try await cinema.hall("Grand", format: .imax, layout: "ssss\nvvvv")
            let orbit = try await cinema.movie("Orbitfall", runtime: 100)
            let boats = try await cinema.movie("Paper Boats", runtime: 90)
            let s1 = try await cinema.showtime(orbit, hall1, at: "2025-06-03 14:00")
            let s2 = try await cinema.showtime(boats, hall1, at: "2025-06-03 18:00")
            let s3 = try await cinema.showtime(orbit, grand, at: "2025-06-03 18:30")
            let s4 = try await cinema.showtime(boats, grand, at: "2025-06-04 14:15")
            let s5 = try await cinema.showtime(orbit, hall1, at: "2025-06-03 21:00")
            let ada = try await cinema.customer("ada")
            let bob = try await cinema.customer("bob")
            let cy = try await cinema.customer("cyd")
            let dan = try await cinema.customer("dan")
            let eve = try await cinema.customer("eve")
            var tickets: [ReservationDetail] = []
            tickets.append(try await cinema.book(ada, showtime: s1, hall: hall1, seats: ["A1", "A2"], types: ["A2": "child"]))
            tickets.append(try await cinema.book(bob, showtime: s1, hall: hall1, seats: ["B3"]))
            _ = try await cinema.hold(cy, showtime: s1, hall: hall1, seats: ["C1"])
            _ = try await cinema.hold(dan, showtime: s1, hall: hall1, seats: ["C2"], at: cinema.now.addingTimeInterval(-3_600))
            let cancelled = try await cinema.book(eve, showtime: s1, hall: hall1, seats: ["B1"])
            _ = try await cinema.booking.cancel(code: cancelled.code, userID: eve.id, now: cinema.now)
            tickets.append(try await cinema.book(ada, showtime: s3, hall: grand, seats: ["A1", "B1"]))
            tickets.append(try await cinema.book(bob, showtime: s4, hall: grand, seats: ["A1", "A2"]))
            try await cinema.book(eve, showtime: s5, hall: hall1, seats: ["A1", "A2", "A3"])
            try await cinema.schedule.cancel(id: s5, actor: cinema.admin.id, now: cinema.now)
            return Scenario(cinema: cinema, hall1: hall1, grand: grand, s1: s1, s2: s2, s3: s3, s4: s4, tickets: tickets)
        }

        var week: DateInterval { cinema.settings.days(from: cinema.local("2025-06-03 00:00"), count: 2) }
    }

    @Test func perShowtimeFiguresMatchTheBookings() async throws {
        let scenario = try await Scenario.make()
        let cinema = scenario.cinema
        let dashboard = try await cinema.reports.dashboard(range: scenario.week, now: cinema.now)
        #expect(dashboard.showtimes.map(\.showtimeID) == [scenario.s1, scenario.s2, scenario.s3, scenario.s4])
        let byID = Dictionary(uniqueKeysWithValues: dashboard.showtimes.map { ($0.showtimeID, $0.figures) })
        #expect(byID[scenario.s1] == OccupancyFigures(
            showtimes: 1, seats: 12, capacity: 11, sold: 3, held: 1, blocked: 1, free: 7, reservations: 2, ticketsSold: 3,
            revenueCents: 1_200 + 800 + 1_200 + 300))
        #expect(byID[scenario.s2] == OccupancyFigures(showtimes: 1, seats: 12, capacity: 11, blocked: 1, free: 11))
        #expect(byID[scenario.s3] == OccupancyFigures(
            showtimes: 1, seats: 8, capacity: 8, sold: 2, free: 6, reservations: 1, ticketsSold: 2,
            revenueCents: 1_700 + 1_700 + 300))
        #expect(byID[scenario.s4] == OccupancyFigures(
            showtimes: 1, seats: 8, capacity: 8, sold: 2, free: 6, reservations: 1, ticketsSold: 2, revenueCents: 3_400))
        #expect(abs((byID[scenario.s1]?.percentFull ?? 0) - 300.0 / 11) < 0.000_1)

        // Each showtime's revenue is the sum of its bookings' totals, and its free seats are
        // the seats the public listing shows as left.
        for occupancy in dashboard.showtimes {
            let bookings = scenario.tickets.filter { $0.showtime.id == occupancy.showtimeID }
            #expect(occupancy.figures.revenueCents == bookings.reduce(0) { $0 + $1.totalCents })
            #expect(occupancy.figures.ticketsSold == bookings.reduce(0) { $0 + $1.seats.count })
            #expect(occupancy.figures.reservations == bookings.count)
            let listing = try await Catalog(database: cinema.database, settings: cinema.settings)
                .showtime(id: occupancy.showtimeID, now: cinema.now)
            #expect(listing?.seatsLeft == occupancy.figures.free)
            #expect(listing?.capacity == occupancy.figures.capacity)
        }
    }

    @Test func groupsAndTotalsAddUp() async throws {
        let scenario = try await Scenario.make()
        let cinema = scenario.cinema
        let dashboard = try await cinema.reports.dashboard(range: scenario.week, now: cinema.now)
        let revenue = scenario.tickets.reduce(0) { $0 + $1.totalCents }
        #expect(revenue == 10_600)
        #expect(dashboard.totals == OccupancyFigures(
            showtimes: 4, seats: 40, capacity: 38, sold: 7, held: 1, blocked: 2, free: 30, reservations: 4, ticketsSold: 7,
            revenueCents: revenue))
        let stored = try await cinema.count("SELECT SUM(total_cents) FROM reservations WHERE status = 'confirmed'")
        #expect(stored == revenue)

        #expect(dashboard.byHall.map(\.name) == ["Grand", "Hall 1"])
        #expect(dashboard.byHall.map(\.figures.revenueCents) == [3_700 + 3_400, 3_500])
        #expect(dashboard.byHall.map(\.figures.capacity) == [16, 22])
        #expect(dashboard.byHall.map(\.figures.held) == [0, 1])
        #expect(dashboard.byMovie.map(\.name) == ["Orbitfall", "Paper Boats"])
        #expect(dashboard.byMovie.map(\.figures.revenueCents) == [3_500 + 3_700, 3_400])
        #expect(dashboard.byMovie.map(\.figures.showtimes) == [2, 2])
        for groups in [dashboard.byHall, dashboard.byMovie] {
            #expect(groups.reduce(OccupancyFigures()) { $0 + $1.figures } == dashboard.totals)
        }
    }

    @Test func heatmapAndRevenuePerDayUseLocalTime() async throws {
        let scenario = try await Scenario.make()
        let cinema = scenario.cinema
        let dashboard = try await cinema.reports.dashboard(range: scenario.week, now: cinema.now)
        #expect(dashboard.heatmap.hours == [14, 15, 16, 17, 18])
        #expect(dashboard.heatmap.rows.map(\.hallName) == ["Grand", "Hall 1"])
        let grand = dashboard.heatmap.rows[0].cells
        #expect(grand.map(\.showtimes) == [1, 0, 0, 0, 1])
        #expect(grand.map(\.averagePercentFull) == [25, nil, nil, nil, 25])
        let hall1 = dashboard.heatmap.rows[1].cells
        #expect(hall1.map(\.showtimes) == [1, 0, 0, 0, 1])
        #expect(abs((hall1[0].averagePercentFull ?? 0) - 300.0 / 11) < 0.000_1)
        #expect(hall1[4].averagePercentFull == 0)

        #expect(dashboard.revenueByDay == [
            DailyRevenue(day: DayDate(year: 2025, month: 6, day: 3), showtimes: 3, ticketsSold: 5, revenueCents: 7_200),
            DailyRevenue(day: DayDate(year: 2025, month: 6, day: 4), showtimes: 1, ticketsSold: 2, revenueCents: 3_400),
        ])

        // One local day only.
        let tuesday = try await cinema.reports.dashboard(
            range: cinema.settings.day(containing: cinema.local("2025-06-03 12:00")), now: cinema.now)
        #expect(tuesday.showtimes.count == 3)
        #expect(tuesday.totals.revenueCents == 7_200)
        #expect(tuesday.revenueByDay.map(\.day) == [DayDate(year: 2025, month: 6, day: 3)])
    }

    @Test func heldSeatsStopCountingWhenTheHoldRunsOut() async throws {
        let scenario = try await Scenario.make()
        let cinema = scenario.cinema
        let later = cinema.now.addingTimeInterval(600)
        let dashboard = try await cinema.reports.dashboard(range: scenario.week, now: later)
        #expect(dashboard.totals.held == 0)
        #expect(dashboard.totals.free == 31)
    }

    @Test func theCSVHasAHeaderAndARowPerShowtime() async throws {
        let scenario = try await Scenario.make()
        let cinema = scenario.cinema
        let dashboard = try await cinema.reports.dashboard(range: scenario.week, now: cinema.now)
        let csv = Reports.csv(dashboard.showtimes, settings: cinema.settings)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines.count == 6)
        #expect(lines.last == "")
        #expect(lines[0] == "showtime_id,date,time,movie,hall,format,seats,capacity,sold,held,blocked,free,percent_full,reservations,tickets_sold,revenue_cents")
        #expect(lines[1] == "\(scenario.s1),2025-06-03,14:00,Orbitfall,Hall 1,standard,12,11,3,1,1,7,27.3,2,3,3500")
        #expect(lines[2] == "\(scenario.s2),2025-06-03,18:00,Paper Boats,Hall 1,standard,12,11,0,0,1,11,0.0,0,0,0")
        #expect(lines[3] == "\(scenario.s3),2025-06-03,18:30,Orbitfall,Grand,imax,8,8,2,0,0,6,25.0,1,2,3700")
        #expect(lines[4] == "\(scenario.s4),2025-06-04,14:15,Paper Boats,Grand,imax,8,8,2,0,0,6,25.0,1,2,3400")
    }

    @Test func csvFieldsAreQuotedPerRFC4180AndFormulasDefused() {
        let settings = CinemaSettings(timeZone: AdminFixture.timeZone)
        let row = ShowtimeOccupancy(
            showtimeID: 9, movieID: 1, movieTitle: "Crouching \"Tiger\", Hidden\nDragon", hallID: 1,
            hallName: "=HYPERLINK(\"x\")", format: .threeD, startsAt: AdminFixture.local("2025-12-24 23:45"),
            figures: OccupancyFigures(showtimes: 1, seats: 3, capacity: 3, sold: 2, free: 1, reservations: 1, ticketsSold: 2, revenueCents: 2_000))
        let csv = Reports.csv([row], settings: settings)
        #expect(csv.hasSuffix(
            "\r\n9,2025-12-24,23:45,\"Crouching \"\"Tiger\"\", Hidden\nDragon\",\"'=HYPERLINK(\"\"x\"\")\",3d,3,3,2,0,0,1,66.7,1,2,2000\r\n"))
        #expect(Reports.csvField("plain") == "plain")
        #expect(Reports.csvField("a,b") == "\"a,b\"")
        #expect(Reports.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(Reports.csvField("line\r\nbreak") == "\"line\r\nbreak\"")
        #expect(Reports.csv([], settings: settings) == Reports.csvHeader.joined(separator: ",") + "\r\n")
    }

    @Test func anEmptyRangeGivesZeroesForEveryDay() async throws {
        let cinema = try await AdminFixture.make()
        let dashboard = try await cinema.reports.dashboard(
            range: cinema.settings.days(from: cinema.local("2025-06-09 00:00"), count: 7), now: cinema.now)
        #expect(dashboard.showtimes.isEmpty)
        #expect(dashboard.totals == OccupancyFigures())
        #expect(dashboard.totals.percentFull == 0)
        #expect(dashboard.heatmap.hours.isEmpty)
        #expect(dashboard.revenueByDay.count == 7)
        #expect(dashboard.revenueByDay.allSatisfy { $0.revenueCents == 0 })
        #expect(dashboard.revenueByDay.first?.day == DayDate(year: 2025, month: 6, day: 9))
    }
}
