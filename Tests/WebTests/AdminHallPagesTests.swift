import Cinema
import Foundation
import GRDB
import Testing

/// The admin hall pages over real sockets: the list, the preview button, layout errors with
/// their line and column, and the lock on a hall with bookings ahead.
@Suite struct AdminHallPagesTests {
    @Test func previewDrawsTheTypedLayoutAndSavesNothing() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let halls = try app.count("SELECT COUNT(*) FROM halls")
            let response = try await admin.submit("/admin/halls/new", to: "/admin/halls", form: [
                ("name", "Attic"), ("format", "standard"), ("layout", "ss.ss\r\nvv.vv\r\n.....\r\nwc.xs"), ("intent", "preview"),
            ])
            #expect(response.status == 200)
            #expect(response.body.contains("Preview: not saved yet"))
            #expect(response.body.contains("title=\"A1, Standard\""))
            #expect(response.body.contains("class=\"seat vip\" title=\"B4, VIP\""))
            #expect(response.body.contains("class=\"seat wheelchair\" title=\"C1, Wheelchair space\""))
            #expect(response.body.contains("class=\"seat standard blocked\" title=\"C3, Standard, blocked\""))
            #expect(response.body.contains("seat-row cross-aisle"), "the empty line is drawn as a cross aisle")
            #expect(response.body.contains("<strong>11</strong> sellable seats"))
            // The form keeps what was typed.
            #expect(response.body.contains("value=\"Attic\""))
            #expect(response.body.contains("ss.ss\r\nvv.vv\r\n.....\r\nwc.xs</textarea>") || response.body.contains("ss.ss\nvv.vv\n.....\nwc.xs</textarea>"))
            #expect(try app.count("SELECT COUNT(*) FROM halls") == halls)
        }
    }

    @Test func unreadableLayoutNamesLineAndColumnAndOtherFieldsTheirProblems() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let halls = try app.count("SELECT COUNT(*) FROM halls")
            let preview = try await admin.submit("/admin/halls/new", to: "/admin/halls", form: [
                ("name", "Attic"), ("format", "standard"), ("layout", "sss\nsqs"), ("intent", "preview"),
            ])
            #expect(preview.status == 422)
            #expect(preview.body.contains("id=\"e-layout\">Unknown seat character “q” at line 2, column 2."))
            #expect(preview.body.contains("<code>s<mark>q</mark>s</code>"))
            #expect(!preview.body.contains("id=\"hall-preview\""))

            let saved = try await admin.submit("/admin/halls/new", to: "/admin/halls", form: [
                ("name", "hall 1"), ("format", "cinerama"), ("layout", "sss\nsqs"), ("intent", "save"),
            ])
            #expect(saved.status == 422)
            #expect(saved.body.contains("id=\"e-format\">Choose a format: Standard, Premium, IMAX, 3D, Dolby Atmos."))
            #expect(saved.body.contains("id=\"e-layout\">Unknown seat character “q” at line 2, column 2."))
            #expect(try app.count("SELECT COUNT(*) FROM halls") == halls)

            let taken = try await admin.submit("/admin/halls/new", to: "/admin/halls", form: [
                ("name", "hall 1"), ("format", "imax"), ("layout", "sss"), ("intent", "save"),
            ])
            #expect(taken.status == 422)
            #expect(taken.body.contains("id=\"e-name\">A hall is already called “hall 1”."))
            #expect(taken.body.contains("<option value=\"imax\" selected>IMAX</option>"))
            #expect(taken.body.contains("id=\"hall-preview\""), "a readable layout is drawn beside another field's error")

            let empty = try await admin.submit("/admin/halls/new", to: "/admin/halls", form: [("name", ""), ("format", "standard"), ("layout", "...")])
            #expect(empty.status == 422)
            #expect(empty.body.contains("id=\"e-name\">Enter a name for the hall."))
            #expect(empty.body.contains("id=\"e-layout\">The layout has no seats."))
            #expect(try app.count("SELECT COUNT(*) FROM halls") == halls)
            #expect(try app.count("SELECT COUNT(*) FROM audit_log") == 0)
        }
    }

    @Test func createListAndEditAHall() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let created = try await admin.submit("/admin/halls/new", to: "/admin/halls", form: [
                ("name", "Attic"), ("format", "premium"), ("layout", "sssss.sssss\nvvvvv.vvvvv\nwc...........x"), ("intent", "save"),
            ])
            #expect(created.status == 303)
            let id = try #require(try app.value("SELECT id FROM halls WHERE name = 'Attic'", as: Int64.self))
            #expect(created.header("Location") == "/admin/halls/\(id)/edit")
            #expect(try app.count("SELECT COUNT(*) FROM seats WHERE hall_id = ?", [id]) == 23)
            let edit = try await admin.follow(created)
            #expect(edit.body.contains("Hall “Attic” was added with 22 sellable seats."))
            #expect(edit.body.contains("id=\"hall-preview\""))

            let list = try await admin.get("/admin/halls")
            #expect(list.status == 200)
            #expect(list.body.contains("Attic") && list.body.contains("Grand"))
            #expect(list.body.contains("Editable"))

            let changed = try await admin.submit("/admin/halls/\(id)/edit", to: "/admin/halls/\(id)", form: [
                ("name", "Attic"), ("format", "premium"), ("layout", "sssss.sssss\nvvvvv.vvvvv\nwc...........s\nss"), ("intent", "save"),
            ])
            #expect(changed.status == 303)
            #expect(try await admin.follow(changed).body.contains("Hall “Attic” was saved; 2 seats added, 1 seat unblocked."))
            #expect(try app.count("SELECT COUNT(*) FROM seats WHERE hall_id = ?", [id]) == 25)
        }
    }

    @Test func aLayoutChangeRefusedWhileBookingsAreAheadIsExplained() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let showtime = try await app.futureShowtime()
            try await app.confirmedBooking(showtimeID: showtime.id, username: "nora")
            let hall = showtime.hallID
            let layout = try #require(try app.value("SELECT layout FROM halls WHERE id = ?", [hall], as: String.self))
            let seats = try app.count("SELECT COUNT(*) FROM seats WHERE hall_id = ?", [hall])

            let list = try await admin.get("/admin/halls")
            #expect(list.body.contains("Locked"))
            let edit = try await admin.get("/admin/halls/\(hall)/edit")
            #expect(edit.body.contains("The layout is locked."))

            // Drop the last seat of the last line: a removal, refused.
            var lines = layout.split(separator: "\n").map(String.init)
            lines[lines.count - 1] = String(lines[lines.count - 1].dropLast()) + "."
            let refused = try await admin.submit("/admin/halls/\(hall)/edit", to: "/admin/halls/\(hall)", form: [
                ("name", showtime.hallName), ("format", showtime.format.rawValue), ("layout", lines.joined(separator: "\n")), ("intent", "save"),
            ])
            #expect(refused.status == 422)
            #expect(refused.body.contains("so seats cannot be added, removed, moved or given another category"))
            #expect(refused.body.contains("You can only block free seats") || refused.body.contains("you can only block free seats"))
            #expect(try app.count("SELECT COUNT(*) FROM seats WHERE hall_id = ?", [hall]) == seats)
            #expect(try app.value("SELECT layout FROM halls WHERE id = ?", [hall], as: String.self) == layout)
            #expect(try app.count("SELECT COUNT(*) FROM audit_log WHERE entity = 'hall'") == 0)
        }
    }
}
