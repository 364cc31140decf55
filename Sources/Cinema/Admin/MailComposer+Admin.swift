import Foundation

// Mails for changes the cinema makes to someone's booking.
extension MailComposer {
    /// The showtime was cancelled by the cinema, and with it the booking.
    func showtimeCancelled(_ detail: ReservationDetail, username: String) -> Mail {
        let showtime = detail.showtime
        return letter(
            "Showtime cancelled: \(showtime.movieTitle) – \(detail.code)", to: username, about: detail,
            opening: [
                "we are sorry: the showtime of \(showtime.movieTitle) on \(localTime(showtime.startsAt)) has been cancelled.",
                "Your booking \(detail.code) is cancelled and its seats released.",
            ],
            closing: ["Please accept our apologies. We hope to see you another time."])
    }

    /// The cinema cancelled one booking.
    func cancelledByCinema(_ detail: ReservationDetail, username: String) -> Mail {
        letter(
            "Cancelled: \(detail.showtime.movieTitle) – \(detail.code)", to: username, about: detail,
            opening: ["your booking \(detail.code) has been cancelled by \(settings.cinemaName) and its seats released."],
            closing: ["If you did not expect this, please reply to this mail."])
    }

    /// The showtime moved to another time or hall; the booking moved with it.
    func showtimeMoved(_ detail: ReservationDetail, username: String, previousStart: Date, previousHall: String) -> Mail {
        letter(
            "New time for \(detail.showtime.movieTitle) – \(detail.code)", to: username, about: detail,
            opening: [
                "the showtime of \(detail.showtime.movieTitle) you booked has moved.",
                "It was \(localTime(previousStart)) in \(previousHall); your booking \(detail.code) now reads:",
            ],
            closing: [
                "Your seats are kept. If the new time does not suit you, you can cancel the booking until the showtime starts.",
                "",
            ])
    }
}
