import Foundation

/// Writes the text of booking mails.
struct MailComposer {
    var settings: CinemaSettings

    struct Mail {
        var subject: String
        var body: String
    }

    func confirmation(_ detail: ReservationDetail, username: String, changed: Bool) -> Mail {
        let showtime = detail.showtime
        let subject = changed
            ? "Your new seats for \(showtime.movieTitle) – \(detail.code)"
            : "Your tickets for \(showtime.movieTitle) – \(detail.code)"
        var lines = [
            "Hello \(username),",
            "",
            changed
                ? "your seats have changed. Here is your updated booking."
                : "thank you for booking with \(settings.cinemaName). Your seats are confirmed.",
            "",
        ]
        lines += summary(detail)
        lines += [
            "",
            "Show this code at the entrance: \(detail.code)",
            "You can change your seats or cancel until the showtime starts.",
            "",
            "Enjoy the film!",
            settings.cinemaName,
        ]
        return Mail(subject: subject, body: lines.joined(separator: "\n"))
    }

    func cancellation(_ detail: ReservationDetail, username: String) -> Mail {
        let showtime = detail.showtime
        var lines = [
            "Hello \(username),",
            "",
            "your booking \(detail.code) has been cancelled and its seats released.",
            "",
        ]
        lines += summary(detail)
        lines += ["", "We hope to see you another time.", settings.cinemaName]
        return Mail(
            subject: "Cancelled: \(showtime.movieTitle) – \(detail.code)",
            body: lines.joined(separator: "\n"))
    }

    func reminder(_ detail: ReservationDetail, username: String) -> Mail {
        let showtime = detail.showtime
        var lines = [
            "Hello \(username),",
            "",
            "a reminder that \(showtime.movieTitle) starts soon. Your seats are waiting.",
            "",
        ]
        lines += summary(detail)
        lines += ["", "Show this code at the entrance: \(detail.code)", "", "See you at the movies!", settings.cinemaName]
        return Mail(
            subject: "Reminder: \(showtime.movieTitle) at \(localClock(showtime.startsAt)) – \(detail.code)",
            body: lines.joined(separator: "\n"))
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

    // Shared formatters: a confirmation is composed inside the booking's write transaction,
    // where creating a DateFormatter each time was a measurable part of the time.
    func localTime(_ date: Date) -> String {
        SharedDateFormatters.formatter("EEEE d MMMM yyyy 'at' HH:mm", timeZone: settings.timeZone).string(from: date)
    }

    func localClock(_ date: Date) -> String {
        SharedDateFormatters.formatter("HH:mm", timeZone: settings.timeZone).string(from: date)
    }

    func money(_ cents: Int) -> String {
        Money.format(cents: cents, currencyCode: settings.currencyCode)
    }
}
