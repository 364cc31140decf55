import Foundation
import GRDB
import Testing
@testable import Cinema

struct AdminPricesTests {
    @Test func theFormHasACellPerTicketTypeAndFormatAndPerCategory() async throws {
        let cinema = try await AdminFixture.make()
        let form = try await cinema.prices.form()
        #expect(form.ticketTypes.map(\.code) == ["adult", "child"])
        #expect(form.formats == HallFormat.allCases)
        #expect(form.values.count == 2 * 5 + 4)
        #expect(form.value("price.adult.imax") == "1700")
        #expect(form.value("price.adult.3d") == "1200")
        #expect(form.value("price.child.standard") == "800")
        #expect(form.value("price.child.imax") == "")  // not sold
        #expect(form.value("surcharge.vip") == "300")
        #expect(form.value("surcharge.wheelchair") == "0")
        #expect(PriceForm.priceKey(ticketType: "adult", format: .threeD) == "price.adult.3d")
        #expect(PriceForm.surchargeKey(.companion) == "surcharge.companion")
    }

    @Test func badCellsAreReportedByKeyAndNothingIsSaved() async throws {
        let cinema = try await AdminFixture.make()
        let error = try #require(await caught(ValidationError.self) {
            try await cinema.prices.update([
                "price.adult.standard": "1300",
                "price.adult.imax": "-5",
                "price.adult.premium": "12.50",
                "price.adult.dolby": "100001",
                "price.adult.3d": "twelve",
                "price.senior.standard": "900",
                "price.adult.4dx": "900",
                "surcharge.vip": "1e3",
                "surcharge.balcony": "100",
                "csrf": "not a price",
            ], actor: cinema.admin.id, now: cinema.now)
        })
        #expect(Set(error.fields.keys) == [
            "price.adult.imax", "price.adult.premium", "price.adult.dolby", "price.adult.3d", "price.senior.standard",
            "price.adult.4dx", "surcharge.vip", "surcharge.balcony",
        ])
        #expect(error["price.adult.imax"]?.hasPrefix("Enter whole cents from 0 to 100000, like 1250 for 12.50.") == true)
        #expect(error["surcharge.vip"] == "Enter whole cents from 0 to 100000, like 1250 for 12.50.")
        #expect(error["price.senior.standard"] == "There is no such ticket type or format.")
        #expect(error["surcharge.balcony"] == "There is no such seat category.")
        #expect(try await cinema.prices.form().value("price.adult.standard") == "1200")
        #expect(try await cinema.audit.recent(entity: .prices).isEmpty)
    }

    @Test func validCellsAreSavedInOneGoAndNewBookingsUseThem() async throws {
        let cinema = try await AdminFixture.make()
        let changed = try await cinema.prices.update([
            "price.adult.standard": "1350",
            "price.adult.imax": "1700",  // unchanged
            "price.child.imax": "1000",  // newly sold
            "price.child.standard": "",  // no longer sold
            "surcharge.vip": "450",
            "surcharge.wheelchair": "",  // empty surcharge is 0 (unchanged)
            "price.adult.dolby": "0",
            "price.adult.premium": "100000",
        ], actor: cinema.admin.id, now: cinema.now)
        #expect(changed == 6)
        let table = try await Pricing(database: cinema.database).priceTable()
        #expect(table.basePrice(ticketType: "adult", format: .standard) == 1_350)
        #expect(table.basePrice(ticketType: "child", format: .imax) == 1_000)
        #expect(table.basePrice(ticketType: "child", format: .standard) == nil)
        #expect(table.basePrice(ticketType: "adult", format: .dolby) == 0)
        #expect(table.surcharge(for: .vip) == 450)
        let entries = try await cinema.audit.recent(entity: .prices)
        #expect(entries.count == 1)
        #expect(entries[0].details.contains("adult/standard 1200 → 1350"))
        #expect(entries[0].details.contains("child/standard 800 → not sold"))
        #expect(entries[0].details.contains("surcharge vip 300 → 450"))

        let hall = try await cinema.hall()
        let movie = try await cinema.movie("Orbitfall")
        let showtime = try await cinema.showtime(movie, hall, at: "2025-06-03 18:00")
        let ada = try await cinema.customer("ada")
        let ticket = try await cinema.book(ada, showtime: showtime, hall: hall, seats: ["A1", "B3"])
        #expect(ticket.totalCents == 1_350 + 1_350 + 450)
        #expect(try await cinema.prices.update(["surcharge.vip": "450"], actor: cinema.admin.id, now: cinema.now) == 0)
        #expect(try await cinema.audit.recent(entity: .prices).count == 1)
    }

    @Test func onlyAdminsChangePrices() async throws {
        let cinema = try await AdminFixture.make()
        let staff = try await cinema.user("watcher", role: .staff)
        await #expect(throws: AdminError.notAuthorized) {
            try await cinema.prices.update(["price.adult.standard": "1"], actor: staff.id, now: cinema.now)
        }
    }
}
