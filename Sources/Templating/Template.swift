/// A template linked into its library: the layout chain flattened into one node list and
/// one block table, includes pointing at other templates by index. Immutable once built.
final class Template: Sendable {
    let name: String
    let index: Int
    /// The nodes of the outermost layout (the template's own nodes when it extends nothing).
    let nodes: NodeList
    /// Top-level `{% set %}`s of the extending templates, outermost layout first.
    let preamble: NodeList
    /// For each block name (interned), its bodies from the most derived template outwards;
    /// `{{ super() }}` in body `n` renders body `n + 1`.
    let blocks: [Int: [NodeList]]
    /// This template and every template it extends or includes, directly or not: the files
    /// to watch when reloading.
    let dependencies: [Int]
    /// Bytes of literal text in the rendered chain: a first guess at the output size.
    let textSize: Int

    init(name: String, index: Int, nodes: NodeList, preamble: NodeList, blocks: [Int: [NodeList]], dependencies: [Int]) {
        self.name = name
        self.index = index
        self.nodes = nodes
        self.preamble = preamble
        self.blocks = blocks
        self.dependencies = dependencies
        var size = Self.textSize(of: nodes)
        for bodies in blocks.values {
            size += bodies.first.map(Self.textSize(of:)) ?? 0
        }
        self.textSize = size
    }

    private static func textSize(of list: NodeList) -> Int {
        var size = 0
        for node in list.nodes {
            switch node {
            case let text as TextNode: size += text.bytes.count
            case let conditional as ConditionalNode: size += conditional.branches.first.map { textSize(of: $0.body) } ?? 0
            case let loop as LoopNode: size += textSize(of: loop.body)
            default: break
            }
        }
        return size
    }
}
