/// Literal text, copied once into a buffer the node owns so that rendering it touches no
/// reference count.
final class TextNode: RenderNode, @unchecked Sendable {
    // @unchecked: the buffer is written once in init and only read afterwards.
    let bytes: UnsafeBufferPointer<UInt8>

    init(_ text: some Collection<UInt8>) {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.count)
        _ = buffer.initialize(from: text)
        self.bytes = UnsafeBufferPointer(buffer)
    }

    deinit {
        bytes.deallocate()
    }

    override func render(_ renderer: inout Renderer) throws {
        renderer.output.append(bytes)
    }
}

/// `{{ expr }}` (escaped) or `{{{ expr }}}` (raw).
final class OutputNode: RenderNode, @unchecked Sendable {
    let expression: ExpressionNode
    let escape: Bool
    let location: SourceLocation

    init(_ expression: ExpressionNode, escape: Bool, location: SourceLocation) {
        self.expression = expression
        self.escape = escape
        self.location = location
    }

    override func render(_ renderer: inout Renderer) throws {
        try renderer.write(try expression.evaluate(&renderer), escape: escape, at: location)
    }
}

/// `{{ value | filter: constants }}` where the filter, a built-in, writes its result straight
/// into the output instead of returning a String to copy.
final class FilterOutputNode: RenderNode, @unchecked Sendable {
    let call: FilterExpression
    let writer: TemplateFilter.Writer
    let escape: Bool

    init(_ call: FilterExpression, writer: @escaping TemplateFilter.Writer, escape: Bool) {
        self.call = call
        self.writer = writer
        self.escape = escape
    }

    override func render(_ renderer: inout Renderer) throws {
        let input = try call.input(&renderer)
        do {
            try writer(input, &renderer.output, escape)
        } catch {
            throw call.failure(error)
        }
    }
}

/// `{% set name = expr %}`.
final class AssignNode: RenderNode, @unchecked Sendable {
    let variable: Variable
    let value: ExpressionNode

    init(_ variable: Variable, _ value: ExpressionNode) {
        self.variable = variable
        self.value = value
    }

    override func render(_ renderer: inout Renderer) throws {
        renderer.assign(try value.evaluate(&renderer), to: variable.symbol)
    }
}
