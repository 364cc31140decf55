/// HTML escaping: `& < > " '` become entities, in text and attribute positions alike, so a
/// value is safe between tags and inside `"..."` or `'...'` attributes.
public enum HTMLEscape {
    static let entities: [[UInt8]] = [
        Array("&amp;".utf8), Array("&lt;".utf8), Array("&gt;".utf8), Array("&quot;".utf8), Array("&#39;".utf8),
    ]

    /// The entity for `byte`, or nil when it is copied as is.
    @inline(__always)
    static func entity(for byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "&"): 0
        case UInt8(ascii: "<"): 1
        case UInt8(ascii: ">"): 2
        case UInt8(ascii: "\""): 3
        case UInt8(ascii: "'"): 4
        default: nil
        }
    }

    /// Whether any of the 8 bytes in `word` needs escaping. Most text needs none, so testing
    /// eight bytes at once skips it quickly (the "has zero byte" bit trick, once per character).
    @inline(__always)
    static func needsEscaping(_ word: UInt64) -> Bool {
        @inline(__always)
        func has(_ byte: UInt64) -> UInt64 {
            let x = word ^ (0x0101_0101_0101_0101 &* byte)
            return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
        }
        return (has(0x26) | has(0x3C) | has(0x3E) | has(0x22) | has(0x27)) != 0
    }

    /// Appends `bytes` with `& < > " '` replaced by entities.
    static func append(escaping bytes: UnsafeBufferPointer<UInt8>, to output: inout OutputBuffer) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var start = 0
        var index = 0
        while index < count {
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if !needsEscaping(word) {
                    index += 8
                    continue
                }
            }
            let end = min(index + 8, count)
            while index < end {
                if let entity = entity(for: base[index]) {
                    if start < index { output.append(UnsafeBufferPointer(start: base + start, count: index - start)) }
                    entities[entity].withUnsafeBufferPointer { output.append($0) }
                    start = index + 1
                }
                index += 1
            }
        }
        if start < count { output.append(UnsafeBufferPointer(start: base + start, count: count - start)) }
    }
}

extension OutputBuffer {
    /// Appends UTF-8 bytes, escaped for HTML when `escape` is set.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, escape: Bool) {
        if escape {
            HTMLEscape.append(escaping: bytes, to: &self)
        } else {
            append(bytes)
        }
    }

    /// Appends a string's UTF-8, escaped for HTML when `escape` is set.
    @inline(__always)
    mutating func append(_ string: String, escape: Bool) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { bytes in
            append(bytes, escape: escape)
        }
        if done == nil {
            var copy = string
            copy.withUTF8 { append($0, escape: escape) }
        }
    }

    /// Appends the decimal digits of `value` without going through `String`.
    mutating func append(decimal value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        append(digitsOf: value.magnitude)
    }

    /// Appends `value` zero-padded to at least `width` digits (for dates and money).
    mutating func append(decimal value: Int, width: Int) {
        if value >= 0, value < 100, width <= 2 {
            // Hours, minutes, days, cents: the common case.
            if value >= 10 || width == 2 { append(UInt8(truncatingIfNeeded: value / 10) &+ 48) }
            append(UInt8(truncatingIfNeeded: value % 10) &+ 48)
            return
        }
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
        var digits = 2
        var limit: UInt = 100
        while magnitude >= limit, digits < 20 {
            digits += 1
            (limit, _) = limit.multipliedReportingOverflow(by: 10)
        }
        write(upTo: digits) { target in
            var rest = magnitude
            var index = digits
            repeat {
                index -= 1
                target[index] = UInt8(truncatingIfNeeded: rest % 10) &+ 48
                rest /= 10
            } while rest != 0
            return digits
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
}

extension HTMLEscape {
    /// `text` with `& < > " '` as entities: what every `{{ }}` output gets, for HTML and SVG
    /// built outside a template (text and attribute values alike).
    public static func escaped(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.contains(where: { entity(for: $0) != nil }) else { return String(decoding: bytes, as: UTF8.self) }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                if let entity = entity(for: byte) {
                    output += entities[entity]
                } else {
                    output.append(byte)
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
    }
}

