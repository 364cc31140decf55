/// The state of one render: the output buffer, the variables in scope, the running loops and
/// blocks. Nodes and expressions call into it; it walks nothing itself.
///
/// Variables live on a flat scope stack of (interned name, value) pairs searched from the top,
/// so entering a loop or an include never copies a dictionary. A "frame" is the part of the
/// stack that `{% set %}` writes to: the loop iteration, the include, or the whole render.
///
/// Every error thrown while rendering is a ``LocatedError``.
struct Renderer: ~Copyable {
    struct ScopeEntry {
        let symbol: Int
        var value: TemplateValue
    }

    struct LoopState {
        var index0: Int
        let length: Int
    }

    var output: OutputBuffer
    private(set) var loops: [LoopState] = []
    var strict: Bool
    private var scope: [ScopeEntry] = []
    private var frameStart = 0
    /// The block table of the template being rendered (changes inside includes).
    private var blocks: [Int: [NodeList]] = [:]
    /// The blocks being rendered and which definition of each, for `super()`.
    private var blockStack: [(symbol: Int, depth: Int)] = []
    private let root: TemplateValue
    private let catalog: TemplateCatalog

    init(catalog: TemplateCatalog, root: TemplateValue, strict: Bool, output: consuming OutputBuffer) {
        self.catalog = catalog
        self.root = root
        self.strict = strict
        self.output = output
        scope.reserveCapacity(16)
    }

    /// Renders a whole template: its layouts' preamble, then the outermost layout's nodes with
    /// this template's block table.
    mutating func render(template: Template) throws {
        let outerBlocks = blocks
        blocks = template.blocks
        try template.preamble.render(&self)
        try template.nodes.render(&self)
        blocks = outerBlocks
    }

    // MARK: - Statements

    /// Runs a loop body `count` times with the loop variables in one frame, overwritten in
    /// place each iteration; `{% set %}`s of the previous iteration are dropped.
    mutating func iterate(
        _ loop: LoopNode,
        count: Int,
        element: (Int) -> (key: TemplateValue, value: TemplateValue)
    ) throws {
        let base = scope.count
        let outerFrame = frameStart
        let keyed = loop.key != nil
        if let key = loop.key { scope.append(ScopeEntry(symbol: key.symbol, value: .null)) }
        scope.append(ScopeEntry(symbol: loop.value.symbol, value: .null))
        let fixed = scope.count
        frameStart = base
        loops.append(LoopState(index0: 0, length: count))
        for index in 0..<count {
            if scope.count > fixed { scope.removeSubrange(fixed...) }
            let (key, value) = element(index)
            if keyed { scope[base].value = key }
            scope[fixed - 1].value = value
            loops[loops.count - 1].index0 = index
            try loop.body.render(&self)
        }
        loops.removeLast()
        scope.removeSubrange(base...)
        frameStart = outerFrame
    }

    /// Renders an included template with its arguments in a new frame on top of the caller's
    /// scope, so it sees the caller's variables too.
    mutating func include(_ include: IncludeNode) throws {
        let base = scope.count
        for argument in include.arguments {
            let value = try argument.value.evaluate(&self)
            scope.append(ScopeEntry(symbol: argument.variable.symbol, value: value))
        }
        let outerFrame = frameStart
        frameStart = base
        try render(template: catalog.templates[include.target])
        scope.removeSubrange(base...)
        frameStart = outerFrame
    }

    /// Renders definition `depth` of a block: 0 is the most derived.
    mutating func renderBlock(_ symbol: Int, depth: Int) throws {
        guard let bodies = blocks[symbol], depth < bodies.count else { return }
        blockStack.append((symbol, depth))
        try bodies[depth].render(&self)
        blockStack.removeLast()
    }

    /// `{{ super() }}`: the parser accepts it only inside a block, and linking checked that a
    /// less derived definition exists.
    mutating func renderSuper() throws {
        guard let (symbol, depth) = blockStack.last else { return }
        try renderBlock(symbol, depth: depth + 1)
    }

    mutating func assign(_ value: TemplateValue, to symbol: Int) {
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

    mutating func write(_ value: consuming TemplateValue, escape: Bool, at location: SourceLocation) throws {
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
            try fail(.render, at: location, "cannot output \(value.typeName); loop over it or use a filter such as join or json")
        }
    }

    // MARK: - Variables

    mutating func lookup(_ variable: Variable) throws -> TemplateValue {
        var index = scope.count
        while index > 0 {
            index -= 1
            if scope[index].symbol == variable.symbol { return scope[index].value }
        }
        if let value = Self.member(variable.name, of: root) { return value }
        return try undefined(variable)
    }

    /// `name.key.key`: reads the first key straight from the scope entry or the root, so only
    /// the final value is copied (each copy is a reference count round trip). `guard let`
    /// moves values out of optionals; comparing with nil would copy them.
    mutating func path(_ variable: Variable, _ members: [Member]) throws -> TemplateValue {
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
    private func walk(_ first: TemplateValue, _ members: [Member], base: Variable) throws -> TemplateValue {
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

    /// One step of `base.key` or `base[index]` after a base that is not a plain name.
    mutating func access(_ value: TemplateValue, _ step: AccessStep, base: ExpressionNode) throws -> TemplateValue {
        switch step {
        case .member(let key, let location):
            return try member(key, of: value, at: location, base: base)
        case .index(let indexExpression, let location):
            let index = try indexExpression.evaluate(&self)
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

    private func member(_ key: String, of value: TemplateValue, at location: SourceLocation, base: ExpressionNode) throws -> TemplateValue {
        if let found = Self.member(key, of: value) { return found }
        guard strict else { return .null }
        let owner = (base as? VariableExpression)?.variable.name
        if case .null = value {
            throw LocatedError(.undefinedVariable, at: location, "cannot read '\(key)' of null\(owner.map { " ('\($0)' is null)" } ?? "")")
        }
        let hint = suggestion(for: key, among: keys(of: value))
        throw LocatedError(.undefinedVariable, at: location, "\(owner.map { "'\($0)'" } ?? "the value") has no key '\(key)'\(hint)")
    }

    private func missing(_ members: [Member], at step: Int, of value: TemplateValue, base: Variable) throws -> TemplateValue {
        guard strict else { return .null }
        let owner = ([base.name] + members[..<step].map(\.key)).joined(separator: ".")
        let key = members[step].key
        if case .null = value {
            throw LocatedError(.undefinedVariable, at: members[step].location, "cannot read '\(key)' of null ('\(owner)' is null)")
        }
        let hint = suggestion(for: key, among: keys(of: value))
        throw LocatedError(.undefinedVariable, at: members[step].location, "'\(owner)' has no key '\(key)'\(hint)")
    }

    private func undefined(_ variable: Variable) throws -> TemplateValue {
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

    private func keys(of value: TemplateValue) -> [String] {
        switch value {
        case .dictionary(let dictionary): dictionary.keys.sorted()
        case .object(let object): object.templateKeys ?? []
        default: []
        }
    }

    /// A value-level problem: an error in strict mode, ignored (the caller renders nothing)
    /// in production.
    func fail(_ kind: TemplateError.Kind, at location: SourceLocation, _ message: String) throws {
        if strict { throw LocatedError(kind, at: location, message) }
    }
}
