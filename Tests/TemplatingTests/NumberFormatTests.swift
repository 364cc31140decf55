import Testing
@testable import Templating

struct NumberFormatTests {
    @Test func doublesPrintLikeSwift() {
        var values: [Double] = [0, -0.0, 0.5, -0.5, 7.3, 8.0, 8.1, 9.95, 0.05, 1e-5, 123.25, 1e14 + 0.5, 1e15, 2.5e20, -42.1, .pi]
        values += (0..<2000).map { Double($0) / 10 - 100 }
        values += (0..<500).map { Double($0) * 1.37 }
        for value in values {
            var bytes: [UInt8] = []
            bytes.append(double: value)
            #expect(String(decoding: bytes, as: UTF8.self) == String(value), "\(value)")
        }
    }

    @Test func integersPrintLikeSwift() {
        for value in [0, 7, -7, 10, 99, -100, 1_234_567, Int.max, Int.min] {
            var bytes: [UInt8] = []
            bytes.append(decimal: value)
            #expect(String(decoding: bytes, as: UTF8.self) == String(value))
        }
        var padded: [UInt8] = []
        padded.append(decimal: 7, width: 3)
        padded.append(decimal: -7, width: 2)
        padded.append(decimal: 1234, width: 2)
        #expect(String(decoding: padded, as: UTF8.self) == "007-071234")
    }
}
