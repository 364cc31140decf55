public import Foundation
import GRDB

/// Halls and their seat layouts for the admin pages.
///
/// A layout is text, one line per grid row (see ``HallLayout`` for the characters). Saving
/// a new layout updates the stored seats in place, matched by row label and number, so seat
/// ids (which reservations reference) survive any edit that keeps a seat's label.
///
/// While a hall has bookings or live holds for showtimes that have not ended, its layout
/// may only block seats nobody holds or booked, and unblock seats; anything else is refused
/// on the `layout` field with the reason.
public struct AdminHalls: Sendable {
    let database: CinemaDatabase
    let settings: CinemaSettings

    /// Longest hall name.
    public static let maximumNameLength = 60

    public init(database: CinemaDatabase, settings: CinemaSettings) {
        self.database = database
        self.settings = settings
    }

    // MARK: - Reading

    /// Every hall with its seat counts and upcoming use, by name.
    public func halls(now: Date) async throws -> [AdminHallRow] {
        try await database.read { db in try Self.fetchRows(db, now: now) }
    }

    /// The hall form filled with a hall's values and a preview of its layout, or nil.
    public func hallForm(id: Int64, now: Date) async throws -> HallEditor? {
        try await database.read { db in
            guard let row = try Self.fetchRows(db, now: now, id: id).first else { return nil }
            return HallEditor(
                id: id,
                form: HallForm(name: row.hall.name, format: row.hall.format.rawValue, layout: row.hall.layout),
                preview: try? HallPreview(layout: row.hall.layout),
                upcomingShowtimes: row.upcomingShowtimes, upcomingReservations: row.upcomingReservations)
        }
    }

    /// The preview of a layout, or a ``ValidationError`` on `layout` naming the line and
    /// column of the first wrong character (or the size limit broken, see
    /// ``HallLayout/maximumRows`` and ``HallLayout/maximumColumns``).
    public static func preview(_ layout: String) throws(ValidationError) -> HallPreview {
        do {
            return try HallPreview(layout: layout)
        } catch {
            throw ValidationError(field: "layout", error.description)
        }
    }

    // MARK: - Writing

    /// Creates a hall with the seats of its layout and returns its id.
    ///
    /// - Throws: ``ValidationError`` on `name` (empty, too long, taken), `format`, `layout`;
    ///   ``AdminError/notAuthorized``.
    public func create(_ form: HallForm, actor: Int64, now: Date) async throws -> Int64 {
        let values = try form.validated()
        return try await database.writer.write { db in
            try AdminStore.requireAdmin(db, actor: actor)
            try Self.checkNameFree(db, values.name, except: nil)
            try db.execute(
                sql: "INSERT INTO halls (name, format, layout) VALUES (?, ?, ?)",
                arguments: [values.name, values.format.rawValue, values.layout])
            let id = db.lastInsertedRowID
            for spec in values.seats { try Self.insert(db, spec, hallID: id) }
            let capacity = values.seats.filter { !$0.blocked }.count
            try AdminStore.audit(
                db, actor: actor, action: "create", entity: .hall, entityID: id,
                details: "“\(values.name)”, \(values.format.displayName), \(values.seats.count) seats (\(capacity) sellable)",
                now: now)
            return id
        }
    }

    /// Saves the form over a hall: name, format and layout.
    ///
    /// - Returns: What happened to the seats.
    /// - Throws: ``ValidationError`` on `name`, `format`, `layout` (including a layout change
    ///   refused because of upcoming bookings, a blocked seat someone booked, or a removed
    ///   seat that old bookings reference); ``AdminError/notFound(_:)``, ``AdminError/notAuthorized``.
    @discardableResult
    public func update(id: Int64, _ form: HallForm, actor: Int64, now: Date) async throws -> HallLayoutChange {
        let values = try form.validated()
        let text = LocalTimeText(settings: settings)
        return try await database.writer.write { db in
            try AdminStore.requireAdmin(db, actor: actor)
            guard let old = try Catalog.fetchHalls(db, id: id).first else { throw AdminError.notFound(.hall) }
            try Self.checkNameFree(db, values.name, except: id)
            let diff = HallSeatDiff(existing: try Self.existingSeats(db, hallID: id), new: values.seats)
            try Self.checkAllowed(diff, hallID: id, db: db, now: now, text: text)
            try Self.apply(diff, hallID: id, db: db)
            try db.execute(
                sql: "UPDATE halls SET name = ?, format = ?, layout = ? WHERE id = ?",
                arguments: [values.name, values.format.rawValue, values.layout, id])

            var details: [String] = []
            if old.name != values.name { details.append("name “\(old.name)” → “\(values.name)”") }
            if old.format != values.format { details.append("format \(old.format.rawValue) → \(values.format.rawValue)") }
            details.append(diff.summary)
            try AdminStore.audit(
                db, actor: actor, action: "update", entity: .hall, entityID: id,
                details: details.joined(separator: "; "), now: now)
            return HallLayoutChange(
                added: diff.added.count, removed: diff.removed.count, moved: diff.changes.count,
                blocked: diff.blocks.count, unblocked: diff.harmless.filter { !$0.spec.blocked }.count)
        }
    }
}

/// What saving a hall did to its seats.
public struct HallLayoutChange: Sendable, Hashable {
    public var added: Int
    public var removed: Int
    /// Seats that moved on the grid or changed category (same label, same id).
    public var moved: Int
    public var blocked: Int
    public var unblocked: Int

    public init(added: Int, removed: Int, moved: Int, blocked: Int, unblocked: Int) {
        self.added = added
        self.removed = removed
        self.moved = moved
        self.blocked = blocked
        self.unblocked = unblocked
    }

    /// True when no seat changed.
    public var isEmpty: Bool { added == 0 && removed == 0 && moved == 0 && blocked == 0 && unblocked == 0 }
}
