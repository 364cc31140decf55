import Testing
@testable import Web

struct WebSmokeTests {
    @Test func moduleLoads() {
        #expect(Bool(true))
    }
}
