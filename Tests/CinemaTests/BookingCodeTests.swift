import Testing
@testable import Cinema

struct BookingCodeTests {
    @Test func codesUseAnUnambiguousAlphabet() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<1_000 {
            let code = BookingCode.random(using: &generator)
            #expect(code.count == 7)
            #expect(code.dropFirst(3).first == "-")
            #expect(!code.contains { "01OIL".contains($0) })
        }
        #expect(BookingCode.normalize("k7q 42m") == "K7Q-42M")
        #expect(BookingCode.normalize("K7Q-42M") == "K7Q-42M")
        #expect(BookingCode.normalize("abc") == "ABC")
    }
}
