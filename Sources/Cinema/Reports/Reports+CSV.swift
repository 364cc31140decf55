import Foundation

extension Reports {
    /// The columns of ``csv(_:settings:)``, in order.
    public static let csvHeader = [
        "showtime_id", "date", "time", "movie", "hall", "format", "seats", "capacity", "sold", "held", "blocked",
        "free", "percent_full", "reservations", "tickets_sold", "revenue_cents",
    ]

    /// The per-showtime table as CSV (RFC 4180): a header row, then one row per showtime,
    /// lines ending in CRLF; date and time are local, percent full has one decimal, revenue
    /// is in cents.
    ///
    /// A field containing a comma, a double quote, CR or LF is quoted, with quotes doubled.
    /// Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab
    /// or CR) gets a leading `'`, so a movie title can never become one.
    public static func csv(_ rows: [ShowtimeOccupancy], settings: CinemaSettings) -> String {
        let text = LocalTimeText(settings: settings)
        var lines = [csvHeader.map(csvField).joined(separator: ",")]
        for row in rows {
            let figures = row.figures
            let fields = [
                String(row.showtimeID), text.dayString(row.startsAt), text.timeString(row.startsAt),
                spreadsheetSafe(row.movieTitle), spreadsheetSafe(row.hallName), row.format.rawValue,
                String(figures.seats), String(figures.capacity), String(figures.sold), String(figures.held),
                String(figures.blocked), String(figures.free), oneDecimal(figures.percentFull),
                String(figures.reservations), String(figures.ticketsSold), String(figures.revenueCents),
            ]
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One field, quoted when it must be.
    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func spreadsheetSafe(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return value }
        return "'" + value
    }

    /// "42.5" (rounded half up, always one decimal, no locale).
    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
