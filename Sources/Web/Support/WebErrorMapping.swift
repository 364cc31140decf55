import Cinema
import HTTPCore

/// The one place where errors become HTTP statuses and public messages.
enum WebErrorMapping {
    struct Mapped {
        var status: HTTPResponseStatus
        var message: String
        var headers: [(String, String)] = []
    }

    static let genericMessage = "Something went wrong on our side. Please try again in a moment."

    static func map(_ error: any Error) -> Mapped {
        switch error {
        case let error as HTTPError:
            return Mapped(status: error.status, message: error.message, headers: error.headers.map { ($0.name, $0.value) })
        case let error as BookingError:
            return Mapped(status: status(of: error), message: error.message)
        case let error as AdminError:
            return Mapped(status: status(of: error), message: error.message)
        case let error as AccountError:
            switch error {
            case .invalidCredentials: return Mapped(status: .unauthorized, message: error.message)
            case .throttled(let seconds): return Mapped(status: .tooManyRequests, message: error.message, headers: [("Retry-After", String(seconds))])
            case .userNotFound: return Mapped(status: .notFound, message: error.message)
            }
        case let error as ValidationError:
            let message = error.fields.sorted { $0.key < $1.key }.map(\.value).joined(separator: " ")
            return Mapped(status: .unprocessableEntity, message: message.isEmpty ? "Please check your input." : message)
        case let error as any HTTPResponseError:
            return Mapped(status: error.status, message: genericMessage)
        default:
            return Mapped(status: .internalServerError, message: genericMessage)
        }
    }

    /// The status of a refused booking operation.
    static func status(of error: BookingError) -> HTTPResponseStatus {
        switch error {
        case .seatsTaken, .showtimeNotBookable, .showtimeStarted, .notHeld, .notConfirmed, .holdExpired:
            .conflict
        case .showtimeNotFound, .reservationNotFound:
            .notFound
        case .tooManySeats, .noSeatsChosen, .unknownSeats, .seatBlocked, .seatCountMismatch, .unknownTicketType, .ticketTypeNotSold:
            .unprocessableEntity
        }
    }

    /// The status of a refused admin operation: a missing thing is 404, a user who is no
    /// longer an admin 403, and a refusal because of the cinema's state 409.
    static func status(of error: AdminError) -> HTTPResponseStatus {
        switch error {
        case .notFound: .notFound
        case .notAuthorized: .forbidden
        case .movieHasUpcomingBookings, .movieHasBookingHistory, .lastAdmin, .scheduleConflicts,
             .showtimeCancelled, .showtimeStarted, .showtimeOver, .reservationNotActive:
            .conflict
        }
    }
}
