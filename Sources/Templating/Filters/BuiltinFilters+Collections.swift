extension BuiltinFilters {
    /// Characters of a string, items of an array, entries of a dictionary; 0 for null.
    static let length = TemplateFilter(builtin: "length") { value, _ in
        switch value {
        case .null: .int(0)
        case .string(let string): .int(string.count)
        case .array(let items): .int(items.count)
        case .dictionary(let dictionary): .int(dictionary.count)
        default: throw TemplateFilterError("expected a string, an array or a dictionary, got \(value.typeName)")
        }
    }

    /// `join: ", "`: the items of an array as text, with the separator between them.
    static let join = TemplateFilter(
        builtin: "join",
        arguments: 0...1,
        validate: { arguments in
            guard arguments.isEmpty || { if case .string = arguments[0] { return true } else { return false } }() else {
                return "expected a separator in quotes, got \(describe(arguments[0]))"
            }
            return nil
        },
        makeWriter: { arguments in
            var separator = ""
            if let argument = arguments.first {
                guard case .string(let text) = argument else { return nil }
                separator = text
            }
            return { [separator] value, output, escape in
                switch value {
                case .null: return
                case .array(let items):
                    for (index, item) in items.enumerated() {
                        if index > 0 { output.append(separator, escape: escape) }
                        switch item {
                        case .string(let text): output.append(text, escape: escape)
                        case .int(let int): output.append(decimal: int)
                        default:
                            guard let text = plainText(item) else { throw TemplateFilterError("cannot join \(item.typeName)") }
                            output.append(text, escape: escape)
                        }
                    }
                default:
                    throw TemplateFilterError("expected an array, got \(value.typeName)")
                }
            }
        },
        apply: { value, arguments in
            var separator = ""
            if let argument = arguments.first {
                guard case .string(let text) = argument else {
                    throw TemplateFilterError("expected a separator string, got \(argument.typeName)")
                }
                separator = text
            }
            switch value {
            case .null: return .null
            case .array(let items):
                var parts: [String] = []
                parts.reserveCapacity(items.count)
                for item in items {
                    guard let text = plainText(item) else {
                        throw TemplateFilterError("cannot join \(item.typeName)")
                    }
                    parts.append(text)
                }
                return .string(parts.joined(separator: separator))
            default:
                throw TemplateFilterError("expected an array, got \(value.typeName)")
            }
        }
    )

    static let first = TemplateFilter(builtin: "first") { value, _ in
        switch value {
        case .null: .null
        case .array(let items): items.first ?? .null
        case .string(let string): string.first.map { .string(String($0)) } ?? .null
        default: throw TemplateFilterError("expected an array or a string, got \(value.typeName)")
        }
    }

    static let last = TemplateFilter(builtin: "last") { value, _ in
        switch value {
        case .null: .null
        case .array(let items): items.last ?? .null
        case .string(let string): string.last.map { .string(String($0)) } ?? .null
        default: throw TemplateFilterError("expected an array or a string, got \(value.typeName)")
        }
    }

    // MARK: - Helpers
}
