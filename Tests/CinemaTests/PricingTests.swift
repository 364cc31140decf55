import Foundation
import Testing
@testable import Cinema

struct PricingTests {
    static let base: [String: [HallFormat: Int]] = [
        "adult": [.standard: 1_000, .imax: 1_500], "child": [.standard: 700, .imax: 1_100],
        "senior": [.standard: 800, .imax: 1_200], "student": [.standard: 850, .imax: 1_250],
    ]
    static let surcharge: [SeatCategory: Int] = [.standard: 0, .vip: 300, .wheelchair: 0, .companion: 0]

    @Test func everyTicketTypeFormatAndCategoryCombination() async throws {
        let fixture = try await Fixture.make()
        let pricing = fixture.pricing
        #expect(try await pricing.ticketTypes().map(\.code) == ["adult", "child", "senior", "student"])
        let table = try await pricing.priceTable()
        for (code, formats) in Self.base {
            for format in [HallFormat.standard, .imax] {
                for category in SeatCategory.allCases {
                    let expected = formats[format]! + Self.surcharge[category]!
                    #expect(try await pricing.price(ticketType: code, format: format, category: category) == expected,
                            "\(code) \(format) \(category)")
                    #expect(table.price(ticketType: code, format: format, category: category) == expected)
                }
            }
        }
        #expect(table.ticketPrices(for: .premium).isEmpty)
        #expect(table.defaultTicketType(for: .imax)?.code == "adult")
        await #expect(throws: Pricing.Error.noPrice(ticketType: "adult", format: .premium)) {
            try await pricing.price(ticketType: "adult", format: .premium, category: .standard)
        }
        await #expect(throws: Pricing.Error.unknownTicketType("vip")) {
            try await pricing.price(ticketType: "vip", format: .standard, category: .standard)
        }
    }

    @Test func adminCanSetPricesAndSurcharges() async throws {
        let fixture = try await Fixture.make()
        let pricing = fixture.pricing
        try await pricing.setPrice(ticketType: "adult", format: .premium, cents: 1_800)
        try await pricing.setPrice(ticketType: "adult", format: .standard, cents: 1_050)
        try await pricing.setSurcharge(category: .wheelchair, cents: 0)
        try await pricing.setSurcharge(category: .vip, cents: 450)
        #expect(try await pricing.price(ticketType: "adult", format: .premium, category: .vip) == 2_250)
        #expect(try await pricing.price(ticketType: "adult", format: .standard, category: .standard) == 1_050)
        await #expect(throws: ValidationError.self) {
            try await pricing.setPrice(ticketType: "adult", format: .premium, cents: -1)
        }
        await #expect(throws: Pricing.Error.unknownTicketType("martian")) {
            try await pricing.setPrice(ticketType: "martian", format: .premium, cents: 1)
        }
    }

    @Test func formatsMoney() {
        #expect(Money.format(cents: 2_650, currencyCode: "EUR") == "€26.50")
        #expect(Money.format(cents: 5, currencyCode: "usd") == "$0.05")
        #expect(Money.format(cents: -1_299, currencyCode: "GBP") == "-£12.99")
        #expect(Money.format(cents: 100_000, currencyCode: "CHF") == "1000.00 CHF")
    }
}
