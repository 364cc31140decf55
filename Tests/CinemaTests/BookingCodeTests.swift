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
        // Every character of the alphabet turns up in every position.
        var seen = Array(repeating: Set<Character>(), count: 7)
        var sameFirstTwo = 0
        for _ in 0..<2_000 {
            let code = Array(BookingCode.random(using: &generator))
            for (index, character) in code.enumerated() { seen[index].insert(character) }
            if code[0] == code[1] { sameFirstTwo += 1 }
        }
        #expect(seen.map(\.count) == [31, 31, 31, 1, 31, 31, 31])
        // Positions are drawn independently: two equal about one time in 31 (65 of 2,000).
        #expect(sameFirstTwo < 150)
        #expect(BookingCode.normalize("k7q 42m") == "K7Q-42M")
        #expect(BookingCode.normalize("K7Q-42M") == "K7Q-42M")
        #expect(BookingCode.normalize("abc") == "ABC")
    }
}
