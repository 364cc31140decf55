import Foundation

/// Small helpers for building and checking URLs.
enum Paths {
    private static let queryValueAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~/")
        return set
    }()

    /// Percent-encodes a value for use inside a query string.
    static func encodeQueryValue(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: queryValueAllowed) ?? ""
    }

    /// Builds `path?k=v&…` from the non-empty pairs, in order.
    static func url(_ path: String, _ pairs: [(String, String?)]) -> String {
        let query = pairs.compactMap { key, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return "\(key)=\(encodeQueryValue(value))"
        }
        return query.isEmpty ? path : "\(path)?\(query.joined(separator: "&"))"
    }

    /// The `next` target after log-in, kept only when it is a path on this site
    /// (never `//host`, a scheme, or a backslash trick), so log-in is no open redirect.
    static func safeNext(_ candidate: String?) -> String? {
        guard let candidate, candidate.hasPrefix("/"), !candidate.hasPrefix("//"),
              !candidate.contains("\\"), !candidate.contains("\r"), !candidate.contains("\n"),
              candidate.count < 1000
        else { return nil }
        return candidate
    }
}
