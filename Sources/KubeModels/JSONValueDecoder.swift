import Foundation

/// Decodes `Decodable` models straight from a `JSONValue` tree, without serialising it back to
/// bytes first. Dates are RFC 3339 strings, as the Kubernetes API writes them.
public struct JSONValueDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try TreeDecoder(value: value, path: nil).decodeValue(type)
    }
}

/// A coding path built only when an error asks for it: one small node per nesting level instead
/// of an array copy per field.
private final class PathNode {
    let parent: PathNode?
    let key: CodingKey

    init(parent: PathNode?, key: CodingKey) {
        self.parent = parent
        self.key = key
    }

    static func array(_ node: PathNode?) -> [CodingKey] {
        var keys: [CodingKey] = []
        var current = node
        while let node = current {
            keys.append(node.key)
            current = node.parent
        }
        return keys.reversed()
    }
}

private struct TreeDecoder: Decoder {
    let value: JSONValue
    let path: PathNode?
    var codingPath: [CodingKey] { PathNode.array(path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(value: JSONValue, path: PathNode?) {
        self.value = value
        self.path = path
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let fields) = value else {
            throw DecodingError.typeMismatch(
                [String: JSONValue].self, .init(codingPath: codingPath, debugDescription: "expected an object, found \(value.kindName)"))
        }
        return KeyedDecodingContainer(KeyedTreeContainer(fields: fields, path: path))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .array(let items) = value else {
            throw DecodingError.typeMismatch(
                [JSONValue].self, .init(codingPath: codingPath, debugDescription: "expected an array, found \(value.kindName)"))
        }
        return UnkeyedTreeContainer(items: items, path: path)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { SingleTreeContainer(value: value, path: path) }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if type == JSONValue.self, let result = value as? T { return result }
        if type == Date.self {
            guard case .string(let text) = value, let date = KubeTime.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "not an RFC 3339 timestamp"))
            }
            if let result = date as? T { return result }
        }
        return try T(from: self)
    }
}

private struct KeyedTreeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let fields: [String: JSONValue]
    let path: PathNode?
    var codingPath: [CodingKey] { PathNode.array(path) }

    var allKeys: [Key] { fields.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { fields[key.stringValue] != nil }

    private func value(for key: Key) throws -> JSONValue {
        guard let value = fields[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing field \(key.stringValue)"))
        }
        return value
    }

    private func child(_ key: Key) -> PathNode { PathNode(parent: path, key: key) }

    private func mismatch<T>(_ type: T.Type, _ key: Key, _ value: JSONValue) -> DecodingError {
        .typeMismatch(type, .init(codingPath: PathNode.array(child(key)), debugDescription: "expected \(type), found \(value.kindName)"))
    }

    func decodeNil(forKey key: Key) throws -> Bool { fields[key.stringValue].map { $0.isNull } ?? true }

    // Leaf fast paths: no nested decoder for the most common field types.
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        let value = try value(for: key)
        guard case .string(let text) = value else { throw mismatch(type, key, value) }
        return text
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        let value = try value(for: key)
        guard case .bool(let flag) = value else { throw mismatch(type, key, value) }
        return flag
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        let value = try value(for: key)
        guard let number = value.intValue, let result = Int(exactly: number) else { throw mismatch(type, key, value) }
        return result
    }

    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        let value = try value(for: key)
        guard let number = value.intValue else { throw mismatch(type, key, value) }
        return number
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let value = fields[key.stringValue], !value.isNull else { return nil }
        guard case .string(let text) = value else { throw mismatch(type, key, value) }
        return text
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let value = fields[key.stringValue], !value.isNull else { return nil }
        guard case .bool(let flag) = value else { throw mismatch(type, key, value) }
        return flag
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let value = fields[key.stringValue], !value.isNull else { return nil }
        guard let number = value.intValue, let result = Int(exactly: number) else { throw mismatch(type, key, value) }
        return result
    }

    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        guard let value = fields[key.stringValue], !value.isNull else { return nil }
        guard let number = value.intValue else { throw mismatch(type, key, value) }
        return number
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try TreeDecoder(value: value(for: key), path: child(key)).decodeValue(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = fields[key.stringValue], !value.isNull else { return nil }
        if type == Date.self {
            guard case .string(let text) = value, let date = KubeTime.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: PathNode.array(child(key)), debugDescription: "not an RFC 3339 timestamp"))
            }
            return date as? T
        }
        return try TreeDecoder(value: value, path: child(key)).decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(value: value(for: key), path: child(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try TreeDecoder(value: value(for: key), path: child(key)).unkeyedContainer()
    }

    func superDecoder() throws -> Decoder { TreeDecoder(value: .object(fields), path: path) }

    func superDecoder(forKey key: Key) throws -> Decoder {
        TreeDecoder(value: fields[key.stringValue] ?? .null, path: child(key))
    }
}

private struct IndexKey: CodingKey {
    var stringValue: String { String(intValue ?? 0) }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { intValue = Int(stringValue) }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedTreeContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let path: PathNode?
    var currentIndex = 0

    init(items: [JSONValue], path: PathNode?) {
        self.items = items
        self.path = path
    }

    var codingPath: [CodingKey] { PathNode.array(path) }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> (JSONValue, PathNode) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(JSONValue.self, .init(codingPath: codingPath, debugDescription: "array exhausted"))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], PathNode(parent: path, key: IndexKey(currentIndex)))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: String.Type) throws -> String {
        guard !isAtEnd, case .string(let text) = items[currentIndex] else {
            let (value, path) = try next()
            return try TreeDecoder(value: value, path: path).decodeValue(type)
        }
        currentIndex += 1
        return text
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next()
        return try TreeDecoder(value: value, path: path).decodeValue(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next()
        return try TreeDecoder(value: value, path: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        let (value, path) = try next()
        return try TreeDecoder(value: value, path: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> Decoder {
        let (value, path) = try next()
        return TreeDecoder(value: value, path: path)
    }
}

private struct SingleTreeContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let path: PathNode?
    var codingPath: [CodingKey] { PathNode.array(path) }

    func decodeNil() -> Bool { value.isNull }

    private func mismatch<T>(_ type: T.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(type), found \(value.kindName)"))
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(type) }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = value else { throw mismatch(type) }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard let number = value.doubleValue else { throw mismatch(type) }
        return number
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard let number = value.intValue, let result = T(exactly: number) else { throw mismatch(type) }
        return result
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try TreeDecoder(value: value, path: path).decodeValue(type)
    }
}

extension JSONValue {
    /// `object`, `array`, `string`, ... for error messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
