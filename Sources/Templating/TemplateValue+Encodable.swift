import Foundation

extension TemplateValue {
    /// Converts an `Encodable` value (a view model, a record) into a template value.
    ///
    /// Keyed containers become dictionaries, unkeyed ones arrays; `Date` stays a date for the
    /// `date` filter and `URL` becomes its string. Optional properties that are `nil` become
    /// `null` rather than disappearing, so strict mode treats them as defined.
    ///
    /// This goes through `Encodable` machinery and allocates per property: convert at the edge
    /// (once per request or once per cached view model), or adopt ``TemplateObject`` on hot paths.
    public init(encoding value: some Encodable) throws {
        self = try TemplateValueEncoder.encode(value, codingPath: [])
    }
}

/// An encoding container's value while it is being built: containers hand out references so
/// nested containers can keep filling their part after they are returned.
private final class EncodingBox {
    enum Content {
        case empty
        case value(TemplateValue)
        case keyed([String: EncodingBox])
        case unkeyed([EncodingBox])
    }

    var content: Content

    init(_ content: Content = .empty) {
        self.content = content
    }

    var value: TemplateValue {
        switch content {
        case .empty: .dictionary([:])
        case .value(let value): value
        case .keyed(let boxes): .dictionary(boxes.mapValues(\.value))
        case .unkeyed(let boxes): .array(boxes.map(\.value))
        }
    }
}

private struct TemplateValueEncoder: Encoder {
    let box: EncodingBox
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func encode(_ value: some Encodable, codingPath: [any CodingKey]) throws -> TemplateValue {
        switch value {
        case let date as Date: return .date(date)
        case let url as URL: return .string(url.absoluteString)
        case let decimal as Decimal: return .double(NSDecimalNumber(decimal: decimal).doubleValue)
        default:
            let encoder = TemplateValueEncoder(box: EncodingBox(), codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.box.value
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .keyed = box.content {} else { box.content = .keyed([:]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unkeyed = box.content {} else { box.content = .unkeyed([]) }
        return UnkeyedContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(box: box, codingPath: codingPath)
    }
}

private func integer<T: BinaryInteger>(_ value: T) -> TemplateValue {
    Int(exactly: value).map(TemplateValue.int) ?? .double(Double(value))
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: EncodingBox
    let codingPath: [any CodingKey]

    private func set(_ value: TemplateValue, for key: Key) {
        set(EncodingBox(.value(value)), for: key)
    }

    private func set(_ child: EncodingBox, for key: Key) {
        guard case .keyed(var boxes) = box.content else { return }
        box.content = .empty
        boxes[key.stringValue] = child
        box.content = .keyed(boxes)
    }

    mutating func encodeNil(forKey key: Key) throws { set(.null, for: key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), for: key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), for: key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.double(value), for: key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(.double(Double(value)), for: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.int(value), for: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(integer(value), for: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(integer(value), for: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(integer(value), for: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(integer(value), for: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(integer(value), for: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(integer(value), for: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(integer(value), for: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(integer(value), for: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(integer(value), for: key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try TemplateValueEncoder.encode(value, codingPath: codingPath + [key]), for: key)
    }

    // Synthesized Encodable skips nil optionals through encodeIfPresent; templates want the
    // key present as null so strict mode does not call it undefined.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }

    private mutating func encodeOptional<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value {
            try encode(value, forKey: key)
        } else {
            try encodeNil(forKey: key)
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingBox(.keyed([:]))
        set(child, for: key)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodingBox(.unkeyed([]))
        set(child, for: key)
        return UnkeyedContainer(box: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodingBox()
        guard case .keyed(var boxes) = box.content else { return TemplateValueEncoder(box: child, codingPath: codingPath) }
        boxes["super"] = child
        box.content = .keyed(boxes)
        return TemplateValueEncoder(box: child, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = EncodingBox()
        set(child, for: key)
        return TemplateValueEncoder(box: child, codingPath: codingPath + [key])
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: EncodingBox
    let codingPath: [any CodingKey]

    var count: Int {
        if case .unkeyed(let boxes) = box.content { return boxes.count }
        return 0
    }

    private func append(_ child: EncodingBox) {
        guard case .unkeyed(var boxes) = box.content else { return }
        box.content = .empty
        boxes.append(child)
        box.content = .unkeyed(boxes)
    }

    private func append(_ value: TemplateValue) { append(EncodingBox(.value(value))) }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(.double(value)) }
    mutating func encode(_ value: Float) throws { append(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { append(.int(value)) }
    mutating func encode(_ value: Int8) throws { append(integer(value)) }
    mutating func encode(_ value: Int16) throws { append(integer(value)) }
    mutating func encode(_ value: Int32) throws { append(integer(value)) }
    mutating func encode(_ value: Int64) throws { append(integer(value)) }
    mutating func encode(_ value: UInt) throws { append(integer(value)) }
    mutating func encode(_ value: UInt8) throws { append(integer(value)) }
    mutating func encode(_ value: UInt16) throws { append(integer(value)) }
    mutating func encode(_ value: UInt32) throws { append(integer(value)) }
    mutating func encode(_ value: UInt64) throws { append(integer(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        append(try TemplateValueEncoder.encode(value, codingPath: codingPath + [IndexKey(count)]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingBox(.keyed([:]))
        let path = codingPath + [IndexKey(count)]
        append(child)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = EncodingBox(.unkeyed([]))
        let path = codingPath + [IndexKey(count)]
        append(child)
        return UnkeyedContainer(box: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodingBox()
        let path = codingPath + [IndexKey(count)]
        append(child)
        return TemplateValueEncoder(box: child, codingPath: path)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let box: EncodingBox
    let codingPath: [any CodingKey]

    private func set(_ value: TemplateValue) { box.content = .value(value) }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(.double(value)) }
    mutating func encode(_ value: Float) throws { set(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { set(.int(value)) }
    mutating func encode(_ value: Int8) throws { set(integer(value)) }
    mutating func encode(_ value: Int16) throws { set(integer(value)) }
    mutating func encode(_ value: Int32) throws { set(integer(value)) }
    mutating func encode(_ value: Int64) throws { set(integer(value)) }
    mutating func encode(_ value: UInt) throws { set(integer(value)) }
    mutating func encode(_ value: UInt8) throws { set(integer(value)) }
    mutating func encode(_ value: UInt16) throws { set(integer(value)) }
    mutating func encode(_ value: UInt32) throws { set(integer(value)) }
    mutating func encode(_ value: UInt64) throws { set(integer(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        set(try TemplateValueEncoder.encode(value, codingPath: codingPath))
    }
}
