import Foundation
import GRDB
import Testing
@testable import Cinema

struct AdminHallsTests {
    // MARK: - Preview

    @Test func previewShowsRowLabelsSeatNumbersGapsAndCrossAisles() throws {
        let preview = try AdminHalls.preview("""

            wC_sS
            .....
            Vv xs
            """)
        #expect(preview.columns == 5)
        #expect(preview.rows.map(\.label) == ["A", nil, "B"])
        #expect(preview.rows.map(\.line) == [2, 3, 4])
        let a = preview.rows[0].cells
        #expect(a.map(\.kind) == [.seat, .seat, .gap, .seat, .seat])
        #expect(a.map(\.label) == ["A1", "A2", nil, "A3", "A4"])
        #expect(a.map(\.category) == [.wheelchair, .companion, nil, .standard, .standard])
        let b = preview.rows[2].cells
        #expect(b.map(\.number) == [1, 2, nil, 3, 4])
        #expect(b.map(\.category) == [.vip, .vip, nil, .standard, .standard])
        #expect(b.map(\.blocked) == [false, false, false, true, false])
        #expect(preview.rows[1].cells.allSatisfy { $0.kind == .gap })
        #expect(preview.seatCount == 8)
        #expect(preview.blockedCount == 1)
        #expect(preview.capacity == 7)
        #expect(preview.capacityByCategory == [.wheelchair: 1, .companion: 1, .standard: 3, .vip: 2])
    }

    @Test func previewNamesLineAndColumnOfAWrongCharacter() throws {
        #expect(throws: HallLayout.Error.unknownCharacter("q", line: 3, column: 4)) {
            _ = try HallPreview(layout: "ssss\nssss\nsssqs")
        }
        #expect(throws: ValidationError(field: "layout", "Unknown seat character “q” at line 3, column 4.")) {
            _ = try AdminHalls.preview("ssss\nssss\nsssqs")
        }
        #expect(throws: ValidationError(field: "layout", "The layout has no seats.")) {
            _ = try AdminHalls.preview("....\n  \n__")
        }
        #expect(throws: ValidationError(field: "layout", "A layout has at most 60 lines; this one has 61.")) {
            _ = try AdminHalls.preview(String(repeating: "s\n", count: 61))
        }
        #expect(throws: ValidationError(field: "layout", "Line 1 is longer than 100 places.")) {
            _ = try AdminHalls.preview(String(repeating: "s", count: 101))
        }
        #expect(throws: ValidationError(field: "layout", "Line 3 is longer than 100 places.")) {
            _ = try AdminHalls.preview("\n\n" + String(repeating: ".", count: 100) + "s")
        }
        // Sixty lines of a hundred places is the largest hall.
        let largest = try AdminHalls.preview(Array(repeating: String(repeating: "s", count: 100), count: 60).joined(separator: "\n"))
        #expect(largest.rows.count == 60 && largest.columns == 100 && largest.seatCount == 6_000)
    }

    /// Limits are checked before a preview lays out its grid, which has a cell for every line
    /// and column: a few kilobytes of lines and a long last line used to build hundreds of
    /// megabytes (and a megabyte-sized form, far more) before the size was refused.
    @Test func aHugeLayoutIsRefusedBeforeItIsLaidOut() throws {
        let tall = "s\n" + String(repeating: "\n", count: 20_000) + String(repeating: "s", count: 20_000)
        #expect(throws: HallLayout.Error.tooManyLines(20_002)) { _ = try HallPreview(layout: tall) }
        let wide = String(repeating: "s", count: 200_000)
        #expect(throws: HallLayout.Error.lineTooLong(line: 1)) { _ = try HallPreview(layout: wide) }
        // Aisles after the last seat draw nothing, however many there are.
        let trailing = try HallPreview(layout: "ss" + String(repeating: ".", count: 50_000) + "\nss")
        #expect(trailing.columns == 2)
        #expect(trailing.rows.allSatisfy { $0.cells.count == 2 })
    }

    // MARK: - Create

    @Test func createValidatesNameFormatAndLayout() async throws {
        let cinema = try await AdminFixture.make()
        let error = try #require(await caught(ValidationError.self) {
            _ = try await cinema.halls.create(HallForm(name: " ", format: "4dx", layout: "ss!s"), actor: cinema.admin.id, now: cinema.now)
        })
        #expect(error["name"] == "Enter a name for the hall.")
        #expect(error["format"]?.hasPrefix("Choose a format: Standard, Premium, IMAX") == true)
        #expect(error["layout"] == "Unknown seat character “!” at line 1, column 3.")

        let long = try #require(await caught(ValidationError.self) {
            _ = try await cinema.halls.create(
                HallForm(name: String(repeating: "H", count: 61), format: "IMAX", layout: "ss"), actor: cinema.admin.id, now: cinema.now)
        })
        #expect(long.fields == ["name": "A hall name has at most 60 characters."])

        _ = try await cinema.hall("Grand")
        let taken = try #require(await caught(ValidationError.self) {
            _ = try await cinema.halls.create(
                HallForm(name: "GRAND", format: "imax", layout: "ss"), actor: cinema.admin.id, now: cinema.now)
        })
        #expect(taken.fields == ["name": "A hall is already called “GRAND”."])
        #expect(try await cinema.count("SELECT COUNT(*) FROM halls") == 1)
    }

    @Test func createBuildsTheSeatsAndAudits() async throws {
        let cinema = try await AdminFixture.make()
        let id = try await cinema.halls.create(
            HallForm(name: "Velvet", format: "premium", layout: "ssss  \r\nss.vv\r\nsssx\r\n\r\n"), actor: cinema.admin.id, now: cinema.now)
        let rows = try await cinema.halls.halls(now: cinema.now)
        let row = try #require(rows.first { $0.id == id })
        #expect(row.hall.format == .premium)
        #expect(row.hall.layout == "ssss\nss.vv\nsssx")
        #expect(row.seatCount == 12)
        #expect(row.blockedCount == 1)
        #expect(row.hall.capacity == 11)
        #expect(row.isLayoutLocked == false)
        let seats = try await cinema.seatIDs(hall: id)
        #expect(seats.keys.sorted() == ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4", "C1", "C2", "C3", "C4"])
        let editor = try #require(try await cinema.halls.hallForm(id: id, now: cinema.now))
        #expect(editor.form == HallForm(name: "Velvet", format: "premium", layout: "ssss\nss.vv\nsssx"))
        #expect(editor.preview?.capacity == 11)
        #expect(try await cinema.audit.recent(entity: .hall, entityID: id).first?.details.contains("12 seats (11 sellable)") == true)
    }

    // MARK: - Layout changes

    @Test func withoutBookingsTheLayoutMayChangeFreelyAndSeatsKeepTheirIdsByLabel() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let before = try await cinema.seatIDs(hall: hall)
        let same = try await cinema.halls.update(
            id: hall, HallForm(name: "Hall 1", format: "standard", layout: AdminFixture.smallLayout),
            actor: cinema.admin.id, now: cinema.now)
        #expect(same.isEmpty)
        #expect(try await cinema.seatIDs(hall: hall) == before)
        // Row A gains an aisle in the middle (A3, A4 move right), row B's VIP seats become
        // standard, row C loses C4, and a row D appears.
        let change = try await cinema.halls.update(
            id: hall, HallForm(name: "Hall 1", format: "standard", layout: "ss.ss\nss.ss\nsss\nsss"),
            actor: cinema.admin.id, now: cinema.now)
        #expect(change == HallLayoutChange(added: 3, removed: 1, moved: 4, blocked: 0, unblocked: 0))
        let after = try await cinema.seatIDs(hall: hall)
        for label in ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4", "C1", "C2", "C3"] {
            #expect(after[label] == before[label], "seat \(label) kept its id")
        }
        #expect(after["C4"] == nil)
        #expect(after["D1"] != nil)
        let seats = try #require(try await Catalog(database: cinema.database, settings: cinema.settings).hall(id: hall)?.seats)
        let a4 = try #require(seats.first { $0.label == "A4" })
        #expect((a4.gridRow, a4.gridCol) == (0, 4))
        #expect(seats.first { $0.label == "B3" }?.category == .standard)
    }

    @Test func withUpcomingBookingsOnlyBlockingFreeSeatsIsAllowed() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let movie = try await cinema.movie("Orbitfall")
        let showtime = try await cinema.showtime(movie, hall, at: "2025-06-03 18:00")
        let ada = try await cinema.customer("ada")
        try await cinema.book(ada, showtime: showtime, hall: hall, seats: ["A1", "A2"])
        let before = try await cinema.seatIDs(hall: hall)
        #expect(try await cinema.halls.hallForm(id: hall, now: cinema.now)?.isLayoutLocked == true)

        // Adding a seat is refused, and the message explains what is still possible.
        let refused = try #require(await caught(ValidationError.self) {
            try await cinema.halls.update(
                id: hall, HallForm(name: "Hall 1", format: "standard", layout: "sssss\nss.vv\nsssx"),
                actor: cinema.admin.id, now: cinema.now)
        })
        let message = try #require(refused["layout"])
        #expect(message.contains("1 booking or hold for 1 showtime that has not ended (the first on Tue 3 Jun 2025 at 18:00)"))
        #expect(message.contains("(here: A5)"))
        #expect(message.contains("you can only block free seats (mark them x) and unblock seats"))

        // Changing a VIP seat's category is refused too.
        await #expect(throws: ValidationError.self) {
            try await cinema.halls.update(
                id: hall, HallForm(name: "Hall 1", format: "standard", layout: "ssss\nss.sv\nsssx"),
                actor: cinema.admin.id, now: cinema.now)
        }

        // Blocking a booked seat is refused, naming the seat and the showtime.
        let booked = try #require(await caught(ValidationError.self) {
            try await cinema.halls.update(
                id: hall, HallForm(name: "Hall 1", format: "standard", layout: "xsss\nss.vv\nsssx"),
                actor: cinema.admin.id, now: cinema.now)
        })
        #expect(booked.fields == ["layout": "Seat A1 is booked for “Orbitfall” on Tue 3 Jun 2025 at 18:00 and cannot be blocked while that showtime is ahead. Only free seats can be blocked."])

        // Blocking the free A4 and B3, unblocking C4 and renaming the hall is fine.
        let change = try await cinema.halls.update(
            id: hall, HallForm(name: "Hall One", format: "standard", layout: "sssx\nss.xv\nssss"),
            actor: cinema.admin.id, now: cinema.now)
        #expect(change == HallLayoutChange(added: 0, removed: 0, moved: 0, blocked: 2, unblocked: 1))
        #expect(try await cinema.seatIDs(hall: hall) == before)
        let listing = try #require(try await cinema.schedule.showtimeForm(id: showtime, now: cinema.now)?.listing)
        #expect(listing.capacity == 10)
        #expect(listing.seatsLeft == 8)
        #expect(listing.hallName == "Hall One")
        let entry = try #require(try await cinema.audit.recent(entity: .hall, entityID: hall).first)
        #expect(entry.details == "name “Hall 1” → “Hall One”; seats 2 blocked, 1 unblocked")
        // The booking still stands on its seats.
        let seating = try #require(try await cinema.reservations.seating(showtimeID: showtime, now: cinema.now))
        #expect(seating.seats.filter { $0.occupant?.username == "ada" }.map(\.label) == ["A1", "A2"])
    }

    @Test func aLiveHoldAlsoLocksTheLayoutButAnExpiredOneDoesNot() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let movie = try await cinema.movie("Orbitfall")
        let showtime = try await cinema.showtime(movie, hall, at: "2025-06-03 18:00")
        let ada = try await cinema.customer("ada")
        _ = try await cinema.hold(ada, showtime: showtime, hall: hall, seats: ["B1"])
        let bigger = HallForm(name: "Hall 1", format: "standard", layout: "ssss\nss.vv\nsssx\nssss")
        let refused = try #require(await caught(ValidationError.self) {
            try await cinema.halls.update(id: hall, bigger, actor: cinema.admin.id, now: cinema.now)
        })
        #expect(refused["layout"]?.contains("1 booking or hold") == true)
        let blocking = try #require(await caught(ValidationError.self) {
            try await cinema.halls.update(
                id: hall, HallForm(name: "Hall 1", format: "standard", layout: "ssss\nxs.vv\nsssx"),
                actor: cinema.admin.id, now: cinema.now)
        })
        #expect(blocking["layout"]?.hasPrefix("Seat B1 is held for “Orbitfall”") == true)
        // Nine minutes later the hold has run out (8-minute holds).
        let later = cinema.now.addingTimeInterval(540)
        let change = try await cinema.halls.update(id: hall, bigger, actor: cinema.admin.id, now: later)
        #expect(change.added == 4)
    }

    @Test func seatsInEarlierReservationsCannotBeRemoved() async throws {
        let cinema = try await AdminFixture.make()
        let hall = try await cinema.hall()
        let movie = try await cinema.movie("Orbitfall")
        let showtime = try await cinema.showtime(movie, hall, at: "2025-06-02 11:00")
        let ada = try await cinema.customer("ada")
        try await cinema.book(ada, showtime: showtime, hall: hall, seats: ["C3"])
        // The showtime is over by the evening: the hall is unlocked, but C3 is history.
        let evening = cinema.local("2025-06-02 20:00")
        let error = try #require(await caught(ValidationError.self) {
            try await cinema.halls.update(
                id: hall, HallForm(name: "Hall 1", format: "standard", layout: "ssss\nss.vv\nss"),
                actor: cinema.admin.id, now: evening)
        })
        #expect(error.fields == ["layout": "Seat C3 appears in earlier reservations and cannot be removed; keep it in the layout and block it (x) instead."])
        let change = try await cinema.halls.update(
            id: hall, HallForm(name: "Hall 1", format: "standard", layout: "ssss\nss.vv\nssx"),
            actor: cinema.admin.id, now: evening)
        #expect(change == HallLayoutChange(added: 0, removed: 1, moved: 0, blocked: 1, unblocked: 0))
    }

    @Test func updateOfAMissingHallIsNotFound() async throws {
        let cinema = try await AdminFixture.make()
        await #expect(throws: AdminError.notFound(.hall)) {
            try await cinema.halls.update(
                id: 77, HallForm(name: "X", format: "standard", layout: "s"), actor: cinema.admin.id, now: cinema.now)
        }
        #expect(try await cinema.halls.hallForm(id: 77, now: cinema.now) == nil)
    }
}
