/// Percent-decoding for paths, query strings and url-encoded forms, working on UTF-8 bytes
/// (no Foundation on the request path).
enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` as a space when `plusAsSpace`), strictly: a malformed
    /// escape or bytes that are not UTF-8 give `nil`.
    static func decodeStrict(_ text: Substring, plusAsSpace: Bool = false) -> String? {
        guard needsDecoding(text, plusAsSpace: plusAsSpace) else { return String(text) }
        guard let bytes = decodeBytes(text.utf8, plusAsSpace: plusAsSpace, lenient: false) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Decodes `%XX` escapes (and `+` as a space when `plusAsSpace`), leniently: a malformed
    /// escape stays as written and bytes that are not UTF-8 become U+FFFD, the way browsers
    /// read query strings.
    static func decodeLenient(_ text: Substring, plusAsSpace: Bool) -> String {
        guard needsDecoding(text, plusAsSpace: plusAsSpace) else { return String(text) }
        // With `lenient: true` the decoder never fails.
        let bytes = decodeBytes(text.utf8, plusAsSpace: plusAsSpace, lenient: true) ?? []
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func needsDecoding(_ text: Substring, plusAsSpace: Bool) -> Bool {
        for byte in text.utf8 where byte == UInt8(ascii: "%") || (plusAsSpace && byte == UInt8(ascii: "+")) {
            return true
        }
        return false
    }

    private static func decodeBytes(
        _ utf8: Substring.UTF8View,
        plusAsSpace: Bool,
        lenient: Bool
    ) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let first = utf8.index(after: index)
                if first != utf8.endIndex {
                    let second = utf8.index(after: first)
                    if second != utf8.endIndex, let high = hexValue(utf8[first]), let low = hexValue(utf8[second]) {
                        output.append(high << 4 | low)
                        index = utf8.index(after: second)
                        continue
                    }
                }
                guard lenient else { return nil }
                output.append(byte)
            } else if plusAsSpace && byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else {
                output.append(byte)
            }
            index = utf8.index(after: index)
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
