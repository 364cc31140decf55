/// `{% for value in sequence %}` or `{% for key, value in sequence %}`, with `{% empty %}`.
///
/// Arrays give (index, item), dictionaries (key, value) in key order, objects that list
/// their keys likewise; with one variable a dictionary gives its keys. Null renders the empty
/// branch; anything else is an error in strict mode and renders the empty branch otherwise.
final class LoopNode: RenderNode, @unchecked Sendable {
    let key: Variable?
    let value: Variable
    let sequence: ExpressionNode
    let body: NodeList
    let empty: NodeList
    let location: SourceLocation

    init(key: Variable?, value: Variable, sequence: ExpressionNode, body: NodeList, empty: NodeList, location: SourceLocation) {
        self.key = key
        self.value = value
        self.sequence = sequence
        self.body = body
        self.empty = empty
        self.location = location
    }

    override func render(_ renderer: inout Renderer) throws {
        let items = try sequence.evaluate(&renderer)
        switch items {
        case .array(let items):
            if items.isEmpty { return try empty.render(&renderer) }
            try renderer.iterate(self, count: items.count) { index in (.int(index), items[index]) }
        case .dictionary(let dictionary):
            if dictionary.isEmpty { return try empty.render(&renderer) }
            let keys = dictionary.keys.sorted()
            if key == nil {
                try renderer.iterate(self, count: keys.count) { index in (.null, .string(keys[index])) }
            } else {
                try renderer.iterate(self, count: keys.count) { index in (.string(keys[index]), dictionary[keys[index]]!) }
            }
        case .object(let object):
            guard let keys = object.templateKeys else {
                try renderer.fail(.render, at: location, "cannot loop over an object that does not list its keys (TemplateObject.templateKeys)")
                return try empty.render(&renderer)
            }
            if keys.isEmpty { return try empty.render(&renderer) }
            if key == nil {
                try renderer.iterate(self, count: keys.count) { index in (.null, .string(keys[index])) }
            } else {
                try renderer.iterate(self, count: keys.count) { index in (.string(keys[index]), object.value(forKey: keys[index]) ?? .null) }
            }
        case .null:
            try empty.render(&renderer)
        default:
            try renderer.fail(.render, at: location, "cannot loop over \(items.typeName); expected an array or a dictionary")
            try empty.render(&renderer)
        }
    }
}
