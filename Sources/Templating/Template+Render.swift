/// Walks compiled templates and appends their output to one byte buffer.
///
/// Variables live on a flat scope stack of (interned name, value) pairs searched from the top,
/// so entering a loop or an include never copies a dictionary. A "frame" is the part of the
/// stack that `{% set %}` writes to: the loop iteration, the include, or the whole render.
struct Renderer {
    struct ScopeEntry {
        let symbol: Int
        var value: TemplateValue
    }

    struct LoopState {
        var index0: Int
        let length: Int
    }

    var output: [UInt8]
    private var scope: [ScopeEntry] = []
    private var frameStart = 0
    private var loops: [LoopState] = []
    /// The block table of the template being rendered (changes inside includes).
    private var blocks: [Int: [[Node]]] = [:]
    /// The blocks being rendered and which definition of each, for `super()`.
    private var blockStack: [(symbol: Int, depth: Int)] = []
    private let root: TemplateValue
    private(set) var strict: Bool
    let catalog: TemplateCatalog

    init(catalog: TemplateCatalog, root: TemplateValue, strict: Bool, output: [UInt8]) {
        self.catalog = catalog
        self.root = root
        self.strict = strict
        self.output = output
        scope.reserveCapacity(16)
    }

    /// Renders a whole template: its layouts' preamble, then the outermost layout's nodes with
    /// this template's block table.
    mutating func render(template: Template) throws(LocatedError) {
        let outerBlocks = blocks
        blocks = template.blocks
        try render(template.preamble)
        try render(template.nodes)
        blocks = outerBlocks
    }

    private mutating func render(_ nodes: [Node]) throws(LocatedError) {
        // Indices rather than `for node in nodes`: the iterator hands out copies, and each
        // copy of a node is a reference count round trip on its payload.
        for index in nodes.indices {
            switch nodes[index] {
            case .text(let bytes):
                output.append(contentsOf: bytes)
            case .output(let expression, let escape, let location):
                if case .filter(let call) = expression, let writer = call.writer {
                    try write(call, with: writer, escape: escape)
                } else {
                    try write(try evaluate(expression), escape: escape, at: location)
                }
            case .conditional(let conditional):
                try render(conditional)
            case .loop(let loop):
                try render(loop)
            case .include(let include):
                try render(include)
            case .block(let symbol):
                guard let bodies = blocks[symbol] else { continue }
                blockStack.append((symbol, 0))
                try render(bodies[0])
                blockStack.removeLast()
            case .superBlock:
                // The parser only accepts super() inside a block, and linking checked that a
                // less derived definition exists.
                let (symbol, depth) = blockStack[blockStack.count - 1]
                guard let bodies = blocks[symbol], depth + 1 < bodies.count else { continue }
                blockStack.append((symbol, depth + 1))
                try render(bodies[depth + 1])
                blockStack.removeLast()
            case .assign(let variable, let expression):
                assign(try evaluate(expression), to: variable.symbol)
            }
        }
    }

    private mutating func render(_ conditional: Conditional) throws(LocatedError) {
        let branches = conditional.branches
        for index in branches.indices {
            if try evaluate(branches[index].condition).isTruthy {
                return try render(branches[index].body)
            }
        }
        try render(conditional.otherwise)
    }

    private mutating func render(_ loop: Loop) throws(LocatedError) {
        let sequence = try evaluate(loop.sequence)
        switch sequence {
        case .array(let items):
            if items.isEmpty { return try render(loop.empty) }
            try iterate(loop, count: items.count) { index in (.int(index), items[index]) }
        case .dictionary(let dictionary):
            if dictionary.isEmpty { return try render(loop.empty) }
            let keys = dictionary.keys.sorted()
            if loop.key == nil {
                // One variable over a dictionary walks its keys, as in Jinja.
                try iterate(loop, count: keys.count) { index in (.null, .string(keys[index])) }
            } else {
                try iterate(loop, count: keys.count) { index in (.string(keys[index]), dictionary[keys[index]]!) }
            }
        case .object(let object):
            guard let keys = object.templateKeys else {
                try fail(.render, at: loop.location, "cannot loop over an object that does not list its keys (TemplateObject.templateKeys)")
                return try render(loop.empty)
            }
            if keys.isEmpty { return try render(loop.empty) }
            if loop.key == nil {
                try iterate(loop, count: keys.count) { index in (.null, .string(keys[index])) }
            } else {
                try iterate(loop, count: keys.count) { index in (.string(keys[index]), object.value(forKey: keys[index]) ?? .null) }
            }
        case .null:
            try render(loop.empty)
        default:
            try fail(.render, at: loop.location, "cannot loop over \(sequence.typeName); expected an array or a dictionary")
            try render(loop.empty)
        }
    }

    /// Runs the loop body `count` times with the loop variables in one frame, overwritten in
    /// place each iteration; `{% set %}`s of the previous iteration are dropped.
    private mutating func iterate(
        _ loop: Loop,
        count: Int,
        element: (Int) -> (key: TemplateValue, value: TemplateValue)
    ) throws(LocatedError) {
        let base = scope.count
        let outerFrame = frameStart
        if let key = loop.key { scope.append(ScopeEntry(symbol: key.symbol, value: .null)) }
        scope.append(ScopeEntry(symbol: loop.value.symbol, value: .null))
        let fixed = scope.count
        frameStart = base
        loops.append(LoopState(index0: 0, length: count))
        let keyed = loop.key != nil
        for index in 0..<count {
            if scope.count > fixed { scope.removeSubrange(fixed...) }
            let (key, value) = element(index)
            if keyed { scope[base].value = key }
            scope[fixed - 1].value = value
            loops[loops.count - 1].index0 = index
            try render(loop.body)
        }
        loops.removeLast()
        scope.removeSubrange(base...)
        frameStart = outerFrame
    }

    private mutating func render(_ include: Include) throws(LocatedError) {
        let base = scope.count
        for argument in include.arguments {
            let value = try evaluate(argument.value)
            scope.append(ScopeEntry(symbol: argument.variable.symbol, value: value))
        }
        let outerFrame = frameStart
        frameStart = base
        try render(template: catalog.templates[include.target])
        scope.removeSubrange(base...)
        frameStart = outerFrame
    }

    private mutating func assign(_ value: TemplateValue, to symbol: Int) {
        var index = scope.count
        while index > frameStart {
            index -= 1
            if scope[index].symbol == symbol {
                scope[index].value = value
                return
            }
        }
        scope.append(ScopeEntry(symbol: symbol, value: value))
    }

    // MARK: - Output

    private mutating func write(_ value: consuming TemplateValue, escape: Bool, at location: SourceLocation) throws(LocatedError) {
        switch value {
        case .string(let string):
            output.append(string, escape: escape)
        case .int(let int):
            output.append(decimal: int)
        case .double(let double):
            output.append(double: double)
        case .bool(let bool):
            output.append(bool ? "true" : "false", escape: false)
        case .null:
            break
        case .date(let date):
            CivilTime(date, offset: 0).appendISO8601(to: &output)
        case .array, .dictionary, .object:
            try fail(
                .render,
                at: location,
                "cannot output \(value.typeName); loop over it or use a filter such as join or json"
            )
        }
    }

    // MARK: - Expressions

    mutating func evaluate(_ expression: Expression) throws(LocatedError) -> TemplateValue {
        switch expression {
        case .literal(let value):
            return value
        case .variable(let variable):
            return try lookup(variable)
        case .path(let variable, let members):
            return try path(variable, members)
        case .access(let base, let steps):
            var value = try evaluate(base)
            for step in steps {
                value = try access(value, step, base: base)
            }
            return value
        case .loopAttribute(let attribute, let location):
            guard let state = loops.last else {
                try fail(.undefinedVariable, at: location, "'loop.\(attribute.rawValue)' is only defined inside a for loop")
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
        case .not(let operand):
            return .bool(!(try evaluate(operand).isTruthy))
        case .and(let left, let right):
            // Like Python and Jinja: the deciding operand, so `a or "fallback"` works.
            let value = try evaluate(left)
            return value.isTruthy ? try evaluate(right) : value
        case .or(let left, let right):
            let value = try evaluate(left)
            return value.isTruthy ? value : try evaluate(right)
        case .compare(let op, let left, let right, let location):
            let lhs = try evaluate(left)
            let rhs = try evaluate(right)
            return .bool(try compare(op, lhs, rhs, at: location))
        case .filter(let call):
            return try apply(call)
        }
    }

    private mutating func lookup(_ variable: Variable) throws(LocatedError) -> TemplateValue {
        var index = scope.count
        while index > 0 {
            index -= 1
            if scope[index].symbol == variable.symbol { return scope[index].value }
        }
        if let value = Self.member(variable.name, of: root) { return value }
        return try undefined(variable)
    }

    /// `name.key.key`: reads the first key straight from the scope entry or the root, so only
    /// the final value is copied (each copy is a reference count round trip).
    private mutating func path(_ variable: Variable, _ members: [Member]) throws(LocatedError) -> TemplateValue {
        // `guard let` moves the value out of the optional; comparing with nil would copy it.
        var index = scope.count
        while index > 0 {
            index -= 1
            if scope[index].symbol == variable.symbol {
                guard let value = Self.member(members[0].key, of: scope[index].value) else {
                    return try missing(members, at: 0, of: scope[index].value, base: variable)
                }
                return members.count == 1 ? value : try walk(value, members, base: variable)
            }
        }
        guard let base = Self.member(variable.name, of: root) else { return try undefined(variable) }
        guard let value = Self.member(members[0].key, of: base) else {
            return try missing(members, at: 0, of: base, base: variable)
        }
        return members.count == 1 ? value : try walk(value, members, base: variable)
    }

    /// The rest of a path after its first key.
    private func walk(_ first: TemplateValue, _ members: [Member], base: Variable) throws(LocatedError) -> TemplateValue {
        var value = first
        for step in 1..<members.count {
            guard let next = Self.member(members[step].key, of: value) else {
                return try missing(members, at: step, of: value, base: base)
            }
            value = next
        }
        return value
    }

    @inline(__always)
    private static func member(_ key: String, of value: TemplateValue) -> TemplateValue? {
        switch value {
        case .dictionary(let dictionary): dictionary[key]
        case .object(let object): object.value(forKey: key)
        default: nil
        }
    }

    private func missing(_ members: [Member], at step: Int, of value: TemplateValue, base: Variable) throws(LocatedError) -> TemplateValue {
        guard strict else { return .null }
        let owner = ([base.name] + members[..<step].map(\.key)).joined(separator: ".")
        let key = members[step].key
        if case .null = value {
            throw LocatedError(.undefinedVariable, at: members[step].location, "cannot read '\(key)' of null ('\(owner)' is null)")
        }
        let hint = suggestion(for: key, among: keys(of: value))
        throw LocatedError(.undefinedVariable, at: members[step].location, "'\(owner)' has no key '\(key)'\(hint)")
    }

    private func undefined(_ variable: Variable) throws(LocatedError) -> TemplateValue {
        if strict {
            var known = Set(scope.map { catalog.symbolNames[$0.symbol] })
            known.formUnion(keys(of: root))
            throw LocatedError(
                .undefinedVariable,
                at: variable.location,
                "undefined variable '\(variable.name)'\(suggestion(for: variable.name, among: known.sorted()))"
            )
        }
        return .null
    }

    private mutating func access(_ value: TemplateValue, _ step: AccessStep, base: Expression) throws(LocatedError) -> TemplateValue {
        switch step {
        case .member(let key, let location):
            return try member(key, of: value, at: location, base: base)
        case .index(let indexExpression, let location):
            let index = try evaluate(indexExpression)
            switch (value, index) {
            case (.array(let items), .int(let position)):
                let resolved = position < 0 ? items.count + position : position
                if items.indices.contains(resolved) { return items[resolved] }
                try fail(.undefinedVariable, at: location, "index \(position) is out of range for an array of \(items.count)")
                return .null
            case (_, .string(let key)):
                return try member(key, of: value, at: location, base: base)
            case (.null, _):
                try fail(.undefinedVariable, at: location, "cannot index null")
                return .null
            default:
                try fail(.render, at: location, "cannot index \(value.typeName) with \(index.typeName)")
                return .null
            }
        }
    }

    private mutating func member(_ key: String, of value: TemplateValue, at location: SourceLocation, base: Expression) throws(LocatedError) -> TemplateValue {
        switch value {
        case .dictionary(let dictionary):
            if let found = dictionary[key] { return found }
        case .object(let object):
            if let found = object.value(forKey: key) { return found }
        default:
            break
        }
        if strict {
            let owner = describe(base)
            if case .null = value {
                throw LocatedError(.undefinedVariable, at: location, "cannot read '\(key)' of null\(owner.map { " ('\($0)' is null)" } ?? "")")
            }
            let hint = suggestion(for: key, among: keys(of: value))
            throw LocatedError(.undefinedVariable, at: location, "\(owner.map { "'\($0)'" } ?? "the value") has no key '\(key)'\(hint)")
        }
        return .null
    }

    private func keys(of value: TemplateValue) -> [String] {
        switch value {
        case .dictionary(let dictionary): dictionary.keys.sorted()
        case .object(let object): object.templateKeys ?? []
        default: []
        }
    }

    private func describe(_ expression: Expression) -> String? {
        if case .variable(let variable) = expression { return variable.name }
        return nil
    }

    private func compare(_ op: ComparisonOperator, _ lhs: TemplateValue, _ rhs: TemplateValue, at location: SourceLocation) throws(LocatedError) -> Bool {
        switch op {
        case .equal: return lhs.isEqual(to: rhs)
        case .notEqual: return !lhs.isEqual(to: rhs)
        default: break
        }
        guard let order = lhs.order(comparedTo: rhs) else {
            try fail(.render, at: location, "cannot compare \(lhs.typeName) with \(rhs.typeName) using '\(op.rawValue)'")
            return false
        }
        switch op {
        case .less: return order < 0
        case .greater: return order > 0
        case .lessEqual: return order <= 0
        case .greaterEqual: return order >= 0
        case .equal, .notEqual: return false
        }
    }

    /// `{{ value | filter: constants }}` with a built-in that writes its result directly.
    private mutating func write(_ call: FilterCall, with writer: TemplateFilter.Writer, escape: Bool) throws(LocatedError) {
        let input = try filterInput(call)
        do {
            try writer(input, &output, escape)
        } catch let error as TemplateFilterError {
            throw LocatedError(.render, at: call.location, "filter '\(call.name)': \(error.message)")
        } catch {
            throw LocatedError(.render, at: call.location, "filter '\(call.name)': \(error)")
        }
    }

    private mutating func filterInput(_ call: FilterCall) throws(LocatedError) -> TemplateValue {
        if call.acceptsUndefined, strict {
            strict = false
            defer { strict = true }
            return try evaluate(call.input)
        }
        return try evaluate(call.input)
    }

    private mutating func apply(_ call: FilterCall) throws(LocatedError) -> TemplateValue {
        let input = try filterInput(call)
        var arguments: [TemplateValue] = []
        if call.specialized == nil, call.constantArguments == nil {
            arguments.reserveCapacity(call.arguments.count)
            for argument in call.arguments {
                arguments.append(try evaluate(argument))
            }
        }
        do {
            if let specialized = call.specialized { return try specialized(input) }
            return try call.apply(input, call.constantArguments ?? arguments)
        } catch let error as TemplateFilterError {
            throw LocatedError(.render, at: call.location, "filter '\(call.name)': \(error.message)")
        } catch {
            throw LocatedError(.render, at: call.location, "filter '\(call.name)': \(error)")
        }
    }

    /// A value-level problem: an error in strict mode, ignored (the caller renders nothing)
    /// in production.
    private func fail(_ kind: TemplateError.Kind, at location: SourceLocation, _ message: String) throws(LocatedError) {
        if strict { throw LocatedError(kind, at: location, message) }
    }
}
