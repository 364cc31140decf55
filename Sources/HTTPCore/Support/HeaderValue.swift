/// A header value of the shape `main/type; name=value; name="quoted value"`, as in
/// `Content-Type` and `Content-Disposition`.
struct HeaderValue {
    /// The part before the first `;`, lowercased and trimmed.
    var value: String
    /// The parameters, names lowercased, values unquoted.
    var parameters: [String: String]

    init(parsing text: String) {
        // Most values have no parameters ("application/x-www-form-urlencoded" on every form
        // post): the same result without taking the text apart scalar by scalar.
        guard text.utf8.contains(UInt8(ascii: ";")) else {
            self.value = text.trimmingSpaces().lowercased()
            self.parameters = [:]
            return
        }
        var parameters: [String: String] = [:]
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func skipSpaces() {
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
        }
        func readToken(until stops: Set<Unicode.Scalar>) -> String {
            var token = String.UnicodeScalarView()
            while index < scalars.count, !stops.contains(scalars[index]) {
                token.append(scalars[index])
                index += 1
            }
            return String(token).trimmingSpaces()
        }
        self.value = readToken(until: [";"]).lowercased()
        while index < scalars.count {
            index += 1  // the ";"
            skipSpaces()
            let name = readToken(until: ["=", ";"]).lowercased()
            var value = ""
            if index < scalars.count, scalars[index] == "=" {
                index += 1
                skipSpaces()
                if index < scalars.count, scalars[index] == "\"" {
                    // A quoted string: backslash escapes the next character.
                    index += 1
                    var quoted = String.UnicodeScalarView()
                    while index < scalars.count, scalars[index] != "\"" {
                        if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
                        quoted.append(scalars[index])
                        index += 1
                    }
                    index += 1  // the closing quote
                    value = String(quoted)
                    _ = readToken(until: [";"])
                } else {
                    value = readToken(until: [";"])
                }
            }
            if !name.isEmpty, parameters[name] == nil {
                parameters[name] = value
            }
        }
        self.parameters = parameters
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var view = self[...]
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" { view = view.dropLast() }
        return String(view)
    }
}
