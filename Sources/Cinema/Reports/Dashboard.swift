public import Foundation

/// The staff dashboard for a day or a week: every figure comes from the reservations.
public struct Dashboard: Sendable, Hashable {
    /// The interval asked for; showtimes starting inside it are counted.
    public var range: DateInterval
    /// The time live holds were judged at.
    public var generatedAt: Date
    /// Scheduled showtimes starting in the range, earliest first.
    public var showtimes: [ShowtimeOccupancy]
    /// Per hall, by name.
    public var byHall: [OccupancyGroup]
    /// Per movie, by title.
    public var byMovie: [OccupancyGroup]
    public var totals: OccupancyFigures
    public var heatmap: OccupancyHeatmap
    /// Every local day of the range, in order, zero days included.
    public var revenueByDay: [DailyRevenue]

    public init(
        range: DateInterval, generatedAt: Date, showtimes: [ShowtimeOccupancy], byHall: [OccupancyGroup],
        byMovie: [OccupancyGroup], totals: OccupancyFigures, heatmap: OccupancyHeatmap, revenueByDay: [DailyRevenue]
    ) {
        self.range = range
        self.generatedAt = generatedAt
        self.showtimes = showtimes
        self.byHall = byHall
        self.byMovie = byMovie
        self.totals = totals
        self.heatmap = heatmap
        self.revenueByDay = revenueByDay
    }
}

/// Seat and sales counts that add up: per showtime, per group, in total.
///
/// `capacity = seats − blocked`, `free = capacity − sold − held` (never below 0).
public struct OccupancyFigures: Sendable, Hashable {
    public var showtimes: Int
    /// Every seat of the hall(s), blocked ones included.
    public var seats: Int
    /// Seats that can be sold.
    public var capacity: Int
    /// Seats in confirmed bookings.
    public var sold: Int
    /// Seats in holds that have not run out.
    public var held: Int
    public var blocked: Int
    public var free: Int
    /// Confirmed bookings.
    public var reservations: Int
    /// Tickets in confirmed bookings: one per sold seat.
    public var ticketsSold: Int
    /// Sum of the prices of the seats of confirmed bookings, in cents.
    public var revenueCents: Int

    public init(
        showtimes: Int = 0, seats: Int = 0, capacity: Int = 0, sold: Int = 0, held: Int = 0, blocked: Int = 0,
        free: Int = 0, reservations: Int = 0, ticketsSold: Int = 0, revenueCents: Int = 0
    ) {
        self.showtimes = showtimes
        self.seats = seats
        self.capacity = capacity
        self.sold = sold
        self.held = held
        self.blocked = blocked
        self.free = free
        self.reservations = reservations
        self.ticketsSold = ticketsSold
        self.revenueCents = revenueCents
    }

    /// Sold seats as a percentage of capacity (0 when there is no capacity).
    public var percentFull: Double {
        capacity > 0 ? Double(sold) * 100 / Double(capacity) : 0
    }

    static func + (lhs: OccupancyFigures, rhs: OccupancyFigures) -> OccupancyFigures {
        OccupancyFigures(
            showtimes: lhs.showtimes + rhs.showtimes, seats: lhs.seats + rhs.seats, capacity: lhs.capacity + rhs.capacity,
            sold: lhs.sold + rhs.sold, held: lhs.held + rhs.held, blocked: lhs.blocked + rhs.blocked,
            free: lhs.free + rhs.free, reservations: lhs.reservations + rhs.reservations,
            ticketsSold: lhs.ticketsSold + rhs.ticketsSold, revenueCents: lhs.revenueCents + rhs.revenueCents)
    }
}

/// One showtime's occupancy and sales.
public struct ShowtimeOccupancy: Sendable, Hashable, Identifiable {
    public var showtimeID: Int64
    public var movieID: Int64
    public var movieTitle: String
    public var hallID: Int64
    public var hallName: String
    public var format: HallFormat
    public var startsAt: Date
    public var figures: OccupancyFigures

    public init(
        showtimeID: Int64, movieID: Int64, movieTitle: String, hallID: Int64, hallName: String, format: HallFormat,
        startsAt: Date, figures: OccupancyFigures
    ) {
        self.showtimeID = showtimeID
        self.movieID = movieID
        self.movieTitle = movieTitle
        self.hallID = hallID
        self.hallName = hallName
        self.format = format
        self.startsAt = startsAt
        self.figures = figures
    }

    public var id: Int64 { showtimeID }
}

/// The figures of the showtimes of one hall or one movie.
public struct OccupancyGroup: Sendable, Hashable, Identifiable {
    /// The hall's or the movie's id.
    public var id: Int64
    public var name: String
    public var figures: OccupancyFigures

    public init(id: Int64, name: String, figures: OccupancyFigures) {
        self.id = id
        self.name = name
        self.figures = figures
    }
}

/// Revenue of the showtimes of one local day.
public struct DailyRevenue: Sendable, Hashable {
    public var day: DayDate
    public var showtimes: Int
    public var ticketsSold: Int
    public var revenueCents: Int

    public init(day: DayDate, showtimes: Int, ticketsSold: Int, revenueCents: Int) {
        self.day = day
        self.showtimes = showtimes
        self.ticketsSold = ticketsSold
        self.revenueCents = revenueCents
    }
}

/// How full the halls are by local hour of the day: hall × hour cells, each the average
/// percent full of the showtimes starting in that hour.
public struct OccupancyHeatmap: Sendable, Hashable {
    /// One cell.
    public struct Cell: Sendable, Hashable {
        /// Local hour, 0–23.
        public var hour: Int
        /// Showtimes of the hall starting in that hour.
        public var showtimes: Int
        /// Average of their percent full; nil when there is none.
        public var averagePercentFull: Double?

        public init(hour: Int, showtimes: Int, averagePercentFull: Double?) {
            self.hour = hour
            self.showtimes = showtimes
            self.averagePercentFull = averagePercentFull
        }
    }

    /// One hall's cells, one per hour of ``OccupancyHeatmap/hours``.
    public struct Row: Sendable, Hashable {
        public var hallID: Int64
        public var hallName: String
        public var cells: [Cell]

        public init(hallID: Int64, hallName: String, cells: [Cell]) {
            self.hallID = hallID
            self.hallName = hallName
            self.cells = cells
        }
    }

    /// Columns: every hour from the earliest to the latest start, in order (empty without showtimes).
    public var hours: [Int]
    /// Halls with showtimes in the range, by name.
    public var rows: [Row]

    public init(hours: [Int], rows: [Row]) {
        self.hours = hours
        self.rows = rows
    }
}
