/// `application/x-www-form-urlencoded` decoding, used for query strings and posted forms.
///
/// `+` is a space, `%XX` escapes are UTF-8 bytes, and repeated names are kept in order.
public enum URLEncodedForm {
    /// Decodes `a=1&b=two+words&a=%C3%A9` into ordered parameters.
    ///
    /// Decoding is lenient, as browsers are: a malformed escape is kept as written, and a
    /// pair without `=` has an empty value. Empty pairs (`a=1&&b=2`) are skipped.
    public static func decode(_ text: Substring) -> Parameters {
        var parameters = Parameters()
        guard !text.isEmpty else { return parameters }
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = pair.firstIndex(of: "=") {
                name = pair[..<equals]
                value = pair[pair.index(after: equals)...]
            } else {
                name = pair
                value = ""
            }
            parameters.append(
                PercentDecoding.decodeLenient(name, plusAsSpace: true),
                PercentDecoding.decodeLenient(value, plusAsSpace: true)
            )
        }
        return parameters
    }

    /// Decodes a whole string; see ``decode(_:)-(Substring)``.
    public static func decode(_ text: String) -> Parameters {
        decode(text[...])
    }
}
