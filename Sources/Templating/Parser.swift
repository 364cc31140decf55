/// Builds the node tree of one template from its segments and checks its structure:
/// every block closed by the right tag, `extends` first, nothing outside blocks in a child.
struct Parser {
    /// A block statement waiting for its closing tag.
    private struct OpenStatement {
        let keyword: String
        let location: SourceLocation
        /// The tags that may continue or close it, besides `end`.
        let continuations: Set<String>
        let closer: String
    }

    /// How a run of nodes ended.
    private struct Stop {
        let keyword: String
        let segment: Segment
    }

    private static let statementKeywords = ["if", "elif", "else", "for", "empty", "block", "include", "extends", "set", "end", "endif", "endfor", "endblock"]
    private static let stopKeywords: Set<String> = ["elif", "else", "empty", "end", "endif", "endfor", "endblock"]

    private var lexer: Lexer
    private let segments: [Segment]
    private var position = 0
    private let context: CompileContext
    private var template: ParsedTemplate
    /// Indices into `template.blocks` of the blocks being parsed, innermost last.
    private var openBlocks: [Int] = []
    /// How many statements enclose the current position.
    private var depth = 0
    /// Whether anything but whitespace and comments came before, so `extends` is misplaced.
    private var sawContent = false

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
    private mutating func parseNodes(in open: OpenStatement?) throws(LocatedError) -> ([RenderNode], Stop?) {
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

    private func checkOutsideBlocks(_ location: SourceLocation) throws(LocatedError) {
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

    // MARK: - Statements

    private mutating func statement(_ keyword: String, _ segment: Segment) throws(LocatedError) -> RenderNode? {
        switch keyword {
        case "if": return try conditional(segment)
        case "for": return try loop(segment)
        case "block": return try block(segment)
        case "include": return try include(segment)
        case "set": return try assignment(segment)
        case "extends":
            try extends(segment)
            return nil
        default:
            let hint = suggestion(for: keyword, among: Self.statementKeywords)
            throw LocatedError(.syntax, at: segment.tokens[at: 0].location, "unknown tag '\(keyword)'\(hint)")
        }
    }

    private mutating func conditional(_ segment: Segment) throws(LocatedError) -> RenderNode {
        try checkOutsideBlocks(segment.location)
        let open = OpenStatement(
            keyword: "if",
            location: segment.location,
            continuations: ["elif", "else", "endif"],
            closer: "'{% end %}' or '{% endif %}'"
        )
        var branches: [ConditionalNode.Branch] = []
        var condition = try expression(in: segment, from: 1, closer: "'%}'")
        var otherwise = NodeList.empty
        depth += 1
        defer { depth -= 1 }
        while true {
            let (body, stop) = try parseNodes(in: open)
            // parseNodes only returns without a stop tag when `open` is nil.
            guard let stop else { preconditionFailure("unclosed block reached the end without an error") }
            branches.append(ConditionalNode.Branch(condition: condition, body: NodeList(body)))
            switch stop.keyword {
            case "elif":
                condition = try expression(in: stop.segment, from: 1, closer: "'%}'")
            case "else":
                try expectBare(stop.segment)
                let elseOpen = OpenStatement(
                    keyword: "if",
                    location: segment.location,
                    continuations: ["endif"],
                    closer: "'{% end %}' or '{% endif %}' (after '{% else %}' at \(stop.segment.location.lineColumn))"
                )
                let (elseBody, elseStop) = try parseNodes(in: elseOpen)
                try expectBare(elseStop!.segment)
                otherwise = NodeList(elseBody)
                return ConditionalNode(branches: branches, otherwise: otherwise)
            default:
                try expectBare(stop.segment)
                return ConditionalNode(branches: branches, otherwise: otherwise)
            }
        }
    }

    private mutating func loop(_ segment: Segment) throws(LocatedError) -> RenderNode {
        try checkOutsideBlocks(segment.location)
        let tokens = segment.tokens
        var position = 1
        var first = try binding(tokens[at: position], role: "loop variable")
        var key: Variable?
        position += 1
        if tokens[at: position].kind == .symbol(.comma) {
            position += 1
            key = first
            first = try binding(tokens[at: position], role: "loop variable")
            position += 1
        }
        guard tokens[at: position].isIdentifier("in") else {
            throw LocatedError(.syntax, at: tokens[at: position].location, "expected 'in' after the loop variable, found \(tokens[at: position].display)")
        }
        let sequence = try expression(in: segment, from: position + 1, closer: "'%}'")
        let open = OpenStatement(
            keyword: "for",
            location: segment.location,
            continuations: ["empty", "endfor"],
            closer: "'{% end %}' or '{% endfor %}'"
        )
        depth += 1
        defer { depth -= 1 }
        let (body, stop) = try parseNodes(in: open)
        try expectBare(stop!.segment)
        var empty = NodeList.empty
        if stop!.keyword == "empty" {
            let emptyOpen = OpenStatement(
                keyword: "for",
                location: segment.location,
                continuations: ["endfor"],
                closer: "'{% end %}' or '{% endfor %}' (after '{% empty %}' at \(stop!.segment.location.lineColumn))"
            )
            let (emptyBody, emptyStop) = try parseNodes(in: emptyOpen)
            try expectBare(emptyStop!.segment)
            empty = NodeList(emptyBody)
        }
        return LoopNode(key: key, value: first, sequence: sequence, body: NodeList(body), empty: empty, location: segment.location)
    }

    private mutating func block(_ segment: Segment) throws(LocatedError) -> RenderNode {
        let tokens = segment.tokens
        guard case .identifier(let name) = tokens[at: 1].kind else {
            throw LocatedError(.syntax, at: tokens[at: 1].location, "expected a block name after 'block', found \(tokens[at: 1].display)")
        }
        guard case .end = tokens[at: 2].kind else {
            throw LocatedError(.syntax, at: tokens[at: 2].location, "unexpected \(tokens[at: 2].display); expected '%}' after the block name")
        }
        if let existing = template.blocks.first(where: { $0.name == name }) {
            throw LocatedError(
                .inheritance,
                at: tokens[at: 1].location,
                "block '\(name)' is already defined at \(existing.location.lineColumn); block names must be unique in a file"
            )
        }
        let symbol = context.symbol(name)
        template.blocks.append(
            BlockDefinition(symbol: symbol, name: name, body: .empty, location: segment.location, superCalls: [], isTopLevel: depth == 0)
        )
        let index = template.blocks.count - 1
        openBlocks.append(index)
        depth += 1
        let open = OpenStatement(
            keyword: "block \(name)",
            location: segment.location,
            continuations: ["endblock"],
            closer: "'{% end %}' or '{% endblock %}'"
        )
        let (body, stop) = try parseNodes(in: open)
        depth -= 1
        openBlocks.removeLast()
        let closing = stop!.segment.tokens
        if stop!.keyword == "endblock", case .identifier(let closingName) = closing[at: 1].kind {
            guard closingName == name else {
                throw LocatedError(
                    .unexpectedTag,
                    at: closing[at: 1].location,
                    "'{% endblock \(closingName) %}' closes block '\(name)' opened at \(segment.location.lineColumn)"
                )
            }
            guard case .end = closing[at: 2].kind else {
                throw LocatedError(.syntax, at: closing[at: 2].location, "unexpected \(closing[at: 2].display); expected '%}'")
            }
        } else {
            try expectBare(stop!.segment)
        }
        template.blocks[index].body = NodeList(body)
        return BlockNode(symbol: symbol)
    }

    private mutating func include(_ segment: Segment) throws(LocatedError) -> RenderNode {
        try checkOutsideBlocks(segment.location)
        let tokens = segment.tokens
        let target = try templateName(tokens[at: 1], tag: "include")
        var arguments: [IncludeNode.Argument] = []
        var position = 2
        if tokens[at: position].isIdentifier("with") {
            repeat {
                position += 1
                let variable = try binding(tokens[at: position], role: "include argument")
                guard tokens[at: position + 1].kind == .symbol(.assign) else {
                    throw LocatedError(
                        .syntax,
                        at: tokens[at: position + 1].location,
                        "expected '=' after the argument name '\(variable.name)', found \(tokens[at: position + 1].display)"
                    )
                }
                var parser = ExpressionParser(tokens: tokens, position: position + 2, context: context, closer: "',' or '%}'")
                arguments.append(IncludeNode.Argument(variable: variable, value: try parser.parseExpression()))
                position = parser.position
            } while tokens[at: position].kind == .symbol(.comma)
        }
        guard case .end = tokens[at: position].kind else {
            let expected = arguments.isEmpty ? "'with' or '%}'" : "',' or '%}'"
            throw LocatedError(.syntax, at: tokens[at: position].location, "unexpected \(tokens[at: position].display); expected \(expected)")
        }
        template.includes.append(ParsedTemplate.Reference(target: target, location: tokens[at: 1].location))
        return IncludeNode(target: target, arguments: arguments, location: segment.location)
    }

    private mutating func assignment(_ segment: Segment) throws(LocatedError) -> RenderNode? {
        let tokens = segment.tokens
        let variable = try binding(tokens[at: 1], role: "variable")
        guard tokens[at: 2].kind == .symbol(.assign) else {
            throw LocatedError(.syntax, at: tokens[at: 2].location, "expected '=' after '\(variable.name)', found \(tokens[at: 2].display)")
        }
        let value = try expression(in: segment, from: 3, closer: "'%}'")
        let node = AssignNode(variable, value)
        if template.extends != nil, depth == 0 {
            template.preamble.append(node)
            return nil
        }
        return node
    }

    private mutating func extends(_ segment: Segment) throws(LocatedError) {
        let tokens = segment.tokens
        if template.extends != nil || sawContent || depth > 0 {
            throw LocatedError(
                .inheritance,
                at: segment.location,
                "'{% extends %}' must be the first tag of the template, before any text or other tag"
            )
        }
        let target = try templateName(tokens[at: 1], tag: "extends")
        guard case .end = tokens[at: 2].kind else {
            throw LocatedError(.syntax, at: tokens[at: 2].location, "unexpected \(tokens[at: 2].display); expected '%}' after the layout name")
        }
        template.extends = ParsedTemplate.Reference(target: target, location: tokens[at: 1].location)
    }

    // MARK: - Pieces

    private func templateName(_ token: Token, tag: String) throws(LocatedError) -> Int {
        guard case .string(let name) = token.kind else {
            throw LocatedError(
                .syntax,
                at: token.location,
                "expected a template name in quotes after '\(tag)', such as \"partials/card.html\", found \(token.display)"
            )
        }
        guard let index = context.templateIndex[name] else {
            let hint = suggestion(for: name, among: context.names)
            throw LocatedError(.missingTemplate, at: token.location, "no template named '\(name)'\(hint)")
        }
        return index
    }

    /// A name that a tag binds: loop variables, `set` targets, include arguments.
    private func binding(_ token: Token, role: String) throws(LocatedError) -> Variable {
        guard case .identifier(let name) = token.kind else {
            throw LocatedError(.syntax, at: token.location, "expected a \(role) name, found \(token.display)")
        }
        if ExpressionParser.keywords.contains(name) {
            throw LocatedError(.syntax, at: token.location, "'\(name)' is reserved and cannot be used as a \(role) name")
        }
        return Variable(symbol: context.symbol(name), name: name, location: token.location)
    }

    private func expression(in segment: Segment, from position: Int, closer: String) throws(LocatedError) -> ExpressionNode {
        var parser = ExpressionParser(tokens: segment.tokens, position: position, context: context, closer: closer)
        let expression = try parser.parseExpression()
        try parser.expectEnd()
        return expression
    }

    /// `else`, `empty` and the end tags take nothing after the keyword.
    private func expectBare(_ segment: Segment) throws(LocatedError) {
        let tokens = segment.tokens
        guard case .end = tokens[at: 1].kind else {
            throw LocatedError(.syntax, at: tokens[at: 1].location, "unexpected \(tokens[at: 1].display); expected '%}'")
        }
    }
}

/// Collects the nodes of one body, joining text that a comment or whitespace control split.
private struct NodeBuilder {
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
