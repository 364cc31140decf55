extension BuiltinFilters {
    /// `truncate: 120`: strings longer than 120 characters are cut to their first 120
    /// (trailing whitespace dropped) and end with "…".
    static let truncate = TemplateFilter(
        builtin: "truncate",
        arguments: 1...1,
        validate: { arguments in
            guard case .int(let length) = arguments[0], length > 0 else {
                return "expected a positive character count, got \(describe(arguments[0]))"
            }
            return nil
        },
        makeWriter: { arguments in
            guard case .int(let length) = arguments[0], length > 0 else { return nil }
            return { value, output, escape in
                switch value {
                case .null: return
                case .string(let string):
                    var string = string
                    let done = string.withUTF8 { bytes -> Bool in
                        guard let end = asciiPrefixEnd(bytes, length: length) else { return false }
                        if end == bytes.count {
                            output.append(bytes, escape: escape)
                        } else {
                            var cut = end
                            while cut > 0, Lexer.isWhitespace(bytes[cut - 1]) { cut -= 1 }
                            output.append(UnsafeBufferPointer(rebasing: bytes[..<cut]), escape: escape)
                            output.append(ellipsis)
                        }
                        return true
                    }
                    if done { return }
                    guard let cut = truncated(string, to: length) else { return output.append(string, escape: escape) }
                    output.append(String(cut), escape: escape)
                    output.append(ellipsis)
                default:
                    throw TemplateFilterError("expected a string, got \(value.typeName)")
                }
            }
        },
        apply: { value, arguments in
            guard case .int(let length) = arguments[0], length > 0 else {
                throw TemplateFilterError("expected a positive character count, got \(describe(arguments[0]))")
            }
            switch value {
            case .null: return .null
            case .string(let string):
                guard let cut = truncated(string, to: length) else { return value }
                return .string(cut + "…")
            default:
                throw TemplateFilterError("expected a string, got \(value.typeName)")
            }
        }
    )

    private static let ellipsis = Array("…".utf8)

    /// The first `length` characters without trailing whitespace, or nil when the string is
    /// not longer than `length`.
    static func truncated(_ string: String, to length: Int) -> Substring? {
        var copy = string
        let end = copy.withUTF8 { asciiPrefixEnd($0, length: length) }
        var cut: Substring
        switch end {
        case let end? where end == string.utf8.count:
            return nil
        case let end?:
            cut = string[..<string.utf8.index(string.utf8.startIndex, offsetBy: end)]
        case nil:
            guard string.count > length else { return nil }
            cut = string.prefix(length)
        }
        while let last = cut.last, last.isWhitespace { cut.removeLast() }
        return cut
    }

    /// Where the first `length` characters end, when that can be told from bytes alone:
    /// `bytes.count` when there are at most `length` bytes (never more characters than
    /// bytes), `length` when those bytes and the one after are plain ASCII without CR (which
    /// pairs with LF), otherwise nil and the caller counts Characters, grapheme breaking
    /// being many times slower.
    private static func asciiPrefixEnd(_ bytes: UnsafeBufferPointer<UInt8>, length: Int) -> Int? {
        if bytes.count <= length { return bytes.count }
        guard let base = bytes.baseAddress else { return nil }
        var index = 0
        // Eight bytes at a time: no high bit set and no CR (the "has zero byte" trick).
        while index + 8 <= length + 1 {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let carriageReturns = word ^ 0x0D0D_0D0D_0D0D_0D0D
            let hasCarriageReturn = (carriageReturns &- 0x0101_0101_0101_0101) & ~carriageReturns & 0x8080_8080_8080_8080
            if (word & 0x8080_8080_8080_8080) | hasCarriageReturn != 0 { return nil }
            index += 8
        }
        while index <= length {
            let byte = base[index]
            if byte >= 0x80 || byte == UInt8(ascii: "\r") { return nil }
            index += 1
        }
        return length
    }
}
