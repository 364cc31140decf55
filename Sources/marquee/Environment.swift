import Foundation

/// Settings from the process environment and an optional `.env` file.
///
/// The process environment wins over `.env`, and command-line flags win over both
/// (each command resolves `flag ?? environment[...] ?? default`).
struct Environment {
    private var values: [String: String]

    /// Reads `.env` from the current folder (if present) under the process environment.
    static func load(dotEnvPath: String = ".env") throws -> Environment {
        var values: [String: String] = [:]
        if let text = try? String(contentsOfFile: dotEnvPath, encoding: .utf8) {
            values = try DotEnv.parse(text, file: dotEnvPath)
        }
        for (key, value) in ProcessInfo.processInfo.environment { values[key] = value }
        return Environment(values: values)
    }

    init(values: [String: String]) {
        self.values = values
    }

    subscript(_ key: String) -> String? {
        guard let value = values[key], !value.isEmpty else { return nil }
        return value
    }
}

/// A small `.env` reader: `KEY=value` lines, `#` comments, optional `export `, and
/// single- or double-quoted values.
enum DotEnv {
    struct SyntaxError: Error, CustomStringConvertible {
        let file: String
        let line: Int
        let text: String
        var description: String { "\(file):\(line): expected KEY=value, found \"\(text)\"" }
    }

    static func parse(_ text: String, file: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                throw SyntaxError(file: file, line: index + 1, text: line)
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw SyntaxError(file: file, line: index + 1, text: line)
            }
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            } else if let hash = value.range(of: " #") {
                value = value[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            result[key] = value
        }
        return result
    }
}
