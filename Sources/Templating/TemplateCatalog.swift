import Foundation

/// Every template of a library, parsed, checked and linked together. Built once (again on
/// reload), then only read, from any thread.
final class TemplateCatalog: Sendable {
    /// One template source to compile.
    struct Source: Sendable {
        let name: String
        let text: String
        /// The file it came from, watched in reload mode.
        let url: URL?
        let modified: Date?
    }

    let templates: [Template]
    let indexByName: [String: Int]
    let names: [String]
    let sources: [Source]
    /// Interned name for each symbol, for "did you mean" hints in strict mode.
    let symbolNames: [String]

    /// Compiles and links `sources`.
    /// - Throws: ``TemplateError`` for the first mistake, in name order.
    init(sources unsorted: [Source], filters: [String: TemplateFilter]) throws(TemplateError) {
        let sources = unsorted.sorted { $0.name < $1.name }
        let names = sources.map(\.name)
        let context = CompileContext(filters: filters, names: names)
        var parsed: [ParsedTemplate] = []
        parsed.reserveCapacity(sources.count)
        do {
            for (index, source) in sources.enumerated() {
                var parser = try Parser(source: source.text, index: index, context: context)
                parsed.append(try parser.parse())
            }
            try Self.checkCycles(parsed, names: names)
            var templates: [Template] = []
            for template in parsed {
                templates.append(try Self.link(template, in: parsed, names: names))
            }
            self.templates = templates
        } catch {
            throw error.resolved(names: names)
        }
        self.names = names
        self.sources = sources
        self.indexByName = context.templateIndex
        var symbolNames = [String](repeating: "", count: context.symbols.count)
        for (name, symbol) in context.symbols { symbolNames[symbol] = name }
        self.symbolNames = symbolNames
    }

    func template(named name: String) -> Template? {
        indexByName[name].map { templates[$0] }
    }

    // MARK: - Linking

    private static func edges(of template: ParsedTemplate) -> [ParsedTemplate.Reference] {
        (template.extends.map { [$0] } ?? []) + template.includes
    }

    /// Rendering a template enters every template it extends or includes, conditionally or
    /// not, so any circle among those is an endless render: reject it where it closes.
    private static func checkCycles(_ templates: [ParsedTemplate], names: [String]) throws(LocatedError) {
        enum Mark { case unvisited, active, done }
        var marks = [Mark](repeating: .unvisited, count: templates.count)
        var path: [Int] = []

        func visit(_ index: Int) throws(LocatedError) {
            marks[index] = .active
            path.append(index)
            for edge in edges(of: templates[index]) {
                switch marks[edge.target] {
                case .active:
                    let start = path.firstIndex(of: edge.target)!
                    let circle = (path[start...] + [edge.target]).map { names[$0] }.joined(separator: " → ")
                    throw LocatedError(.cycle, at: edge.location, "templates include or extend each other in a circle: \(circle)")
                case .unvisited:
                    try visit(edge.target)
                case .done:
                    break
                }
            }
            path.removeLast()
            marks[index] = .done
        }

        for index in templates.indices where marks[index] == .unvisited {
            try visit(index)
        }
    }

    private static func link(_ template: ParsedTemplate, in all: [ParsedTemplate], names: [String]) throws(LocatedError) -> Template {
        // The layout chain, this template first; acyclic after checkCycles.
        var chain = [template]
        while let parent = chain.last!.extends {
            chain.append(all[parent.target])
        }
        var blocks: [Int: [NodeList]] = [:]
        for level in chain {
            for definition in level.blocks {
                blocks[definition.symbol, default: []].append(definition.body)
            }
        }
        let ancestors = chain.dropFirst()
        for definition in template.blocks {
            let definedAbove = ancestors.contains { $0.blocks.contains { $0.symbol == definition.symbol } }
            if let parent = template.extends, definition.isTopLevel, !definedAbove {
                let known = Set(ancestors.flatMap { $0.blocks.map(\.name) })
                throw LocatedError(
                    .inheritance,
                    at: definition.location,
                    "block '\(definition.name)' is not defined in '\(names[parent.target])' or its layouts, so it would never render\(suggestion(for: definition.name, among: known))"
                )
            }
            if let call = definition.superCalls.first, !definedAbove {
                let reason = template.extends.map { "'\(names[$0.target])' and its layouts do not define it" } ?? "this template extends no layout"
                throw LocatedError(.inheritance, at: call, "super() in block '\(definition.name)' has nothing to render: \(reason)")
            }
        }
        return Template(
            name: names[template.index],
            index: template.index,
            nodes: chain.last!.nodes,
            preamble: NodeList(chain.reversed().flatMap(\.preamble)),
            blocks: blocks,
            dependencies: dependencies(of: template.index, in: all)
        )
    }

    private static func dependencies(of index: Int, in all: [ParsedTemplate]) -> [Int] {
        var seen: Set<Int> = [index]
        var order = [index]
        var next = 0
        while next < order.count {
            for edge in edges(of: all[order[next]]) where seen.insert(edge.target).inserted {
                order.append(edge.target)
            }
            next += 1
        }
        return order
    }
}
