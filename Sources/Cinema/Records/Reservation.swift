public import Foundation
import GRDB

/// Where a reservation stands.
public enum ReservationStatus: String, Sendable, CaseIterable, Codable {
    /// Seats claimed for a few minutes while the moviegoer checks out.
    case held
    /// Booked: the seats are the moviegoer's.
    case confirmed
    /// Cancelled by the moviegoer (or a hold they released); the seats are free again.
    case cancelled
    /// A hold that ran out before confirmation; the seats are free again.
    case expired
}

/// A reservation's own fields.
public struct Reservation: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// The short human code printed on tickets and used in URLs ("K7Q-42M").
    public var code: String
    public var userID: Int64
    public var showtimeID: Int64
    public var status: ReservationStatus
    /// When a hold lets its seats go, if it is (or was) a hold.
    public var holdExpiresAt: Date?
    /// Sum of the seats' prices; provisional (default ticket type) while held.
    public var totalCents: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var confirmedAt: Date?
    public var cancelledAt: Date?

    public init(
        id: Int64, code: String, userID: Int64, showtimeID: Int64, status: ReservationStatus,
        holdExpiresAt: Date?, totalCents: Int, createdAt: Date, updatedAt: Date,
        confirmedAt: Date?, cancelledAt: Date?
    ) {
        self.id = id
        self.code = code
        self.userID = userID
        self.showtimeID = showtimeID
        self.status = status
        self.holdExpiresAt = holdExpiresAt
        self.totalCents = totalCents
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.confirmedAt = confirmedAt
        self.cancelledAt = cancelledAt
    }

    /// True for a hold whose time has not run out at `now`.
    public func isLiveHold(at now: Date) -> Bool {
        status == .held && (holdExpiresAt.map { $0 > now } ?? false)
    }

    /// Whole seconds a hold has left at `now` (0 when expired or not a hold).
    public func secondsLeft(at now: Date) -> Int {
        guard status == .held, let expiry = holdExpiresAt else { return 0 }
        return max(0, Int(expiry.timeIntervalSince(now).rounded(.up)))
    }

    /// ``isLiveHold(at:)`` in SQL, for reservation `alias` (`r` for `r.status`, or `""` for
    /// bare columns) at the time bound to `parameter` (a plain `?` or a numbered one such as
    /// `?2`). A hold past its expiry is over even before a write marks it expired.
    static func liveHoldSQL(_ alias: String = "r", now parameter: String = "?") -> String {
        let column = alias.isEmpty ? "" : alias + "."
        return "(\(column)status = 'held' AND \(column)hold_expires_at > \(parameter))"
    }

    /// Whether the reservation holds its seats, in SQL (arguments as ``liveHoldSQL(_:now:)``):
    /// confirmed, or a live hold. The rule for every query that counts a showtime's or a
    /// hall's reservations; seat counts read the claims instead (``SeatClaim/liveSQL(now:)``).
    static func liveSQL(_ alias: String = "r", now parameter: String = "?") -> String {
        let column = alias.isEmpty ? "" : alias + "."
        return "(\(column)status = 'confirmed' OR \(liveHoldSQL(alias, now: parameter)))"
    }
}

/// One seat of a reservation with its ticket type and price.
public struct ReservationSeat: Sendable, Hashable {
    public var seatID: Int64
    public var rowLabel: String
    public var number: Int
    public var category: SeatCategory
    /// Nil while held and no type was chosen yet.
    public var ticketType: TicketType?
    /// Price of the seat: ticket type for the format plus the category surcharge.
    public var priceCents: Int

    public init(
        seatID: Int64, rowLabel: String, number: Int, category: SeatCategory,
        ticketType: TicketType?, priceCents: Int
    ) {
        self.seatID = seatID
        self.rowLabel = rowLabel
        self.number = number
        self.category = category
        self.ticketType = ticketType
        self.priceCents = priceCents
    }

    /// "F12".
    public var label: String { "\(rowLabel)\(number)" }
}

/// A reservation with what its checkout or ticket page shows.
public struct ReservationDetail: Sendable, Hashable {
    public var reservation: Reservation
    public var showtime: ScheduledShowtime
    /// Seats in row then number order.
    public var seats: [ReservationSeat]
    /// Ticket types with their price for this showtime's format, for the checkout form.
    public var ticketOptions: [TicketPrice]
    /// Surcharge per seat category in cents (missing categories cost nothing extra).
    public var surcharges: [SeatCategory: Int]

    public init(
        reservation: Reservation, showtime: ScheduledShowtime, seats: [ReservationSeat],
        ticketOptions: [TicketPrice], surcharges: [SeatCategory: Int]
    ) {
        self.reservation = reservation
        self.showtime = showtime
        self.seats = seats
        self.ticketOptions = ticketOptions
        self.surcharges = surcharges
    }

    public var code: String { reservation.code }
    public var status: ReservationStatus { reservation.status }
    public var totalCents: Int { reservation.totalCents }

    /// True when the seats can still be changed or the booking cancelled at `now`.
    public func isChangeable(at now: Date) -> Bool {
        reservation.status == .confirmed && showtime.status == .scheduled && showtime.startsAt > now
    }
}

/// A reservation as the "my reservations" list shows it.
public struct ReservationSummary: Sendable, Hashable {
    public var code: String
    public var status: ReservationStatus
    public var showtimeID: Int64
    public var movieID: Int64
    public var movieTitle: String
    public var posterPath: String?
    public var hallName: String
    public var format: HallFormat
    public var startsAt: Date
    /// "F11", "F12", ... in order.
    public var seatLabels: [String]
    public var totalCents: Int
    public var holdExpiresAt: Date?

    public init(
        code: String, status: ReservationStatus, showtimeID: Int64, movieID: Int64,
        movieTitle: String, posterPath: String?, hallName: String, format: HallFormat,
        startsAt: Date, seatLabels: [String], totalCents: Int, holdExpiresAt: Date?
    ) {
        self.code = code
        self.status = status
        self.showtimeID = showtimeID
        self.movieID = movieID
        self.movieTitle = movieTitle
        self.posterPath = posterPath
        self.hallName = hallName
        self.format = format
        self.startsAt = startsAt
        self.seatLabels = seatLabels
        self.totalCents = totalCents
        self.holdExpiresAt = holdExpiresAt
    }
}

/// A moviegoer's reservations, split at the current time.
public struct ReservationList: Sendable, Hashable {
    /// Confirmed bookings and live holds for showtimes not started yet, soonest first,
    /// then cancelled ones for those showtimes.
    public var upcoming: [ReservationSummary]
    /// One page of the reservations for showtimes that have started, latest first (expired
    /// holds left out).
    public var past: [ReservationSummary]
    /// Which page of past reservations ``past`` is, from 1.
    public var pastPage: Int
    /// Past reservations per page.
    public var pastPerPage: Int
    /// How many past reservations there are on all pages.
    public var pastCount: Int

    public init(upcoming: [ReservationSummary], past: [ReservationSummary], pastPage: Int, pastPerPage: Int, pastCount: Int) {
        self.upcoming = upcoming
        self.past = past
        self.pastPage = pastPage
        self.pastPerPage = pastPerPage
        self.pastCount = pastCount
    }

    /// How many pages of past reservations there are (at least 1).
    public var pastPageCount: Int { Paging.pageCount(total: pastCount, perPage: pastPerPage) }
}

extension Reservation {
    /// The columns ``init(_:)`` reads.
    static let columns = columns(prefix: "")

    /// The columns ``init(_:)`` reads, each prefixed (`"r."` for a join).
    static func columns(prefix: String) -> String {
        ["id", "code", "user_id", "showtime_id", "status", "hold_expires_at", "total_cents",
         "created_at", "updated_at", "confirmed_at", "cancelled_at"]
            .map { prefix + $0 }.joined(separator: ", ")
    }

    /// A reservation from the columns of ``columns(prefix:)``, in that order, from column 0 of
    /// `row` on.
    init(_ row: SQLiteRow) {
        self.init(
            id: row.int64(0),
            code: row.text(1),
            userID: row.int64(2),
            showtimeID: row.int64(3),
            status: ReservationStatus(rawValue: row.text(4)) ?? .expired,
            holdExpiresAt: row.date(5),
            totalCents: row.int(6),
            createdAt: row.date(7) ?? Date(timeIntervalSince1970: 0),
            updatedAt: row.date(8) ?? Date(timeIntervalSince1970: 0),
            confirmedAt: row.date(9),
            cancelledAt: row.date(10))
    }

    /// The reservations `SELECT` ``columns`` `FROM reservations` `whereSQL` finds (a
    /// `WHERE` and maybe an `ORDER BY`, with `?` for `arguments`), through a cached statement.
    static func fetchAll(_ db: Database, _ whereSQL: String, arguments: StatementArguments) throws -> [Reservation] {
        var reservations: [Reservation] = []
        try db.cachedStatement(sql: "SELECT \(columns) FROM reservations \(whereSQL)").forEachRow(arguments: arguments) {
            reservations.append(Reservation($0))
        }
        return reservations
    }
}
