/// One step of a compiled template. Rendering walks arrays of these and nothing else.
enum Node: Sendable {
    /// Literal text, already UTF-8.
    case text([UInt8])
    /// `{{ expr }}` (escape: true) or `{{{ expr }}}` (escape: false), at the tag's position.
    case output(Expression, escape: Bool, SourceLocation)
    case conditional(Conditional)
    case loop(Loop)
    case include(Include)
    /// `{% block name %}`: renders the most derived definition of the block named by the symbol.
    case block(Int)
    /// `{{ super() }}`: renders the next less derived definition of the current block.
    case superBlock(SourceLocation)
    /// `{% set name = expr %}`.
    case assign(Variable, Expression)
}

/// `{% if %} ... {% elif %} ... {% else %} ... {% end %}`.
final class Conditional: Sendable {
    struct Branch: Sendable {
        let condition: Expression
        let body: [Node]
    }

    let branches: [Branch]
    let otherwise: [Node]

    init(branches: [Branch], otherwise: [Node]) {
        self.branches = branches
        self.otherwise = otherwise
    }
}

/// `{% for value in sequence %}` or `{% for key, value in dictionary %}`, with `{% empty %}`.
final class Loop: Sendable {
    let key: Variable?
    let value: Variable
    let sequence: Expression
    let body: [Node]
    let empty: [Node]
    let location: SourceLocation

    init(key: Variable?, value: Variable, sequence: Expression, body: [Node], empty: [Node], location: SourceLocation) {
        self.key = key
        self.value = value
        self.sequence = sequence
        self.body = body
        self.empty = empty
        self.location = location
    }
}

/// `{% include "name" with a=expr, b=expr %}`, linked to the target's index in the library.
final class Include: Sendable {
    struct Argument: Sendable {
        let variable: Variable
        let value: Expression
    }

    let target: Int
    let arguments: [Argument]
    let location: SourceLocation

    init(target: Int, arguments: [Argument], location: SourceLocation) {
        self.target = target
        self.arguments = arguments
        self.location = location
    }
}

/// One `{% block name %} ... {% end %}` as written in one file.
struct BlockDefinition: Sendable {
    let symbol: Int
    let name: String
    var body: [Node]
    let location: SourceLocation
    /// Where the body calls `{{ super() }}`; checked against the layout chain when linking.
    var superCalls: [SourceLocation]
    /// Defined at the top level of the file rather than inside another block or statement.
    let isTopLevel: Bool
}

/// A template as parsed from its file, before it is linked to the templates it names.
struct ParsedTemplate: Sendable {
    struct Reference: Sendable {
        let target: Int
        let location: SourceLocation
    }

    let index: Int
    var nodes: [Node] = []
    var extends: Reference?
    var includes: [Reference] = []
    var blocks: [BlockDefinition] = []
    /// Top-level `{% set %}`s of a template that extends another; they run before the layout.
    var preamble: [Node] = []
}
