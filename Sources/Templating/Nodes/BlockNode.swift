/// `{% block name %}`: renders the most derived definition of the block in the template
/// being rendered.
final class BlockNode: RenderNode, @unchecked Sendable {
    /// The block name, interned.
    let symbol: Int

    init(symbol: Int) {
        self.symbol = symbol
    }

    override func render(_ renderer: inout Renderer) throws {
        try renderer.renderBlock(symbol, depth: 0)
    }
}

/// `{{ super() }}`: renders the next less derived definition of the enclosing block.
final class SuperNode: RenderNode, @unchecked Sendable {
    override func render(_ renderer: inout Renderer) throws {
        try renderer.renderSuper()
    }
}
