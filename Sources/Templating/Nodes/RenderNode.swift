/// One step of a compiled template: text, an output, a statement. Rendering calls `render`
/// on each node of a list and nothing else.
///
/// Nodes are classes rather than enum cases so that walking a tree costs no reference
/// counting: a node reads its children through `let` properties, and a ``NodeList`` calls its
/// nodes through unmanaged references while it owns them strongly. Enum payloads, by
/// contrast, are copied (retained and released) every time a `switch` binds them.
class RenderNode: @unchecked Sendable {
    // @unchecked: every subclass holds only `let` properties of Sendable types, set in init.

    /// Appends this node's output for the current scope.
    func render(_ renderer: inout Renderer) throws {}
}

/// The nodes of one body (a template, a branch, a loop, a block), in order.
struct NodeList: @unchecked Sendable {
    // @unchecked: `references` point into `nodes`, which keeps them alive and never changes.

    let nodes: [RenderNode]
    private let references: [Unmanaged<RenderNode>]

    init(_ nodes: [RenderNode]) {
        self.nodes = nodes
        self.references = nodes.map { Unmanaged.passUnretained($0) }
    }

    static let empty = NodeList([])

    var isEmpty: Bool { nodes.isEmpty }

    func render(_ renderer: inout Renderer) throws {
        for index in references.indices {
            try references[index]._withUnsafeGuaranteedRef { try $0.render(&renderer) }
        }
    }
}
