import Testing
@testable import Cinema

struct CinemaSmokeTests {
    @Test func moduleLoads() {
        #expect(Bool(true))
    }
}
