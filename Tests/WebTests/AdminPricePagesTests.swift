import Cinema
import Foundation
import GRDB
import Testing

/// The admin price table over real sockets: one POST saves every cell; a bad cell is
/// marked, named above the table, and nothing is saved.
@Suite struct AdminPricePagesTests {
    static let adultStandard = "SELECT p.cents FROM prices p JOIN ticket_types t ON t.id = p.ticket_type_id WHERE t.code = ? AND p.format = ?"

    @Test func theTableShowsEveryCellAndSavesChangesTogether() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let page = try await admin.get("/admin/prices")
            #expect(page.status == 200)
            #expect(page.body.contains("name=\"price.adult.standard\" type=\"text\" inputmode=\"numeric\" value=\"1150\""))
            #expect(page.body.contains("name=\"price.child.3d\""))
            #expect(page.body.contains("name=\"surcharge.vip\" type=\"text\" inputmode=\"numeric\" value=\"300\""))
            #expect(page.body.contains("€11.50"))

            let saved = try await admin.submit("/admin/prices", to: "/admin/prices", form: [
                ("price.adult.standard", "1350"), ("price.student.dolby", ""), ("price.child.imax", "1350"), ("surcharge.vip", " 350 "),
            ])
            #expect(saved.status == 303)
            #expect(try await admin.follow(saved).body.contains("Prices saved: 3 changes."))
            #expect(try app.count(Self.adultStandard, ["adult", "standard"]) == 1350)
            #expect(try app.count("SELECT COUNT(*) FROM prices p JOIN ticket_types t ON t.id = p.ticket_type_id WHERE t.code = 'student' AND p.format = 'dolby'") == 0)
            #expect(try app.count("SELECT cents FROM seat_category_surcharges WHERE category = 'vip'") == 350)
            #expect(try app.count("SELECT COUNT(*) FROM audit_log WHERE entity = 'prices'") == 1)

            let same = try await admin.submit("/admin/prices", to: "/admin/prices", form: [("price.adult.standard", "1350")])
            #expect(try await admin.follow(same).body.contains("Nothing changed"))
        }
    }

    @Test func aBadCellIsMarkedAndNamedAndNothingIsSaved() async throws {
        try await withApp { app in
            let admin = try await app.signedInBrowser("boss", role: .admin)
            let response = try await admin.submit("/admin/prices", to: "/admin/prices", form: [
                ("price.adult.standard", "1400"), ("price.child.imax", "12.50"), ("surcharge.vip", "-1"),
            ])
            #expect(response.status == 422)
            #expect(response.body.contains("Nothing was saved: 2 cells need fixing."))
            #expect(response.body.contains("<a href=\"#cell-price-child-imax\">Child (under 14) in IMAX halls</a>: Enter whole cents from 0 to 100000"))
            #expect(response.body.contains("<a href=\"#cell-surcharge-vip\">VIP surcharge</a>: Enter whole cents"))
            // Each bad cell is marked and keeps what was typed; the good one keeps its new text too.
            #expect(response.body.contains("id=\"cell-price-child-imax\" name=\"price.child.imax\" type=\"text\" inputmode=\"numeric\" value=\"12.50\" aria-label=\"Child (under 14) in IMAX halls, in cents\" aria-invalid=\"true\""))
            #expect(response.body.contains("value=\"-1\""))
            #expect(response.body.contains("value=\"1400\""))
            #expect(try app.count(Self.adultStandard, ["adult", "standard"]) == 1150)
            #expect(try app.count("SELECT cents FROM seat_category_surcharges WHERE category = 'vip'") == 300)
            #expect(try app.count("SELECT COUNT(*) FROM audit_log") == 0)
        }
    }
}
