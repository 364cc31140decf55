import Foundation

// Mails for changes the cinema makes to someone's booking.
extension MailComposer {
    /// The showtime was cancelled by the cinema, and with it the booking.
    func showtimeCancelled(_ detail: ReservationDetail, username: String) -> Mail {
        let showtime = detail.showtime
        var lines = [
            "Hello \(username),",
            "",
            "we are sorry: the showtime of \(showtime.movieTitle) on \(localTime(showtime.startsAt)) has been cancelled.",
            "Your booking \(detail.code) is cancelled and its seats released.",
            "",
        ]
        lines += summary(detail)
        lines += ["", "Please accept our apologies. We hope to see you another time.", settings.cinemaName]
        return Mail(
            subject: "Showtime cancelled: \(showtime.movieTitle) – \(detail.code)",
            body: lines.joined(separator: "\n"))
    }

    /// The cinema cancelled one booking.
    func cancelledByCinema(_ detail: ReservationDetail, username: String) -> Mail {
        var lines = [
            "Hello \(username),",
            "",
            "your booking \(detail.code) has been cancelled by \(settings.cinemaName) and its seats released.",
            "",
        ]
        lines += summary(detail)
        lines += ["", "If you did not expect this, please reply to this mail.", settings.cinemaName]
        return Mail(
            subject: "Cancelled: \(detail.showtime.movieTitle) – \(detail.code)",
            body: lines.joined(separator: "\n"))
    }

    /// The showtime moved to another time or hall; the booking moved with it.
    func showtimeMoved(_ detail: ReservationDetail, username: String, previousStart: Date, previousHall: String) -> Mail {
        let showtime = detail.showtime
        var lines = [
            "Hello \(username),",
            "",
            "the showtime of \(showtime.movieTitle) you booked has moved.",
            "It was \(localTime(previousStart)) in \(previousHall); your booking \(detail.code) now reads:",
            "",
        ]
        lines += summary(detail)
        lines += [
            "",
            "Your seats are kept. If the new time does not suit you, you can cancel the booking until the showtime starts.",
            "",
            settings.cinemaName,
        ]
        return Mail(
            subject: "New time for \(showtime.movieTitle) – \(detail.code)",
            body: lines.joined(separator: "\n"))
    }
}
