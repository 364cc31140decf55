import Foundation
import Testing
@testable import Templating

struct NumberFormatTests {
    @Test func doublesPrintLikeSwift() {
        var values: [Double] = [0, -0.0, 0.5, -0.5, 7.3, 8.0, 8.1, 9.95, 0.05, 1e-5, 123.25, 1e14 + 0.5, 1e15, 2.5e20, -42.1, .pi]
        values += (0..<2000).map { Double($0) / 10 - 100 }
        values += (0..<500).map { Double($0) * 1.37 }
        for value in values {
            var bytes = OutputBuffer()
            bytes.append(double: value)
            #expect(bytes.string == String(value), "\(value)")
        }
    }

    @Test func bufferGrowsAndEscapes() {
        var buffer = OutputBuffer(capacity: 16)
        let text = String(repeating: "abc<def>&'\"xyz ", count: 100)
        buffer.append(text, escape: true)
        let expected = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
        #expect(buffer.string == expected)
        buffer.truncate(to: 3)
        buffer.append("!", escape: false)
        #expect(buffer.string == "abc!")
    }

    @Test func escapingFindsCharactersAtEveryOffset() {
        // The eight-bytes-at-a-time scan must catch a special character wherever it falls.
        for length in 0..<20 {
            for position in 0..<max(length, 1) {
                for special in ["&", "<", ">", "\"", "'"] {
                    var characters = Array(repeating: "a", count: length)
                    if length > 0 { characters[position] = special }
                    var buffer = OutputBuffer()
                    buffer.append(characters.joined(), escape: true)
                    let entity = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"][special]!
                    #expect(buffer.string == characters.map { $0 == special ? entity : $0 }.joined())
                }
            }
        }
    }

    @Test func integersPrintLikeSwift() {
        for value in [0, 7, -7, 10, 99, -100, 1_234_567, Int.max, Int.min] {
            var bytes = OutputBuffer()
            bytes.append(decimal: value)
            #expect(bytes.string == String(value))
        }
        var padded = OutputBuffer()
        padded.append(decimal: 7, width: 3)
        padded.append(decimal: -7, width: 2)
        padded.append(decimal: 1234, width: 2)
        #expect(padded.string == "007-071234")
    }
}
