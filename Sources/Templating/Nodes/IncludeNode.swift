/// `{% include "name" with a=expr, b=expr %}`, linked to the target's index in the library.
final class IncludeNode: RenderNode, @unchecked Sendable {
    struct Argument {
        let variable: Variable
        let value: ExpressionNode
    }

    let target: Int
    let arguments: [Argument]
    let location: SourceLocation

    init(target: Int, arguments: [Argument], location: SourceLocation) {
        self.target = target
        self.arguments = arguments
        self.location = location
    }

    override func render(_ renderer: inout Renderer) throws {
        try renderer.include(self)
    }
}
