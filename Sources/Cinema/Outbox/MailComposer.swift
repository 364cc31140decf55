import Foundation

/// Writes the text of booking mails.
struct MailComposer {
    var settings: CinemaSettings

    struct Mail {
        var subject: String
        var body: String
    }

    func confirmation(_ detail: ReservationDetail, username: String, changed: Bool) -> Mail {
        let title = detail.showtime.movieTitle
        return letter(
            changed ? "Your new seats for \(title) – \(detail.code)" : "Your tickets for \(title) – \(detail.code)",
            to: username, about: detail,
            opening: [
                changed
                    ? "your seats have changed. Here is your updated booking."
                    : "thank you for booking with \(settings.cinemaName). Your seats are confirmed.",
            ],
            closing: [
                "Show this code at the entrance: \(detail.code)",
                "You can change your seats or cancel until the showtime starts.",
                "",
                "Enjoy the film!",
            ])
    }

    func cancellation(_ detail: ReservationDetail, username: String) -> Mail {
        letter(
            "Cancelled: \(detail.showtime.movieTitle) – \(detail.code)", to: username, about: detail,
            opening: ["your booking \(detail.code) has been cancelled and its seats released."],
            closing: ["We hope to see you another time."])
    }

    func reminder(_ detail: ReservationDetail, username: String) -> Mail {
        let showtime = detail.showtime
        return letter(
            "Reminder: \(showtime.movieTitle) at \(localClock(showtime.startsAt)) – \(detail.code)",
            to: username, about: detail,
            opening: ["a reminder that \(showtime.movieTitle) starts soon. Your seats are waiting."],
            closing: ["Show this code at the entrance: \(detail.code)", "", "See you at the movies!"])
    }

    /// A booking mail in the house style: the greeting, `opening`, the booking's
    /// ``summary(_:)`` set off by blank lines, `closing`, and the cinema's name.
    func letter(
        _ subject: String, to username: String, about detail: ReservationDetail, opening: [String], closing: [String]
    ) -> Mail {
        let lines = ["Hello \(username),", ""] + opening + [""] + summary(detail) + [""] + closing + [settings.cinemaName]
        return Mail(subject: subject, body: lines.joined(separator: "\n"))
    }

    func summary(_ detail: ReservationDetail) -> [String] {
        let showtime = detail.showtime
        var lines = [
            "Movie:   \(showtime.movieTitle) (\(showtime.rating), \(showtime.runtimeMinutes) min)",
            "When:    \(localTime(showtime.startsAt))",
            "Hall:    \(showtime.hallName) (\(showtime.format.displayName))",
            "Seats:",
        ]
        for seat in detail.seats {
            let type = seat.ticketType?.name ?? "Ticket"
            let category = seat.category == .standard ? "" : ", \(seat.category.displayName)"
            lines.append("  \(seat.label)  \(type)\(category)  \(money(seat.priceCents))")
        }
        lines.append("Total:   \(money(detail.totalCents))")
        return lines
    }

    // Kept formatters (CinemaSettings.text): a confirmation is composed inside the booking's
    // write transaction, where creating a DateFormatter each time was a measurable cost.
    func localTime(_ date: Date) -> String {
        settings.text(date, "EEEE d MMMM yyyy 'at' HH:mm")
    }

    func localClock(_ date: Date) -> String {
        settings.text(date, "HH:mm")
    }

    func money(_ cents: Int) -> String {
        Money.format(cents: cents, currencyCode: settings.currencyCode)
    }
}
