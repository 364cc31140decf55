/// Builds the node tree of one template from its segments and checks its structure:
/// every block closed by the right tag, `extends` first, nothing outside blocks in a child.
struct Parser {
    /// A block statement waiting for its closing tag.
    struct OpenStatement {
        let keyword: String
        let location: SourceLocation
        /// The tags that may continue or close it, besides `end`.
        let continuations: Set<String>
        let closer: String
    }

    /// How a run of nodes ended.
    struct Stop {
        let keyword: String
        let segment: Segment
    }

    static let statementKeywords = ["if", "elif", "else", "for", "empty", "block", "include", "extends", "set", "end", "endif", "endfor", "endblock"]
    private static let stopKeywords: Set<String> = ["elif", "else", "empty", "end", "endif", "endfor", "endblock"]

    var lexer: Lexer
    let segments: [Segment]
    var position = 0
    let context: CompileContext
    var template: ParsedTemplate
    /// Indices into `template.blocks` of the blocks being parsed, innermost last.
    var openBlocks: [Int] = []
    /// How many statements enclose the current position.
    var depth = 0
    /// Whether anything but whitespace and comments came before, so `extends` is misplaced.
    var sawContent = false

    init(source: String, index: Int, context: CompileContext) throws(LocatedError) {
        var lexer = Lexer(source: source, file: index)
        self.segments = try lexer.segments()
        self.lexer = lexer
        self.context = context
        self.template = ParsedTemplate(index: index)
    }

    mutating func parse() throws(LocatedError) -> ParsedTemplate {
        let (nodes, stop) = try parseNodes(in: nil)
        if let stop {
            throw LocatedError(.unexpectedTag, at: stop.segment.location, "unexpected '{% \(stop.keyword) %}': there is no open block to close")
        }
        template.nodes = NodeList(nodes)
        return template
    }

    // MARK: - Node runs

    /// Parses nodes until a stop tag (`end`, `else`, ...) that belongs to `open`, or the end of the file.
    mutating func parseNodes(in open: OpenStatement?) throws(LocatedError) -> ([RenderNode], Stop?) {
        var nodes = NodeBuilder()
        while position < segments.count {
            let segment = segments[position]
            position += 1
            switch segment.kind {
            case .comment:
                continue
            case .text(let range):
                try appendText(range, at: segment.location, to: &nodes)
            case .output(let raw):
                try checkOutsideBlocks(segment.location)
                sawContent = true
                nodes.append(try output(segment, raw: raw))
            case .statement:
                guard case .identifier(let keyword) = segment.tokens[at: 0].kind else {
                    throw LocatedError(
                        .syntax,
                        at: segment.tokens[at: 0].location,
                        "expected a tag name such as 'if', 'for' or 'block', found \(segment.tokens[at: 0].display)"
                    )
                }
                if Self.stopKeywords.contains(keyword) {
                    try check(stop: keyword, in: open, segment: segment)
                    return (nodes.finish(), Stop(keyword: keyword, segment: segment))
                }
                if keyword != "extends" { sawContent = true }
                if let node = try statement(keyword, segment) {
                    nodes.append(node)
                }
            }
        }
        if let open {
            throw LocatedError(
                .unclosedBlock,
                at: open.location,
                "'{% \(open.keyword) %}' is never closed; expected \(open.closer) before the end of the file"
            )
        }
        return (nodes.finish(), nil)
    }

    private func check(stop keyword: String, in open: OpenStatement?, segment: Segment) throws(LocatedError) {
        guard let open else {
            throw LocatedError(.unexpectedTag, at: segment.location, "unexpected '{% \(keyword) %}': there is no open block to close")
        }
        if keyword == "end" || open.continuations.contains(keyword) { return }
        throw LocatedError(
            .unexpectedTag,
            at: segment.location,
            "unexpected '{% \(keyword) %}' inside '{% \(open.keyword) %}' opened at \(open.location.lineColumn); expected \(open.closer)"
        )
    }

    private mutating func appendText(_ range: Range<Int>, at location: SourceLocation, to nodes: inout NodeBuilder) throws(LocatedError) {
        let bytes = lexer.bytes(in: range)
        guard let firstContent = bytes.firstIndex(where: { !Lexer.isWhitespace($0) }) else {
            // Whitespace between the blocks of a child template is dropped, as nothing outside
            // blocks is rendered there.
            if template.extends != nil, depth == 0 { return }
            nodes.append(text: bytes)
            return
        }
        if template.extends != nil, depth == 0 {
            throw LocatedError(
                .inheritance,
                at: Self.location(of: firstContent, in: bytes, from: location),
                "text outside '{% block %}' in a template that extends '\(context.names[template.extends!.target])'; put it inside a block"
            )
        }
        sawContent = true
        nodes.append(text: bytes)
    }

    /// The position of `offset` in a text that starts at `start`.
    private static func location(of offset: Int, in bytes: ArraySlice<UInt8>, from start: SourceLocation) -> SourceLocation {
        var location = start
        for byte in bytes[bytes.startIndex..<offset] {
            if byte == UInt8(ascii: "\n") {
                location.line += 1
                location.column = 1
            } else if byte & 0xC0 != 0x80 {
                location.column += 1
            }
        }
        return location
    }

    func checkOutsideBlocks(_ location: SourceLocation) throws(LocatedError) {
        if let extends = template.extends, depth == 0 {
            throw LocatedError(
                .inheritance,
                at: location,
                "content outside '{% block %}' in a template that extends '\(context.names[extends.target])'; put it inside a block"
            )
        }
    }

    // MARK: - Output

    private mutating func output(_ segment: Segment, raw: Bool) throws(LocatedError) -> RenderNode {
        let tokens = segment.tokens
        if tokens.count == 4, tokens[at: 0].isIdentifier("super"), tokens[at: 1].kind == .symbol(.leftParen),
            tokens[at: 2].kind == .symbol(.rightParen)
        {
            guard let innermost = openBlocks.last else {
                throw LocatedError(.inheritance, at: tokens[at: 0].location, "super() outside a block; it renders the layout's version of the enclosing block")
            }
            template.blocks[innermost].superCalls.append(tokens[at: 0].location)
            return SuperNode()
        }
        var parser = ExpressionParser(tokens: tokens, position: 0, context: context, closer: raw ? "'}}}'" : "'}}'")
        let expression = try parser.parseExpression()
        try parser.expectEnd()
        if let call = expression as? FilterExpression, let writer = call.writer {
            return FilterOutputNode(call, writer: writer, escape: !raw)
        }
        return OutputNode(expression, escape: !raw, location: segment.location)
    }
}

/// Collects the nodes of one body, joining text that a comment or whitespace control split.
struct NodeBuilder {
    private var nodes: [RenderNode] = []
    private var text: [UInt8] = []

    mutating func append(text bytes: ArraySlice<UInt8>) {
        text.append(contentsOf: bytes)
    }

    mutating func append(_ node: RenderNode) {
        flushText()
        nodes.append(node)
    }

    mutating func finish() -> [RenderNode] {
        flushText()
        return nodes
    }

    private mutating func flushText() {
        if text.isEmpty { return }
        nodes.append(TextNode(text))
        text = []
    }
}
