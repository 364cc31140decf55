/// A compiled expression. Names are interned to integers and filters resolved to closures at
/// compile time, so evaluation only walks these objects. Like ``RenderNode``s they are classes
/// whose children are `let` properties, so evaluating a tree costs no reference counting.
class ExpressionNode: @unchecked Sendable {
    // @unchecked: every subclass holds only `let` properties of Sendable types, set in init.

    func evaluate(_ renderer: inout Renderer) throws -> TemplateValue { .null }

    /// The value, when the expression is a literal (filter arguments checked at compile time).
    var literalValue: TemplateValue? { nil }
}

/// A name read from the scope stack or, failing that, from the root context.
struct Variable: Sendable {
    /// Interned name: scope lookups compare integers, not strings.
    var symbol: Int
    var name: String
    var location: SourceLocation
}

/// `"text"`, `42`, `3.5`, `true`, `null`.
final class LiteralExpression: ExpressionNode, @unchecked Sendable {
    let value: TemplateValue

    init(_ value: TemplateValue) {
        self.value = value
    }

    override func evaluate(_ renderer: inout Renderer) throws -> TemplateValue { value }
    override var literalValue: TemplateValue? { value }
}

/// `name`.
final class VariableExpression: ExpressionNode, @unchecked Sendable {
    let variable: Variable

    init(_ variable: Variable) {
        self.variable = variable
    }

    override func evaluate(_ renderer: inout Renderer) throws -> TemplateValue {
        try renderer.lookup(variable)
    }
}

/// One `.key` of a path.
struct Member: Sendable {
    let key: String
    let location: SourceLocation
}

/// `name.key.key`: the common case, read without copying the values along the way.
final class PathExpression: ExpressionNode, @unchecked Sendable {
    let variable: Variable
    let members: [Member]

    init(_ variable: Variable, _ members: [Member]) {
        self.variable = variable
        self.members = members
    }

    override func evaluate(_ renderer: inout Renderer) throws -> TemplateValue {
        try renderer.path(variable, members)
    }
}

enum AccessStep: Sendable {
    case member(String, SourceLocation)
    case index(ExpressionNode, SourceLocation)
}

/// `base.key`, `base[expr]`, chained: `xs[0].poster.url`, `movie[field]`.
final class AccessExpression: ExpressionNode, @unchecked Sendable {
    let base: ExpressionNode
    let steps: [AccessStep]

    init(_ base: ExpressionNode, _ steps: [AccessStep]) {
        self.base = base
        self.steps = steps
    }

    override func evaluate(_ renderer: inout Renderer) throws -> TemplateValue {
        var value = try base.evaluate(&renderer)
        for step in steps {
            value = try renderer.access(value, step, base: base)
        }
        return value
    }
}

enum LoopAttribute: String, Sendable, CaseIterable {
    case index, index0, first, last, length, revindex, revindex0
}

/// `loop.index` and friends: read from the innermost running `for`.
final class LoopAttributeExpression: ExpressionNode, @unchecked Sendable {
    let attribute: LoopAttribute
    let location: SourceLocation

    init(_ attribute: LoopAttribute, at location: SourceLocation) {
        self.attribute = attribute
        self.location = location
    }

    override func evaluate(_ renderer: inout Renderer) throws -> TemplateValue {
        guard let state = renderer.loops.last else {
            try renderer.fail(.undefinedVariable, at: location, "'loop.\(attribute.rawValue)' is only defined inside a for loop")
            return .null
        }
        switch attribute {
        case .index: return .int(state.index0 + 1)
        case .index0: return .int(state.index0)
        case .first: return .bool(state.index0 == 0)
        case .last: return .bool(state.index0 == state.length - 1)
        case .length: return .int(state.length)
        case .revindex: return .int(state.length - state.index0)
        case .revindex0: return .int(state.length - state.index0 - 1)
        }
    }
}

/// `not operand`.
final class NotExpression: ExpressionNode, @unchecked Sendable {
    let operand: ExpressionNode

    init(_ operand: ExpressionNode) {
        self.operand = operand
    }

    override func evaluate(_ renderer: inout Renderer) throws -> TemplateValue {
        .bool(!(try operand.evaluate(&renderer).isTruthy))
    }
}

/// `left and right`: like Python and Jinja, the deciding operand, so values pass through.
final class AndExpression: ExpressionNode, @unchecked Sendable {
    let left: ExpressionNode
    let right: ExpressionNode

    init(_ left: ExpressionNode, _ right: ExpressionNode) {
        self.left = left
        self.right = right
    }

    override func evaluate(_ renderer: inout Renderer) throws -> TemplateValue {
        let value = try left.evaluate(&renderer)
        return value.isTruthy ? try right.evaluate(&renderer) : value
    }
}

/// `left or right`: the deciding operand, so `title or "Untitled"` works.
final class OrExpression: ExpressionNode, @unchecked Sendable {
    let left: ExpressionNode
    let right: ExpressionNode

    init(_ left: ExpressionNode, _ right: ExpressionNode) {
        self.left = left
        self.right = right
    }

    override func evaluate(_ renderer: inout Renderer) throws -> TemplateValue {
        let value = try left.evaluate(&renderer)
        return value.isTruthy ? value : try right.evaluate(&renderer)
    }
}

enum ComparisonOperator: String, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case greater = ">"
    case lessEqual = "<="
    case greaterEqual = ">="
}

/// `left op right` for `== != < > <= >=`.
final class ComparisonExpression: ExpressionNode, @unchecked Sendable {
    let op: ComparisonOperator
    let left: ExpressionNode
    let right: ExpressionNode
    let location: SourceLocation

    init(_ op: ComparisonOperator, _ left: ExpressionNode, _ right: ExpressionNode, at location: SourceLocation) {
        self.op = op
        self.left = left
        self.right = right
        self.location = location
    }

    override func evaluate(_ renderer: inout Renderer) throws -> TemplateValue {
        let lhs = try left.evaluate(&renderer)
        let rhs = try right.evaluate(&renderer)
        switch op {
        case .equal: return .bool(lhs.isEqual(to: rhs))
        case .notEqual: return .bool(!lhs.isEqual(to: rhs))
        default: break
        }
        guard let order = lhs.order(comparedTo: rhs) else {
            try renderer.fail(.render, at: location, "cannot compare \(lhs.typeName) with \(rhs.typeName) using '\(op.rawValue)'")
            return .bool(false)
        }
        switch op {
        case .less: return .bool(order < 0)
        case .greater: return .bool(order > 0)
        case .lessEqual: return .bool(order <= 0)
        case .greaterEqual: return .bool(order >= 0)
        case .equal, .notEqual: return .bool(false)
        }
    }
}

/// `input | name: arguments`, with the filter already looked up.
final class FilterExpression: ExpressionNode, @unchecked Sendable {
    let name: String
    let inputExpression: ExpressionNode
    let arguments: [ExpressionNode]
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

    init(name: String, input: ExpressionNode, arguments: [ExpressionNode], filter: TemplateFilter, location: SourceLocation) {
        self.name = name
        self.inputExpression = input
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

    override func evaluate(_ renderer: inout Renderer) throws -> TemplateValue {
        let value = try input(&renderer)
        do {
            if let specialized { return try specialized(value) }
            if let constantArguments { return try apply(value, constantArguments) }
            var values: [TemplateValue] = []
            values.reserveCapacity(arguments.count)
            for argument in arguments {
                values.append(try argument.evaluate(&renderer))
            }
            return try apply(value, values)
        } catch let error as LocatedError {
            throw error
        } catch {
            throw failure(error)
        }
    }

    /// The filter's input; an undefined variable is null here for `default`, even in strict mode.
    func input(_ renderer: inout Renderer) throws -> TemplateValue {
        if acceptsUndefined, renderer.strict {
            renderer.strict = false
            defer { renderer.strict = true }
            return try inputExpression.evaluate(&renderer)
        }
        return try inputExpression.evaluate(&renderer)
    }

    /// A filter's error, with the filter's name and position.
    func failure(_ error: any Error) -> LocatedError {
        let message = (error as? TemplateFilterError)?.message ?? "\(error)"
        return LocatedError(.render, at: location, "filter '\(name)': \(message)")
    }
}
