import Testing
@testable import Templating

struct TemplatingSmokeTests {
    @Test func moduleLoads() {
        #expect(Bool(true))
    }
}
