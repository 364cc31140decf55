/// One `{% block name %} ... {% end %}` as written in one file.
struct BlockDefinition: Sendable {
    let symbol: Int
    let name: String
    var body: NodeList
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
    var nodes = NodeList.empty
    var extends: Reference?
    var includes: [Reference] = []
    var blocks: [BlockDefinition] = []
    /// Top-level `{% set %}`s of a template that extends another; they run before the layout.
    var preamble: [RenderNode] = []
}
