/// A token inside `{{ }}`, `{{{ }}}` or `{% %}`.
struct Token: Sendable {
    enum Kind: Equatable, Sendable {
        case identifier(String)
        case integer(Int)
        case number(Double)
        case string(String)
        case symbol(Symbol)
        /// The closing delimiter; every tag's token list ends with one.
        case end
    }

    enum Symbol: String, Sendable {
        case dot = "."
        case comma = ","
        case colon = ":"
        case pipe = "|"
        case leftParen = "("
        case rightParen = ")"
        case leftBracket = "["
        case rightBracket = "]"
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case greater = ">"
        case lessEqual = "<="
        case greaterEqual = ">="
        case assign = "="
        case minus = "-"
    }

    var kind: Kind
    var location: SourceLocation

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .identifier(let name): "'\(name)'"
        case .integer(let value): "'\(value)'"
        case .number(let value): "'\(value)'"
        case .string(let value): "\"\(value)\""
        case .symbol(let symbol): "'\(symbol.rawValue)'"
        case .end: "the end of the tag"
        }
    }

    func isIdentifier(_ name: String) -> Bool {
        if case .identifier(name) = kind { return true }
        return false
    }
}

/// A piece of a template source: literal text, an output tag, a statement tag or a comment.
struct Segment: Sendable {
    enum Kind: Sendable {
        case text(Range<Int>)
        case output(raw: Bool)
        case statement
        case comment
    }

    var kind: Kind
    /// The tag's tokens, ending with `.end`; empty for text and comments.
    var tokens: [Token]
    /// `{{-`, `{%-`, `{#-`: trim whitespace at the end of the text before.
    var trimBefore: Bool
    /// `-}}`, `-%}`, `-#}`: trim whitespace at the start of the text after.
    var trimAfter: Bool
    /// Where the segment starts (the opening delimiter of a tag).
    var location: SourceLocation
}

/// Splits a template source into segments, and the inside of tags into tokens.
///
/// Works on UTF-8 bytes; columns count Unicode scalars so they match what editors show.
struct Lexer {
    private let bytes: [UInt8]
    private let file: Int
    private var index = 0
    private var line = 1
    private var column = 1

    init(source: String, file: Int) {
        self.bytes = Array(source.utf8)
        self.file = file
    }

    /// The source bytes in `range`, for text nodes.
    func bytes(in range: Range<Int>) -> ArraySlice<UInt8> { bytes[range] }

    /// All segments of the source, with whitespace control already applied to text.
    mutating func segments() throws(LocatedError) -> [Segment] {
        var segments: [Segment] = []
        while index < bytes.count {
            let start = index
            let startLocation = location
            // Text runs up to the next `{{`, `{%` or `{#`.
            while index < bytes.count, !isTagStart(at: index) {
                advance()
            }
            if start < index {
                segments.append(
                    Segment(kind: .text(start..<index), tokens: [], trimBefore: false, trimAfter: false, location: startLocation)
                )
            }
            if index < bytes.count {
                segments.append(try tag())
            }
        }
        applyWhitespaceControl(&segments)
        return segments
    }

    private var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    private func byte(at offset: Int) -> UInt8? {
        offset < bytes.count ? bytes[offset] : nil
    }

    private func isTagStart(at offset: Int) -> Bool {
        guard bytes[offset] == UInt8(ascii: "{"), let next = byte(at: offset + 1) else { return false }
        return next == UInt8(ascii: "{") || next == UInt8(ascii: "%") || next == UInt8(ascii: "#")
    }

    private mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func advance(by count: Int) {
        for _ in 0..<count { advance() }
    }

    private mutating func tag() throws(LocatedError) -> Segment {
        let opening = location
        let kind: Segment.Kind
        let opener: String
        let closer: [UInt8]
        switch bytes[index + 1] {
        case UInt8(ascii: "#"):
            return try comment()
        case UInt8(ascii: "%"):
            kind = .statement
            opener = "{%"
            closer = Array("%}".utf8)
        default:
            if byte(at: index + 2) == UInt8(ascii: "{") {
                kind = .output(raw: true)
                opener = "{{{"
                closer = Array("}}}".utf8)
            } else {
                kind = .output(raw: false)
                opener = "{{"
                closer = Array("}}".utf8)
            }
        }
        advance(by: opener.utf8.count)
        var trimBefore = false
        if byte(at: index) == UInt8(ascii: "-") {
            trimBefore = true
            advance()
        }
        var tokens: [Token] = []
        while true {
            skipWhitespace()
            guard index < bytes.count else {
                throw LocatedError(
                    .syntax,
                    at: opening,
                    "'\(opener)' is never closed; expected '\(String(decoding: closer, as: UTF8.self))' before the end of the file"
                )
            }
            // A dash right before the closer trims the text after the tag.
            if bytes[index] == UInt8(ascii: "-"), matches(closer, at: index + 1) {
                let end = location
                advance(by: 1 + closer.count)
                tokens.append(Token(kind: .end, location: end))
                return Segment(kind: kind, tokens: tokens, trimBefore: trimBefore, trimAfter: true, location: opening)
            }
            if matches(closer, at: index) {
                let end = location
                advance(by: closer.count)
                tokens.append(Token(kind: .end, location: end))
                return Segment(kind: kind, tokens: tokens, trimBefore: trimBefore, trimAfter: false, location: opening)
            }
            tokens.append(try token(opener: opener, closer: closer, opening: opening))
        }
    }

    private mutating func comment() throws(LocatedError) -> Segment {
        let opening = location
        advance(by: 2)
        var trimBefore = false
        if byte(at: index) == UInt8(ascii: "-") {
            trimBefore = true
            advance()
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "-"), matches(Array("#}".utf8), at: index + 1) {
                advance(by: 3)
                return Segment(kind: .comment, tokens: [], trimBefore: trimBefore, trimAfter: true, location: opening)
            }
            if matches(Array("#}".utf8), at: index) {
                advance(by: 2)
                return Segment(kind: .comment, tokens: [], trimBefore: trimBefore, trimAfter: false, location: opening)
            }
            advance()
        }
        throw LocatedError(.syntax, at: opening, "'{#' is never closed; expected '#}' before the end of the file")
    }

    private func matches(_ pattern: [UInt8], at offset: Int) -> Bool {
        guard offset + pattern.count <= bytes.count else { return false }
        for (i, byte) in pattern.enumerated() where bytes[offset + i] != byte {
            return false
        }
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, Self.isWhitespace(bytes[index]) {
            advance()
        }
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == UInt8(ascii: "_")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private mutating func token(opener: String, closer: [UInt8], opening: SourceLocation) throws(LocatedError) -> Token {
        let start = location
        let byte = bytes[index]
        if Self.isIdentifierStart(byte) {
            let from = index
            while index < bytes.count, Self.isIdentifierStart(bytes[index]) || Self.isDigit(bytes[index]) {
                advance()
            }
            return Token(kind: .identifier(String(decoding: bytes[from..<index], as: UTF8.self)), location: start)
        }
        if Self.isDigit(byte) {
            return try number(at: start)
        }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
            return try string(quote: byte, at: start)
        }
        let two = index + 1 < bytes.count ? (byte, bytes[index + 1]) : (byte, 0)
        let symbol: Token.Symbol
        var length = 1
        switch two {
        case (UInt8(ascii: "="), UInt8(ascii: "=")): symbol = .equal; length = 2
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): symbol = .notEqual; length = 2
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): symbol = .lessEqual; length = 2
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): symbol = .greaterEqual; length = 2
        case (UInt8(ascii: "<"), _): symbol = .less
        case (UInt8(ascii: ">"), _): symbol = .greater
        case (UInt8(ascii: "="), _): symbol = .assign
        case (UInt8(ascii: "."), _): symbol = .dot
        case (UInt8(ascii: ","), _): symbol = .comma
        case (UInt8(ascii: ":"), _): symbol = .colon
        case (UInt8(ascii: "|"), _): symbol = .pipe
        case (UInt8(ascii: "("), _): symbol = .leftParen
        case (UInt8(ascii: ")"), _): symbol = .rightParen
        case (UInt8(ascii: "["), _): symbol = .leftBracket
        case (UInt8(ascii: "]"), _): symbol = .rightBracket
        case (UInt8(ascii: "-"), _): symbol = .minus
        default:
            let closerText = String(decoding: closer, as: UTF8.self)
            let found = currentCharacter()
            throw LocatedError(
                .syntax,
                at: start,
                "unexpected '\(found)' in '\(opener)' opened at \(opening.lineColumn); expected '\(closerText)' or an expression"
            )
        }
        advance(by: length)
        return Token(kind: .symbol(symbol), location: start)
    }

    private func currentCharacter() -> String {
        var end = index + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: bytes[index..<end], as: UTF8.self)
    }

    private mutating func number(at start: SourceLocation) throws(LocatedError) -> Token {
        let from = index
        while index < bytes.count, Self.isDigit(bytes[index]) { advance() }
        var isDouble = false
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), Self.isDigit(bytes[index + 1]) {
            isDouble = true
            advance()
            while index < bytes.count, Self.isDigit(bytes[index]) { advance() }
        }
        let text = String(decoding: bytes[from..<index], as: UTF8.self)
        if index < bytes.count, Self.isIdentifierStart(bytes[index]) {
            throw LocatedError(.syntax, at: location, "unexpected '\(currentCharacter())' after the number \(text)")
        }
        if isDouble, let value = Double(text) {
            return Token(kind: .number(value), location: start)
        }
        guard let value = Int(text) else {
            throw LocatedError(.syntax, at: start, "the number \(text) is too large")
        }
        return Token(kind: .integer(value), location: start)
    }

    private mutating func string(quote: UInt8, at start: SourceLocation) throws(LocatedError) -> Token {
        advance()
        var value: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                advance()
                return Token(kind: .string(String(decoding: value, as: UTF8.self)), location: start)
            }
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                let escapeLocation = location
                advance()
                switch bytes[index] {
                case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): value.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): value.append(bytes[index])
                default:
                    throw LocatedError(
                        .syntax,
                        at: escapeLocation,
                        "unknown escape '\\\(currentCharacter())' in a string; expected \\n, \\t, \\\\, \\\" or \\'"
                    )
                }
                advance()
                continue
            }
            value.append(byte)
            advance()
        }
        let quoteText = quote == UInt8(ascii: "\"") ? "\"" : "'"
        throw LocatedError(.syntax, at: start, "string is never closed; expected \(quoteText) before the end of the line")
    }

    /// `{{-` trims whitespace (newlines included) at the end of the text before the tag,
    /// `-}}` at the start of the text after it; likewise for `{%`/`%}` and `{#`/`#}`.
    private func applyWhitespaceControl(_ segments: inout [Segment]) {
        for i in segments.indices {
            guard case .text(var range) = segments[i].kind else { continue }
            if i > 0, segments[i - 1].trimAfter {
                while range.lowerBound < range.upperBound, Self.isWhitespace(bytes[range.lowerBound]) {
                    range = (range.lowerBound + 1)..<range.upperBound
                }
            }
            if i + 1 < segments.count, segments[i + 1].trimBefore {
                while range.lowerBound < range.upperBound, Self.isWhitespace(bytes[range.upperBound - 1]) {
                    range = range.lowerBound..<(range.upperBound - 1)
                }
            }
            segments[i].kind = .text(range)
        }
    }
}

extension Array where Element == Token {
    /// The token at `index`, or the closing `.end` token when the tag is shorter.
    subscript(at index: Int) -> Token {
        index < count ? self[index] : self[count - 1]
    }
}
