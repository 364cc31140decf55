public import Foundation

/// A value that templates can read: the typed render context.
///
/// Build contexts with literals, from app types that adopt ``TemplateObject``,
/// or from `Encodable` values with ``init(encoding:)``:
///
/// ```swift
/// let context: TemplateValue = [
///     "title": "Dune",
///     "seats": 3,
///     "showtimes": [["start": .date(start), "hall": "IMAX"]],
///     "user": nil,
/// ]
/// ```
public enum TemplateValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case date(Date)
    case array([TemplateValue])
    case dictionary([String: TemplateValue])
    // Indirect: an existential is five words and copying it goes through its value witness;
    // boxed, every case is at most a String, so copying any value is one retain.
    indirect case object(any TemplateObject)
}

/// An app type that templates can read by key, without reflection.
///
/// ```swift
/// struct MovieCard: TemplateObject {
///     let title: String
///     let seatsLeft: Int
///     func value(forKey key: String) -> TemplateValue? {
///         switch key {
///         case "title": .string(title)
///         case "seatsLeft": .int(seatsLeft)
///         default: nil
///         }
///     }
/// }
/// ```
public protocol TemplateObject: Sendable {
    /// The value for `key`, `nil` when the object has no such key (an error in strict mode),
    /// or `.null` when the key exists but holds no value.
    func value(forKey key: String) -> TemplateValue?

    /// The keys, in the order `{% for key, value in object %}` and the `json` filter visit them.
    /// `nil` (the default) means the object cannot be listed.
    var templateKeys: [String]? { get }
}

extension TemplateObject {
    public var templateKeys: [String]? { nil }
}

/// A Swift value that converts itself to a ``TemplateValue``.
public protocol TemplateValueConvertible {
    /// The value as templates see it.
    var templateValue: TemplateValue { get }
}

extension TemplateValue {
    /// Converts any ``TemplateValueConvertible`` value.
    public init(_ value: some TemplateValueConvertible) {
        self = value.templateValue
    }

    /// Whether `{% if value %}` takes the branch: `null`, `false`, `0`, `0.0`, `""`, `[]` and
    /// `[:]` are false; everything else is true.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .int(let value): value != 0
        case .double(let value): value != 0
        case .string(let value): !value.isEmpty
        case .date: true
        case .array(let value): !value.isEmpty
        case .dictionary(let value): !value.isEmpty
        case .object: true
        }
    }

    /// Whether the value is `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The name of the value's type, as error messages show it.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a bool"
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .date: "a date"
        case .array: "an array"
        case .dictionary: "a dictionary"
        case .object: "an object"
        }
    }
}

// MARK: - Literals

extension TemplateValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension TemplateValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension TemplateValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension TemplateValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension TemplateValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: TemplateValue...) { self = .array(elements) }
}

extension TemplateValue: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .dictionary(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

// MARK: - Conversions

extension TemplateValue: TemplateValueConvertible {
    public var templateValue: TemplateValue { self }
}

extension String: TemplateValueConvertible {
    public var templateValue: TemplateValue { .string(self) }
}

extension Substring: TemplateValueConvertible {
    public var templateValue: TemplateValue { .string(String(self)) }
}

extension Int: TemplateValueConvertible {
    public var templateValue: TemplateValue { .int(self) }
}

extension Int64: TemplateValueConvertible {
    public var templateValue: TemplateValue { .int(Int(self)) }
}

extension Int32: TemplateValueConvertible {
    public var templateValue: TemplateValue { .int(Int(self)) }
}

extension Double: TemplateValueConvertible {
    public var templateValue: TemplateValue { .double(self) }
}

extension Float: TemplateValueConvertible {
    public var templateValue: TemplateValue { .double(Double(self)) }
}

extension Bool: TemplateValueConvertible {
    public var templateValue: TemplateValue { .bool(self) }
}

extension Date: TemplateValueConvertible {
    public var templateValue: TemplateValue { .date(self) }
}

extension Optional: TemplateValueConvertible where Wrapped: TemplateValueConvertible {
    public var templateValue: TemplateValue { self?.templateValue ?? .null }
}

extension Array: TemplateValueConvertible where Element: TemplateValueConvertible {
    public var templateValue: TemplateValue { .array(map(\.templateValue)) }
}

extension Dictionary: TemplateValueConvertible where Key == String, Value: TemplateValueConvertible {
    public var templateValue: TemplateValue { .dictionary(mapValues(\.templateValue)) }
}
