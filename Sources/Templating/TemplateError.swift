/// A mistake in a template, found at start-up (syntax, missing templates, unknown filters,
/// cycles, ...) or while rendering (strict-mode undefined variables, filter failures).
///
/// `description` reads `file:line:column: message`, the form editors and terminals link to:
///
/// ```
/// pages/movies.html:12:31: unknown filter 'uper'; did you mean 'upper'?
/// ```
public struct TemplateError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, for code that reacts to a class of mistakes.
    public enum Kind: String, Sendable, Equatable {
        /// A malformed tag or expression: unclosed `{{`, an unexpected token, a bad literal.
        case syntax
        /// A `{% if %}`, `{% for %}` or `{% block %}` without its `{% end %}`.
        case unclosedBlock
        /// An end, `elif`, `else` or `empty` tag with nothing to close, or the wrong closer.
        case unexpectedTag
        /// A filter name that neither the built-ins nor the app registered.
        case unknownFilter
        /// A filter given the wrong number or kind of arguments.
        case filterArguments
        /// An `include` or `extends` target that is not in the library, or an unknown render name.
        case missingTemplate
        /// Templates that include or extend each other in a circle.
        case cycle
        /// A misuse of `extends`, `block` or `super()`.
        case inheritance
        /// A variable or key that does not exist (reported in strict mode only).
        case undefinedVariable
        /// A value of the wrong type at render time, or a filter that failed.
        case render
        /// A template file that could not be read.
        case io
    }

    /// The template's name in the library, e.g. `pages/movies.html`.
    public let file: String
    /// 1-based line of the mistake.
    public let line: Int
    /// 1-based column (in characters) of the mistake.
    public let column: Int
    /// The class of mistake.
    public let kind: Kind
    /// What was found and what was expected.
    public let message: String

    /// Creates an error at a position in a template.
    public init(file: String, line: Int, column: Int, kind: Kind, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.kind = kind
        self.message = message
    }

    /// `file:line:column: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// A position in a template source, small enough to keep on every node that can fail.
struct SourceLocation: Sendable, Equatable {
    /// Index of the template in the library's sorted name list.
    var file: Int32
    var line: Int32
    var column: Int32

    init(file: Int, line: Int, column: Int) {
        self.file = Int32(file)
        self.line = Int32(line)
        self.column = Int32(column)
    }

    /// "3:14", for messages that point at a second place in the same file.
    var lineColumn: String { "\(line):\(column)" }
}

/// An error that knows where it happened but not yet which file name that index means;
/// the library turns it into a ``TemplateError``.
struct LocatedError: Error {
    var location: SourceLocation
    var kind: TemplateError.Kind
    var message: String

    init(_ kind: TemplateError.Kind, at location: SourceLocation, _ message: String) {
        self.location = location
        self.kind = kind
        self.message = message
    }

    func resolved(names: [String]) -> TemplateError {
        let index = Int(location.file)
        let file = names.indices.contains(index) ? names[index] : "<template>"
        return TemplateError(
            file: file,
            line: Int(location.line),
            column: Int(location.column),
            kind: kind,
            message: message
        )
    }
}

/// Thrown by filters to report a bad input or argument; the renderer adds the position.
///
/// App filters can throw it, or any other error: both are reported as
/// `file:line:column: filter 'name': message`.
public struct TemplateFilterError: Error, Sendable, CustomStringConvertible {
    /// What was wrong with the input or arguments.
    public let message: String

    /// Creates a filter error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// "did you mean 'upper'?" for a misspelled name, when one candidate is close enough.
func suggestion(for name: String, among candidates: some Sequence<String>) -> String {
    let limit = name.count <= 3 ? 1 : 2
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != name {
        let distance = editDistance(name, candidate)
        if distance <= limit, distance < (best?.distance ?? .max) {
            best = (candidate, distance)
        }
    }
    guard let best else { return "" }
    return "; did you mean '\(best.name)'?"
}

/// Edit distance where swapping two neighbouring characters counts as one edit, the most
/// common typo ("moive", "titel").
private func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var distances = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { distances[i][0] = i }
    for j in 0...b.count { distances[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var distance = min(distances[i - 1][j] + 1, distances[i][j - 1] + 1, distances[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                distance = min(distance, distances[i - 2][j - 2] + 1)
            }
            distances[i][j] = distance
        }
    }
    return distances[a.count][b.count]
}
