/// Compile-time state shared by every template of a library: interned variable names,
/// the filters by name and the template names.
final class CompileContext {
    private(set) var symbols: [String: Int] = [:]
    let filters: [String: TemplateFilter]
    let templateIndex: [String: Int]
    let names: [String]

    init(filters: [String: TemplateFilter], names: [String]) {
        self.filters = filters
        self.names = names
        self.templateIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }

    /// The integer for `name`; the same name always gets the same integer.
    func symbol(_ name: String) -> Int {
        if let symbol = symbols[name] { return symbol }
        let symbol = symbols.count
        symbols[name] = symbol
        return symbol
    }
}

/// Parses the tokens of one tag into an ``ExpressionNode``.
///
/// Precedence, loosest first: `or`, `and`, `not`, comparisons, filters (`|`), then
/// `.key` / `[index]` access. So `movies | length > 0` is `(movies | length) > 0`.
struct ExpressionParser {
    static let keywords: Set<String> = ["and", "or", "not", "true", "false", "null", "in", "with", "super", "loop"]

    private let tokens: [Token]
    private(set) var position: Int
    private let context: CompileContext
    /// What a tag expects after the expression, for "expected ..." messages.
    private let closerDescription: String

    init(tokens: [Token], position: Int, context: CompileContext, closer: String) {
        self.tokens = tokens
        self.position = position
        self.context = context
        self.closerDescription = closer
    }

    var current: Token { tokens[at: position] }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    mutating func parseExpression() throws(LocatedError) -> ExpressionNode {
        try parseOr()
    }

    /// Fails unless the tag ends here.
    func expectEnd() throws(LocatedError) {
        guard case .end = current.kind else {
            throw LocatedError(.syntax, at: current.location, "unexpected \(current.display); expected \(closerDescription)")
        }
    }

    private mutating func parseOr() throws(LocatedError) -> ExpressionNode {
        var left = try parseAnd()
        while current.isIdentifier("or") {
            advance()
            left = OrExpression(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(LocatedError) -> ExpressionNode {
        var left = try parseNot()
        while current.isIdentifier("and") {
            advance()
            left = AndExpression(left, try parseNot())
        }
        return left
    }

    private mutating func parseNot() throws(LocatedError) -> ExpressionNode {
        if current.isIdentifier("not") {
            advance()
            return NotExpression(try parseNot())
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(LocatedError) -> ExpressionNode {
        let left = try parseFiltered()
        guard let op = comparisonOperator(current) else { return left }
        let location = current.location
        advance()
        let right = try parseFiltered()
        if comparisonOperator(current) != nil {
            throw LocatedError(
                .syntax,
                at: current.location,
                "comparisons cannot be chained; combine them with 'and'"
            )
        }
        return ComparisonExpression(op, left, right, at: location)
    }

    private func comparisonOperator(_ token: Token) -> ComparisonOperator? {
        guard case .symbol(let symbol) = token.kind else { return nil }
        switch symbol {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .greater: return .greater
        case .lessEqual: return .lessEqual
        case .greaterEqual: return .greaterEqual
        default: return nil
        }
    }

    private mutating func parseFiltered() throws(LocatedError) -> ExpressionNode {
        var expression = try parsePostfix()
        while case .symbol(.pipe) = current.kind {
            advance()
            guard case .identifier(let name) = current.kind else {
                throw LocatedError(.syntax, at: current.location, "expected a filter name after '|', found \(current.display)")
            }
            let nameLocation = current.location
            guard let filter = context.filters[name] else {
                let hint = suggestion(for: name, among: context.filters.keys.sorted())
                throw LocatedError(.unknownFilter, at: nameLocation, "unknown filter '\(name)'\(hint)")
            }
            advance()
            var arguments: [ExpressionNode] = []
            var argumentLocations: [SourceLocation] = []
            if case .symbol(.colon) = current.kind {
                advance()
                repeat {
                    if !arguments.isEmpty { advance() }
                    argumentLocations.append(current.location)
                    arguments.append(try parsePostfix())
                } while current.kind == .symbol(.comma)
            }
            try check(arguments, locations: argumentLocations, of: filter, at: nameLocation)
            expression = FilterExpression(name: name, input: expression, arguments: arguments, filter: filter, location: nameLocation)
        }
        return expression
    }

    private func check(
        _ arguments: [ExpressionNode],
        locations: [SourceLocation],
        of filter: TemplateFilter,
        at location: SourceLocation
    ) throws(LocatedError) {
        if !filter.arguments.contains(arguments.count) {
            let range = filter.arguments
            let expected: String
            if range.lowerBound == range.upperBound {
                expected = range.lowerBound == 0 ? "no arguments" : "\(range.lowerBound) argument\(range.lowerBound == 1 ? "" : "s")"
            } else {
                expected = "\(range.lowerBound) to \(range.upperBound) arguments"
            }
            let got = arguments.count
            throw LocatedError(
                .filterArguments,
                at: arguments.count > range.upperBound ? locations[range.upperBound] : location,
                "filter '\(filter.name)' takes \(expected), got \(got)\(range.lowerBound > 0 && got == 0 ? "; write '\(filter.name): ...'" : "")"
            )
        }
        let literals = arguments.compactMap(\.literalValue)
        if literals.count == arguments.count, let validate = filter.validate, let message = validate(literals) {
            throw LocatedError(.filterArguments, at: locations.first ?? location, "filter '\(filter.name)': \(message)")
        }
    }

    private mutating func parsePostfix() throws(LocatedError) -> ExpressionNode {
        let base = try parsePrimary()
        var steps: [AccessStep] = []
        while true {
            if case .symbol(.dot) = current.kind {
                advance()
                guard case .identifier(let name) = current.kind else {
                    throw LocatedError(.syntax, at: current.location, "expected a name after '.', found \(current.display)")
                }
                steps.append(.member(name, current.location))
                advance()
            } else if case .symbol(.leftBracket) = current.kind {
                let location = current.location
                advance()
                let index = try parseExpression()
                guard case .symbol(.rightBracket) = current.kind else {
                    throw LocatedError(.syntax, at: current.location, "expected ']' to close '[' at \(location.lineColumn), found \(current.display)")
                }
                advance()
                steps.append(.index(index, location))
            } else {
                break
            }
        }
        if steps.isEmpty { return base }
        if let variable = (base as? VariableExpression)?.variable {
            let members = steps.compactMap { step -> Member? in
                if case .member(let key, let location) = step { return Member(key: key, location: location) }
                return nil
            }
            if members.count == steps.count { return PathExpression(variable, members) }
        }
        return AccessExpression(base, steps)
    }

    private mutating func parsePrimary() throws(LocatedError) -> ExpressionNode {
        let token = current
        switch token.kind {
        case .integer(let value):
            advance()
            return LiteralExpression(.int(value))
        case .number(let value):
            advance()
            return LiteralExpression(.double(value))
        case .string(let value):
            advance()
            return LiteralExpression(.string(value))
        case .symbol(.minus):
            advance()
            switch current.kind {
            case .integer(let value):
                advance()
                return LiteralExpression(.int(-value))
            case .number(let value):
                advance()
                return LiteralExpression(.double(-value))
            default:
                throw LocatedError(.syntax, at: current.location, "expected a number after '-', found \(current.display)")
            }
        case .symbol(.leftParen):
            advance()
            let inner = try parseExpression()
            guard case .symbol(.rightParen) = current.kind else {
                throw LocatedError(
                    .syntax,
                    at: current.location,
                    "expected ')' to close '(' at \(token.location.lineColumn), found \(current.display)"
                )
            }
            advance()
            return inner
        case .identifier(let name):
            return try parseName(name, at: token.location)
        case .symbol, .end:
            throw LocatedError(.syntax, at: token.location, "expected an expression, found \(token.display)")
        }
    }

    private mutating func parseName(_ name: String, at location: SourceLocation) throws(LocatedError) -> ExpressionNode {
        switch name {
        case "true":
            advance()
            return LiteralExpression(.bool(true))
        case "false":
            advance()
            return LiteralExpression(.bool(false))
        case "null":
            advance()
            return LiteralExpression(.null)
        case "loop":
            advance()
            let attributes = LoopAttribute.allCases.map { "loop.\($0.rawValue)" }.joined(separator: ", ")
            guard case .symbol(.dot) = current.kind else {
                throw LocatedError(.syntax, at: location, "'loop' is only readable through its attributes: \(attributes)")
            }
            advance()
            guard case .identifier(let attributeName) = current.kind, let attribute = LoopAttribute(rawValue: attributeName) else {
                throw LocatedError(.syntax, at: current.location, "unknown loop attribute \(current.display); expected one of \(attributes)")
            }
            advance()
            return LoopAttributeExpression(attribute, at: location)
        case "super":
            throw LocatedError(.inheritance, at: location, "super() can only be used on its own, as '{{ super() }}' inside a block")
        case _ where Self.keywords.contains(name):
            throw LocatedError(.syntax, at: location, "expected an expression, found the keyword '\(name)'")
        default:
            advance()
            return VariableExpression(Variable(symbol: context.symbol(name), name: name, location: location))
        }
    }
}
