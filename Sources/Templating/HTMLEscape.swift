/// Byte-level writers for the render buffer. Rendering appends UTF-8 straight into one
/// `[UInt8]`; none of these build intermediate Strings.
enum HTMLEscape {
    /// For each byte, 0 when it is copied as is, otherwise the index + 1 of its entity.
    /// The five characters are escaped in text and attribute positions alike, so a value is
    /// safe inside `"..."` and `'...'` attributes as well as between tags.
    static let table: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        table[Int(UInt8(ascii: "&"))] = 1
        table[Int(UInt8(ascii: "<"))] = 2
        table[Int(UInt8(ascii: ">"))] = 3
        table[Int(UInt8(ascii: "\""))] = 4
        table[Int(UInt8(ascii: "'"))] = 5
        return table
    }()

    static let entities: [[UInt8]] = [
        Array("&amp;".utf8), Array("&lt;".utf8), Array("&gt;".utf8), Array("&quot;".utf8), Array("&#39;".utf8),
    ]

    /// Appends `bytes` with `& < > " '` replaced by entities.
    static func append(escaping bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        table.withUnsafeBufferPointer { table in
            var start = 0
            var index = 0
            let count = bytes.count
            while index < count {
                let entity = table[Int(bytes[index])]
                if entity != 0 {
                    if start < index {
                        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    }
                    output.append(contentsOf: entities[Int(entity) - 1])
                    start = index + 1
                }
                index += 1
            }
            if start < count {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<count]))
            }
        }
    }
}

extension Array where Element == UInt8 {
    /// Appends a string's UTF-8, escaped for HTML when `escape` is set.
    @inline(__always)
    mutating func append(_ string: String, escape: Bool) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { bytes in
            if escape {
                HTMLEscape.append(escaping: bytes, to: &self)
            } else {
                self.append(contentsOf: bytes)
            }
        }
        if done == nil {
            var copy = string
            copy.withUTF8 { bytes in
                if escape {
                    HTMLEscape.append(escaping: bytes, to: &self)
                } else {
                    self.append(contentsOf: bytes)
                }
            }
        }
    }

    /// Appends UTF-8 bytes, escaped for HTML when `escape` is set.
    @inline(__always)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>, escape: Bool) {
        if escape {
            HTMLEscape.append(escaping: bytes, to: &self)
        } else {
            append(contentsOf: bytes)
        }
    }

    /// Appends a Double as Swift prints it ("7.5", "8.0", "1e-05"), without a String for the
    /// common case of at most one decimal.
    mutating func append(double value: Double) {
        if value.isFinite, value.magnitude < 1e15 {
            let tenths = (value * 10).rounded()
            if tenths / 10 == value {
                // value has a shortest form with exactly one decimal (or none, printed as ".0").
                let whole = Int(tenths.magnitude) / 10
                if value < 0 || (value == 0 && value.sign == .minus) { append(UInt8(ascii: "-")) }
                append(decimal: whole)
                append(UInt8(ascii: "."))
                append(UInt8(truncatingIfNeeded: Int(tenths.magnitude) % 10) &+ 48)
                return
            }
        }
        append(String(value), escape: false)
    }

    /// Appends the decimal digits of `value` without going through `String`.
    mutating func append(decimal value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        append(digitsOf: value.magnitude)
    }

    /// Appends `value` zero-padded to at least `width` digits (for dates and money).
    mutating func append(decimal value: Int, width: Int) {
        var digits = 1
        var rest = value.magnitude / 10
        while rest != 0 {
            digits += 1
            rest /= 10
        }
        if value < 0 { append(UInt8(ascii: "-")) }
        var padding = width - digits
        while padding > 0 {
            append(UInt8(ascii: "0"))
            padding -= 1
        }
        append(digitsOf: value.magnitude)
    }

    private mutating func append(digitsOf magnitude: UInt) {
        if magnitude < 10 {
            append(UInt8(truncatingIfNeeded: magnitude) &+ 48)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = magnitude
            var index = 20
            repeat {
                index -= 1
                digits[index] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 48
                magnitude /= 10
            } while magnitude != 0
            append(contentsOf: UnsafeBufferPointer(rebasing: digits[index..<20]))
        }
    }
}
