import Foundation

/// A model read straight from a `JSONValue` tree by hand, with exactly the typing rules of its
/// `Codable` conformance through `JSONValueDecoder`: the hot kinds of a snapshot skip the generic
/// decoding machinery. Anything the Codable path would reject (or might read differently) throws
/// `JSONTreeMismatch`, and the caller falls back to Codable, which then reports the real error.
protocol JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch)
}

/// The tree is not in the shape the fast path handles; use the Codable path instead.
struct JSONTreeMismatch: Error {}

/// The fields of one JSON object, read with the rules of `JSONValueDecoder`: a missing or null
/// field is nil for optional fields, a required one must be present and of its type, integers may
/// be written as integral doubles, and nothing is converted between strings, numbers and booleans.
struct JSONFields<Node: JSONNodeReading> {
    let object: Node

    init(_ value: Node) throws(JSONTreeMismatch) {
        guard value.isObject else { throw JSONTreeMismatch() }
        self.object = value
    }

    /// The value of an optional field: nil when missing or null.
    @inline(__always)
    private func present(_ key: StaticString) -> Node? {
        guard let value = object.member(key), !value.isNull else { return nil }
        return value
    }

    func string(_ key: StaticString) throws(JSONTreeMismatch) -> String? {
        guard let value = present(key) else { return nil }
        guard let text = value.stringValue else { throw JSONTreeMismatch() }
        return text
    }

    func requiredString(_ key: StaticString) throws(JSONTreeMismatch) -> String {
        guard let text = try string(key) else { throw JSONTreeMismatch() }
        return text
    }

    func bool(_ key: StaticString) throws(JSONTreeMismatch) -> Bool? {
        guard let value = present(key) else { return nil }
        guard let flag = value.boolValue else { throw JSONTreeMismatch() }
        return flag
    }

    func int(_ key: StaticString) throws(JSONTreeMismatch) -> Int? {
        guard let value = present(key) else { return nil }
        guard let number = value.intValue, let result = Int(exactly: number) else { throw JSONTreeMismatch() }
        return result
    }

    func requiredInt(_ key: StaticString) throws(JSONTreeMismatch) -> Int {
        guard let number = try int(key) else { throw JSONTreeMismatch() }
        return number
    }

    func int64(_ key: StaticString) throws(JSONTreeMismatch) -> Int64? {
        guard let value = present(key) else { return nil }
        guard let number = value.intValue else { throw JSONTreeMismatch() }
        return number
    }

    func date(_ key: StaticString) throws(JSONTreeMismatch) -> Date? {
        guard let value = present(key) else { return nil }
        guard let date = value.timeValue else { throw JSONTreeMismatch() }
        return date
    }

    /// A field kept as a dynamic value (probes, affinity): any non-null value.
    func json(_ key: StaticString) -> JSONValue? { present(key)?.jsonValue }

    func strings(_ key: StaticString) throws(JSONTreeMismatch) -> [String]? {
        guard let value = present(key) else { return nil }
        guard let items = value.elements else { throw JSONTreeMismatch() }
        var result: [String] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard let text = item.stringValue else { throw JSONTreeMismatch() }
            result.append(text)
        }
        return result
    }

    func stringMap(_ key: StaticString) throws(JSONTreeMismatch) -> [String: String]? {
        guard let value = present(key) else { return nil }
        var result: [String: String] = [:]
        let isObject = try value.forEachMember { (name, entry) throws(JSONTreeMismatch) in
            guard let text = entry.stringValue else { throw JSONTreeMismatch() }
            result[name] = text
        }
        guard isObject else { throw JSONTreeMismatch() }
        return result
    }

    func quantities(_ key: StaticString) throws(JSONTreeMismatch) -> [String: Quantity]? {
        guard let value = present(key) else { return nil }
        var result: [String: Quantity] = [:]
        let isObject = try value.forEachMember { (name, entry) throws(JSONTreeMismatch) in result[name] = try Quantity(tree: entry) }
        guard isObject else { throw JSONTreeMismatch() }
        return result
    }

    func model<T: JSONTreeReadable>(_ key: StaticString, as type: T.Type = T.self) throws(JSONTreeMismatch) -> T? {
        guard let value = present(key) else { return nil }
        return try T(tree: value)
    }

    func requiredModel<T: JSONTreeReadable>(_ key: StaticString, as type: T.Type = T.self) throws(JSONTreeMismatch) -> T {
        guard let value = try model(key, as: type) else { throw JSONTreeMismatch() }
        return value
    }

    func models<T: JSONTreeReadable>(_ key: StaticString, as type: T.Type = T.self) throws(JSONTreeMismatch) -> [T]? {
        guard let value = present(key) else { return nil }
        guard let items = value.elements else { throw JSONTreeMismatch() }
        var result: [T] = []
        result.reserveCapacity(items.count)
        for item in items { result.append(try T(tree: item)) }
        return result
    }

    func requiredModels<T: JSONTreeReadable>(_ key: StaticString, as type: T.Type = T.self) throws(JSONTreeMismatch) -> [T] {
        guard let value = try models(key, as: type) else { throw JSONTreeMismatch() }
        return value
    }
}

extension Quantity: JSONTreeReadable {
    /// As `init(from:)`: a string in the quantity grammar, or a number written as text.
    init<Node: JSONNodeReading>(tree node: Node) throws(JSONTreeMismatch) {
        let text: String
        let tree = node.jsonValue
        switch tree {
        case .string(let value): text = value
        case .int(let number): text = String(number)
        case .double(let number): text = tree.intValue.map { String($0) } ?? String(number)
        default: throw JSONTreeMismatch()
        }
        do {
            try self.init(text)
        } catch {
            throw JSONTreeMismatch()
        }
    }
}

extension IntOrString: JSONTreeReadable {
    /// As `init(from:)`: an integer (integral doubles included), else a string.
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        if let number = tree.intValue, let exact = Int(exactly: number) {
            self = .int(exact)
        } else if let text = tree.stringValue {
            self = .string(text)
        } else {
            throw JSONTreeMismatch()
        }
    }
}
