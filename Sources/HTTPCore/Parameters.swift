/// An ordered list of name/value pairs: query strings, form fields, route parameters.
///
/// Repeated names are kept in order (a seat map posts many `seat` values), so `self["seat"]`
/// gives the first and `all("seat")` gives every one.
public struct Parameters: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One name/value pair.
    public typealias Element = (name: String, value: String)

    @usableFromInline
    var pairs: [Element]

    /// Creates parameters from pairs, keeping their order.
    public init(_ pairs: [(String, String)]) {
        self.pairs = pairs.map { (name: $0.0, value: $0.1) }
    }

    /// Creates empty parameters.
    public init() {
        self.pairs = []
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The first value for `name`, or `nil`.
    public subscript(_ name: String) -> String? {
        for pair in self.pairs where pair.name == name {
            return pair.value
        }
        return nil
    }

    /// Every value for `name`, in order.
    public func all(_ name: String) -> [String] {
        self.pairs.compactMap { $0.name == name ? $0.value : nil }
    }

    /// Whether there is at least one value for `name`.
    public func contains(_ name: String) -> Bool {
        self[name] != nil
    }

    /// The number of pairs.
    public var count: Int { self.pairs.count }

    /// Whether there are no pairs.
    public var isEmpty: Bool { self.pairs.isEmpty }

    /// Appends a pair, keeping any earlier values for the same name.
    public mutating func append(_ name: String, _ value: String) {
        self.pairs.append((name: name, value: value))
    }

    /// Replaces every value for `name` with a single one.
    public mutating func set(_ name: String, _ value: String) {
        self.pairs.removeAll { $0.name == name }
        self.pairs.append((name: name, value: value))
    }

    /// The first value for `name` converted to `T`.
    ///
    /// - Throws: ``HTTPError`` 400 naming the field when it is missing or not a valid `T`.
    public func require<T: LosslessStringConvertible>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let raw = self[name] else {
            throw HTTPError(.badRequest, message: "Missing field \"\(name)\".")
        }
        guard let value = T(raw) else {
            throw HTTPError(.badRequest, message: "Invalid value for field \"\(name)\".")
        }
        return value
    }

    public func makeIterator() -> IndexingIterator<[Element]> {
        self.pairs.makeIterator()
    }

    public var description: String {
        self.pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }
}
