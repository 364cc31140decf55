public import Foundation
import GRDB

/// The staff dashboard: occupancy and sales of the showtimes of a day or a week.
///
/// Every figure is counted from the reservations in one read: sold seats are the seats of
/// confirmed bookings, held seats those of holds that have not run out at `now`, revenue the
/// sum of the prices stored with the seats of confirmed bookings. Cancelled showtimes are
/// left out.
///
/// ```swift
/// let reports = Reports(database: database, settings: settings)
/// let today = try await reports.dashboard(range: settings.day(containing: now), now: now)
/// let csv = Reports.csv(today.showtimes, settings: settings)
/// ```
public struct Reports: Sendable {
    let database: CinemaDatabase
    let settings: CinemaSettings

    public init(database: CinemaDatabase, settings: CinemaSettings) {
        self.database = database
        self.settings = settings
    }

    /// The dashboard for the showtimes starting inside `range`.
    ///
    /// - Parameters:
    ///   - range: Usually a local day (``CinemaSettings/day(containing:)``) or week
    ///     (``CinemaSettings/days(from:count:)``).
    ///   - now: Holds running out by `now` no longer count as held.
    public func dashboard(range: DateInterval, now: Date) async throws -> Dashboard {
        let rows = try await database.read { db in try Self.fetchOccupancy(db, range: range, now: now) }
        return Self.dashboard(rows, range: range, now: now, settings: settings)
    }

    static func fetchOccupancy(_ db: Database, range: DateInterval, now: Date) throws -> [ShowtimeOccupancy] {
        try Row.fetchAll(
            db,
            sql: """
                WITH hall_seats AS (
                    SELECT hall_id, COUNT(*) AS seats, SUM(blocked) AS blocked FROM seats GROUP BY hall_id),
                sales AS (
                    SELECT r.showtime_id,
                           COUNT(DISTINCT CASE WHEN r.status = 'confirmed' THEN r.id END) AS reservations,
                           SUM(r.status = 'confirmed') AS sold,
                           SUM\(Reservation.liveHoldSQL(now: "?1")) AS held,
                           SUM(CASE WHEN r.status = 'confirmed' THEN rs.price_cents ELSE 0 END) AS revenue
                    FROM reservations r JOIN reservation_seats rs ON rs.reservation_id = r.id
                    WHERE r.showtime_id IN (SELECT id FROM showtimes WHERE starts_at >= ?2 AND starts_at < ?3)
                    GROUP BY r.showtime_id)
                SELECT s.id, s.movie_id, s.hall_id, s.starts_at, m.title, h.name AS hall_name, h.format,
                       COALESCE(hs.seats, 0) AS seats, COALESCE(hs.blocked, 0) AS blocked,
                       COALESCE(sales.reservations, 0) AS reservations, COALESCE(sales.sold, 0) AS sold,
                       COALESCE(sales.held, 0) AS held, COALESCE(sales.revenue, 0) AS revenue
                FROM showtimes s
                JOIN movies m ON m.id = s.movie_id
                JOIN halls h ON h.id = s.hall_id
                LEFT JOIN hall_seats hs ON hs.hall_id = s.hall_id
                LEFT JOIN sales ON sales.showtime_id = s.id
                WHERE s.status = 'scheduled' AND s.starts_at >= ?2 AND s.starts_at < ?3
                ORDER BY s.starts_at, h.name COLLATE NOCASE, s.id
                """,
            arguments: [now, range.start, range.end]
        ).map { row in
            let seats: Int = row["seats"]
            let blocked: Int = row["blocked"]
            let sold: Int = row["sold"]
            let held: Int = row["held"]
            let capacity = seats - blocked
            return ShowtimeOccupancy(
                showtimeID: row["id"], movieID: row["movie_id"], movieTitle: row["title"], hallID: row["hall_id"],
                hallName: row["hall_name"], format: HallFormat(rawValue: row["format"]) ?? .standard,
                startsAt: row["starts_at"],
                figures: OccupancyFigures(
                    showtimes: 1, seats: seats, capacity: capacity, sold: sold, held: held, blocked: blocked,
                    free: max(0, capacity - sold - held), reservations: row["reservations"], ticketsSold: sold,
                    revenueCents: row["revenue"]))
        }
    }

    /// Groups, totals, heatmap and daily revenue of per-showtime rows (pure).
    static func dashboard(
        _ rows: [ShowtimeOccupancy], range: DateInterval, now: Date, settings: CinemaSettings
    ) -> Dashboard {
        func groups(_ key: (ShowtimeOccupancy) -> (Int64, String)) -> [OccupancyGroup] {
            var result: [Int64: OccupancyGroup] = [:]
            for row in rows {
                let (id, name) = key(row)
                result[id, default: OccupancyGroup(id: id, name: name, figures: OccupancyFigures())].figures =
                    result[id, default: OccupancyGroup(id: id, name: name, figures: OccupancyFigures())].figures + row.figures
            }
            return result.values.sorted {
                ($0.name.localizedLowercase, $0.id) < ($1.name.localizedLowercase, $1.id)
            }
        }
        let byHall = groups { ($0.hallID, $0.hallName) }
        let totals = rows.reduce(OccupancyFigures()) { $0 + $1.figures }

        let calendar = settings.calendar
        // Heatmap: hall × local start hour, average percent full.
        var buckets: [Int64: [Int: [Double]]] = [:]
        for row in rows {
            buckets[row.hallID, default: [:]][calendar.component(.hour, from: row.startsAt), default: []]
                .append(row.figures.percentFull)
        }
        let startHours = rows.map { calendar.component(.hour, from: $0.startsAt) }
        let hours = startHours.min().map { Array($0...(startHours.max() ?? $0)) } ?? []
        let heatmap = OccupancyHeatmap(
            hours: hours,
            rows: byHall.map { hall in
                OccupancyHeatmap.Row(
                    hallID: hall.id, hallName: hall.name,
                    cells: hours.map { hour in
                        let values = buckets[hall.id]?[hour] ?? []
                        return OccupancyHeatmap.Cell(
                            hour: hour, showtimes: values.count,
                            averagePercentFull: values.isEmpty ? nil : values.reduce(0, +) / Double(values.count))
                    })
            })

        // Revenue per local day of the range, zero days included.
        var perDay: [DayDate: DailyRevenue] = [:]
        for row in rows {
            let day = DayDate(date: row.startsAt, in: calendar)
            var entry = perDay[day] ?? DailyRevenue(day: day, showtimes: 0, ticketsSold: 0, revenueCents: 0)
            entry.showtimes += 1
            entry.ticketsSold += row.figures.ticketsSold
            entry.revenueCents += row.figures.revenueCents
            perDay[day] = entry
        }
        var days: [DailyRevenue] = []
        var cursor = calendar.startOfDay(for: range.start)
        while cursor < range.end {
            let day = DayDate(date: cursor, in: calendar)
            days.append(perDay[day] ?? DailyRevenue(day: day, showtimes: 0, ticketsSold: 0, revenueCents: 0))
            guard let next = calendar.date(byAdding: .day, value: 1, to: cursor), next > cursor else { break }
            cursor = next
        }

        return Dashboard(
            range: range, generatedAt: now, showtimes: rows, byHall: byHall, byMovie: groups { ($0.movieID, $0.movieTitle) },
            totals: totals, heatmap: heatmap, revenueByDay: days)
    }
}
