/// A compiled expression. Names are interned to integers and filters resolved to closures
/// at compile time, so evaluation only walks this tree.
indirect enum Expression: Sendable {
    case literal(TemplateValue)
    case variable(Variable)
    /// `name.key.key`: the common case, read without copying the values along the way.
    case path(Variable, [Member])
    /// `base.key`, `base[expr]`, chained: one node for a whole `xs[0].poster.url` path.
    case access(Expression, [AccessStep])
    /// `loop.index` and friends: read from the innermost running `for`.
    case loopAttribute(LoopAttribute, SourceLocation)
    case not(Expression)
    case and(Expression, Expression)
    case or(Expression, Expression)
    case compare(ComparisonOperator, Expression, Expression, SourceLocation)
    case filter(FilterCall)

    /// The literal value, when the expression is one (filter arguments checked at compile time).
    var literalValue: TemplateValue? {
        if case .literal(let value) = self { return value }
        return nil
    }
}

/// A name read from the scope stack or, failing that, from the root context.
struct Variable: Sendable {
    /// Interned name: scope lookups compare integers, not strings.
    var symbol: Int
    var name: String
    var location: SourceLocation
}

struct Member: Sendable {
    let key: String
    let location: SourceLocation
}

enum AccessStep: Sendable {
    case member(String, SourceLocation)
    case index(Expression, SourceLocation)
}

enum LoopAttribute: String, Sendable, CaseIterable {
    case index, index0, first, last, length, revindex, revindex0
}

enum ComparisonOperator: String, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case greater = ">"
    case lessEqual = "<="
    case greaterEqual = ">="
}

/// `input | name: arguments`, with the filter already looked up.
final class FilterCall: Sendable {
    let name: String
    let input: Expression
    let arguments: [Expression]
    /// The arguments evaluated once at compile time when they are all literals.
    let constantArguments: [TemplateValue]?
    /// The filter with constant arguments baked in, when the filter offers that (date patterns).
    let specialized: (@Sendable (TemplateValue) throws -> TemplateValue)?
    /// Writes the result straight into the output when this filter ends a `{{ }}` and its
    /// arguments are constant.
    let writer: TemplateFilter.Writer?
    let apply: @Sendable (TemplateValue, [TemplateValue]) throws -> TemplateValue
    /// `default` must see a missing variable as null instead of failing in strict mode.
    let acceptsUndefined: Bool
    let location: SourceLocation

    init(
        name: String,
        input: Expression,
        arguments: [Expression],
        filter: TemplateFilter,
        location: SourceLocation
    ) {
        self.name = name
        self.input = input
        self.arguments = arguments
        let literals = arguments.compactMap(\.literalValue)
        let constant = literals.count == arguments.count ? literals : nil
        self.constantArguments = constant
        self.specialized = constant.flatMap { filter.specialize?($0) }
        self.writer = constant.flatMap { filter.makeWriter?($0) }
        self.apply = filter.apply
        self.acceptsUndefined = filter.acceptsUndefined
        self.location = location
    }
}
