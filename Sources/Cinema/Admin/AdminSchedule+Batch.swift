public import Foundation
import GRDB

extension AdminSchedule {
    /// Schedules one movie in one hall on consecutive days at the same local times.
    ///
    /// Every slot is checked in one transaction, earliest first, against the hall's other
    /// showtimes and the batch's own earlier slots. A slot is refused when it overlaps, has
    /// passed, or does not exist (a time skipped when the clocks go forward).
    ///
    /// - Parameters:
    ///   - policy: ``BatchPolicy/allOrNothing`` schedules nothing when any slot is refused;
    ///     ``BatchPolicy/skipConflicts`` schedules the others and reports the refused ones.
    /// - Throws: ``ValidationError`` on `movieID`, `hallID`, `startDate`, `dayCount`, `times`;
    ///   ``AdminError/scheduleConflicts(_:)`` (all-or-nothing only); ``AdminError/notAuthorized``.
    public func createBatch(
        _ form: ShowtimeBatchForm, policy: BatchPolicy, actor: Int64, now: Date
    ) async throws -> ShowtimeBatchReport {
        let text = LocalTimeText(settings: settings)
        var errors = ValidationError()
        let slots = Self.slots(form, text: text, errors: &errors)
        let cleaning = settings.cleaningMinutes
        // The closure runs on GRDB's writer: it starts from a copy of the form checks.
        let checked = errors
        return try await database.writer.write { db in
            var errors = checked
            try AdminStore.requireAdmin(db, actor: actor)
            let choice = try Self.choose(db, movieID: form.movieID, hallID: form.hallID, errors: &errors)
            try errors.throwIfAny()
            guard let choice else { throw errors }

            var created: [ShowtimeBatchReport.Created] = []
            var conflicts: [SlotConflict] = []
            for slot in slots {
                let asked = "\(slot.date) at \(slot.time)"
                guard let start = slot.start else {
                    conflicts.append(SlotConflict(
                        date: slot.date, time: slot.time, requestedStart: nil, conflict: nil, clashesWithBatch: false,
                        message: "\(asked): that time does not exist (the clocks go forward)."))
                    continue
                }
                if start <= now {
                    conflicts.append(SlotConflict(
                        date: slot.date, time: slot.time, requestedStart: start, conflict: nil, clashesWithBatch: false,
                        message: "\(asked): that time has passed."))
                    continue
                }
                let end = start.addingTimeInterval(TimeInterval((choice.runtime + cleaning) * 60))
                if let conflict = try ShowtimeConflict.find(
                    db, hallID: choice.hallID, start: start, end: end, requestedStart: start, text: text) {
                    let own = created.contains { $0.showtimeID == conflict.showtimeID }
                    conflicts.append(SlotConflict(
                        date: slot.date, time: slot.time, requestedStart: start, conflict: conflict, clashesWithBatch: own,
                        message: own
                            ? "\(asked): overlaps this batch's own showtime at \(text.timeString(conflict.startsAt)) "
                                + "(until \(text.timeString(conflict.endsAt)), cleaning included)."
                            : "\(asked): \(conflict.message)"))
                    continue
                }
                let id = try Schedule.insertShowtime(
                    db, movieID: choice.movieID, hallID: choice.hallID, startsAt: start, cleaningMinutes: cleaning)
                created.append(ShowtimeBatchReport.Created(showtimeID: id, startsAt: start))
            }
            if policy == .allOrNothing && !conflicts.isEmpty {
                // The throw rolls back the showtimes inserted above.
                throw AdminError.scheduleConflicts(conflicts)
            }
            if !created.isEmpty {
                try AdminStore.audit(
                    db, actor: actor, action: "create", entity: .showtime, entityID: created.count == 1 ? created[0].showtimeID : nil,
                    details: "\(AdminError.count(created.count, "showtime")) of “\(choice.title)” in \(choice.hallName) "
                        + "on \(AdminError.count(Set(slots.map(\.date)).count, "day")) from \(slots.first.map { "\($0.date)" } ?? "") "
                        + "at \(Array(Set(slots.map(\.time))).sorted().joined(separator: ", "))"
                        + (conflicts.isEmpty ? "" : "; \(AdminError.count(conflicts.count, "slot")) skipped")
                        + "; ids \(created.map { String($0.showtimeID) }.joined(separator: ","))",
                    now: now)
            }
            return ShowtimeBatchReport(created: created, conflicts: conflicts)
        }
    }

    struct Slot {
        var date: DayDate
        var time: String
        /// Nil when the local time does not exist that day.
        var start: Date?
    }

    /// Every (day, time) of the form, earliest first, reporting problems on `startDate`,
    /// `dayCount` and `times`.
    static func slots(_ form: ShowtimeBatchForm, text: LocalTimeText, errors: inout ValidationError) -> [Slot] {
        let firstDay = text.day(form.startDate)
        if firstDay == nil { errors.add("startDate", "Enter a date like 2025-06-30.") }

        let countText = form.dayCount.trimmingCharacters(in: .whitespaces)
        let dayCount = Int(countText).flatMap { (1...maximumBatchDays).contains($0) ? $0 : nil }
        if dayCount == nil { errors.add("dayCount", "Enter a number of days from 1 to \(maximumBatchDays).") }

        var times: [(hour: Int, minute: Int)] = []
        let words = form.times.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace })
        for word in words {
            guard let time = text.clockTime(String(word)) else {
                errors.add("times", "“\(word)” is not a time like 14:00.")
                continue
            }
            if !times.contains(where: { $0 == time }) { times.append(time) }
        }
        if words.isEmpty {
            errors.add("times", "Enter at least one start time, like 14:00, 17:30, 21:00.")
        } else if times.count > maximumBatchTimes {
            errors.add("times", "Enter at most \(maximumBatchTimes) start times.")
        }
        guard let firstDay, let dayCount, errors.isEmpty else { return [] }

        times.sort { ($0.hour, $0.minute) < ($1.hour, $1.minute) }
        let calendar = text.calendar
        guard let noon = calendar.date(from: DateComponents(year: firstDay.year, month: firstDay.month, day: firstDay.day, hour: 12))
        else { return [] }
        var slots: [Slot] = []
        for offset in 0..<dayCount {
            guard let dayNoon = calendar.date(byAdding: .day, value: offset, to: noon) else { continue }
            let day = DayDate(date: dayNoon, in: calendar)
            for time in times {
                slots.append(Slot(
                    date: day, time: LocalTimeText.twoDigits(time.hour) + ":" + LocalTimeText.twoDigits(time.minute),
                    start: text.instant(day, hour: time.hour, minute: time.minute)))
            }
        }
        return slots
    }
}
