extension Parser {
    // MARK: - Statements

    mutating func statement(_ keyword: String, _ segment: Segment) throws(LocatedError) -> RenderNode? {
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

    mutating func conditional(_ segment: Segment) throws(LocatedError) -> RenderNode {
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

    mutating func loop(_ segment: Segment) throws(LocatedError) -> RenderNode {
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

    mutating func block(_ segment: Segment) throws(LocatedError) -> RenderNode {
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

    mutating func include(_ segment: Segment) throws(LocatedError) -> RenderNode {
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

    mutating func assignment(_ segment: Segment) throws(LocatedError) -> RenderNode? {
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

    mutating func extends(_ segment: Segment) throws(LocatedError) {
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

    func templateName(_ token: Token, tag: String) throws(LocatedError) -> Int {
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
    func binding(_ token: Token, role: String) throws(LocatedError) -> Variable {
        guard case .identifier(let name) = token.kind else {
            throw LocatedError(.syntax, at: token.location, "expected a \(role) name, found \(token.display)")
        }
        if ExpressionParser.keywords.contains(name) {
            throw LocatedError(.syntax, at: token.location, "'\(name)' is reserved and cannot be used as a \(role) name")
        }
        return Variable(symbol: context.symbol(name), name: name, location: token.location)
    }

    func expression(in segment: Segment, from position: Int, closer: String) throws(LocatedError) -> ExpressionNode {
        var parser = ExpressionParser(tokens: segment.tokens, position: position, context: context, closer: closer)
        let expression = try parser.parseExpression()
        try parser.expectEnd()
        return expression
    }

    /// `else`, `empty` and the end tags take nothing after the keyword.
    func expectBare(_ segment: Segment) throws(LocatedError) {
        let tokens = segment.tokens
        guard case .end = tokens[at: 1].kind else {
            throw LocatedError(.syntax, at: tokens[at: 1].location, "unexpected \(tokens[at: 1].display); expected '%}'")
        }
    }
}
