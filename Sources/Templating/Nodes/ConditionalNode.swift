/// `{% if %} ... {% elif %} ... {% else %} ... {% end %}`.
final class ConditionalNode: RenderNode, @unchecked Sendable {
    struct Branch {
        let condition: ExpressionNode
        let body: NodeList
    }

    let branches: [Branch]
    let otherwise: NodeList
    /// The conditions again, unretained, so testing them costs no reference counting
    /// (`branches` keeps them alive).
    private let conditions: [Unmanaged<ExpressionNode>]

    init(branches: [Branch], otherwise: NodeList) {
        self.branches = branches
        self.otherwise = otherwise
        self.conditions = branches.map { Unmanaged.passUnretained($0.condition) }
    }

    override func render(_ renderer: inout Renderer) throws {
        for index in conditions.indices {
            if try conditions[index]._withUnsafeGuaranteedRef({ try $0.evaluate(&renderer) }).isTruthy {
                return try branches[index].body.render(&renderer)
            }
        }
        try otherwise.render(&renderer)
    }
}
