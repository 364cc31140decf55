import Cinema
import Foundation
import Templating

/// Turns admin records (reservations, users, audit entries) into the values the admin
/// templates read (partials/admin-reservations.html, partials/audit-table.html and the pages
/// that include them).
enum AdminRecordViews {
    /// A reservation row; `live` says whether an admin may still cancel it.
    static func reservation(_ row: AdminReservationRow, now: Date) -> TemplateValue {
        [
            "code": .string(row.code),
            "status": .string(row.status.rawValue),
            "live": .bool(row.isCancellable(at: now)),
            "userID": .int(Int(row.userID)),
            "username": .string(row.username),
            "email": .string(row.email),
            "showtimeID": .int(Int(row.showtimeID)),
            "movieTitle": .string(row.movieTitle),
            "hall": .string(row.hallName),
            "startsAt": .date(row.startsAt),
            "showtimeCancelled": .bool(row.showtimeStatus == .cancelled),
            "seats": .string(row.seatLabels.joined(separator: " ")),
            "seatCount": .int(row.seatLabels.count),
            "totalCents": .int(row.totalCents),
            "createdAt": .date(row.createdAt),
            "holdExpiresAt": row.holdExpiresAt.map(TemplateValue.date) ?? .null,
            "cancelURL": .string("/admin/reservations/\(row.code)/cancel"),
        ]
    }

    /// An audit entry, with a link to what it is about when there is a page for it.
    static func auditEntry(_ entry: AuditEntry) -> TemplateValue {
        [
            "id": .int(Int(entry.id)),
            "username": entry.username.map(TemplateValue.string) ?? .null,
            "userID": entry.userID.map { .int(Int($0)) } ?? .null,
            "action": .string(entry.action),
            "entity": .string(entry.entity),
            "entityID": entry.entityID.map { .int(Int($0)) } ?? .null,
            "details": .string(entry.details),
            "createdAt": .date(entry.createdAt),
            "url": auditLink(entity: entry.entity, id: entry.entityID).map(TemplateValue.string) ?? .null,
        ]
    }

    /// The admin page of an audited thing, when it has one.
    static func auditLink(entity: String, id: Int64?) -> String? {
        guard let id, let kind = AdminEntity(rawValue: entity) else { return nil }
        return switch kind {
        case .user: "/admin/users/\(id)"
        case .showtime: "/admin/showtimes/\(id)/seating"
        case .movie: "/admin/movies/\(id)/edit"
        case .hall: "/admin/halls/\(id)/edit"
        case .genre, .prices, .reservation: nil
        }
    }

    /// A user as the admin list and page show them.
    static func user(_ row: AdminUserRow) -> TemplateValue {
        [
            "id": .int(Int(row.user.id)),
            "username": .string(row.user.username),
            "email": .string(row.user.email),
            "role": .string(row.user.role.rawValue),
            "createdAt": .date(row.user.createdAt),
            "bookings": .int(row.bookings),
            "upcomingBookings": .int(row.upcomingBookings),
        ]
    }

    /// The roles as `<select>` options, `selected` marking one.
    static func roleOptions(selected: String) -> TemplateValue {
        .array(Role.allCases.map { role in
            ["value": .string(role.rawValue), "label": .string(role.displayName), "selected": .bool(role.rawValue == selected)]
        })
    }
}
