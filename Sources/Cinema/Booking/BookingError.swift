/// Why a booking operation was refused.
public enum BookingError: Error, Sendable, Equatable {
    /// Someone else holds or booked these seats (the whole request changed nothing).
    case seatsTaken([SeatLabel])
    /// More seats than ``CinemaSettings/maxSeatsPerBooking``.
    case tooManySeats(max: Int)
    /// The request named no seat.
    case noSeatsChosen
    /// A seat id does not exist or belongs to another hall.
    case unknownSeats
    /// These seats are blocked and never sold.
    case seatBlocked([SeatLabel])
    /// No showtime has this id.
    case showtimeNotFound
    /// The showtime was cancelled or has started.
    case showtimeNotBookable
    /// No reservation with this code belongs to the user.
    case reservationNotFound
    /// The hold ran out; its seats were released.
    case holdExpired
    /// Only a hold can be confirmed or given ticket types; this reservation is not one.
    case notHeld
    /// Only a confirmed booking can change seats.
    case notConfirmed
    /// The showtime has started (or was cancelled): the booking can no longer change.
    case showtimeStarted
    /// A seat change must keep the number of seats.
    case seatCountMismatch(expected: Int)
    /// No ticket type has this code.
    case unknownTicketType(String)
    /// The ticket type has no price in this hall's format.
    case ticketTypeNotSold(String)

    /// A sentence for the page.
    public var message: String {
        switch self {
        case .seatsTaken(let seats):
            seats.count == 1
                ? "Seat \(seats[0]) was just taken by someone else. Please pick another."
                : "Seats \(seats.map(\.description).joined(separator: ", ")) were just taken by someone else. Please pick others."
        case .tooManySeats(let max):
            "You can book at most \(max) seats at once."
        case .noSeatsChosen:
            "Pick at least one seat."
        case .unknownSeats:
            "Some of those seats do not exist in this hall."
        case .seatBlocked(let seats):
            "Seat\(seats.count == 1 ? "" : "s") \(seats.map(\.description).joined(separator: ", ")) cannot be booked."
        case .showtimeNotFound:
            "This showtime does not exist."
        case .showtimeNotBookable:
            "This showtime can no longer be booked."
        case .reservationNotFound:
            "This reservation does not exist."
        case .holdExpired:
            "Your hold ran out and the seats were released. Please pick your seats again."
        case .notHeld:
            "This reservation is not waiting for confirmation."
        case .notConfirmed:
            "Only a confirmed booking can be changed."
        case .showtimeStarted:
            "The showtime has started; the booking can no longer change."
        case .seatCountMismatch(let expected):
            "Pick \(expected) seat\(expected == 1 ? "" : "s"), as many as in your booking."
        case .unknownTicketType(let code):
            "There is no “\(code)” ticket."
        case .ticketTypeNotSold(let code):
            "“\(code)” tickets are not sold for this showtime."
        }
    }
}
