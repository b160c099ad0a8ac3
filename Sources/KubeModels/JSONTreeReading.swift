import Foundation

/// A model read straight from a `JSONValue` tree by hand, with exactly the typing rules of its
/// `Codable` conformance through `JSONValueDecoder`: the hot kinds of a snapshot skip the generic
/// decoding machinery. Anything the Codable path would reject (or might read differently) throws
/// `JSONTreeMismatch`, and the caller falls back to Codable, which then reports the real error.
protocol JSONTreeReadable {
    init(tree: JSONValue) throws(JSONTreeMismatch)
}

/// The tree is not in the shape the fast path handles; use the Codable path instead.
struct JSONTreeMismatch: Error {}

/// The fields of one JSON object, read with the rules of `JSONValueDecoder`: a missing or null
/// field is nil for optional fields, a required one must be present and of its type, integers may
/// be written as integral doubles, and nothing is converted between strings, numbers and booleans.
struct JSONFields {
    let fields: [String: JSONValue]

    init(_ value: JSONValue) throws(JSONTreeMismatch) {
        guard case .object(let fields) = value else { throw JSONTreeMismatch() }
        self.fields = fields
    }

    /// The value of an optional field: nil when missing or null.
    @inline(__always)
    private func present(_ key: String) -> JSONValue? {
        guard let value = fields[key] else { return nil }
        if case .null = value { return nil }
        return value
    }

    func string(_ key: String) throws(JSONTreeMismatch) -> String? {
        guard let value = present(key) else { return nil }
        guard case .string(let text) = value else { throw JSONTreeMismatch() }
        return text
    }

    func requiredString(_ key: String) throws(JSONTreeMismatch) -> String {
        guard let text = try string(key) else { throw JSONTreeMismatch() }
        return text
    }

    func bool(_ key: String) throws(JSONTreeMismatch) -> Bool? {
        guard let value = present(key) else { return nil }
        guard case .bool(let flag) = value else { throw JSONTreeMismatch() }
        return flag
    }

    func int(_ key: String) throws(JSONTreeMismatch) -> Int? {
        guard let value = present(key) else { return nil }
        guard let number = value.intValue, let result = Int(exactly: number) else { throw JSONTreeMismatch() }
        return result
    }

    func requiredInt(_ key: String) throws(JSONTreeMismatch) -> Int {
        guard let number = try int(key) else { throw JSONTreeMismatch() }
        return number
    }

    func int64(_ key: String) throws(JSONTreeMismatch) -> Int64? {
        guard let value = present(key) else { return nil }
        guard let number = value.intValue else { throw JSONTreeMismatch() }
        return number
    }

    func date(_ key: String) throws(JSONTreeMismatch) -> Date? {
        guard let value = present(key) else { return nil }
        guard case .string(let text) = value, let date = KubeTime.parse(text) else { throw JSONTreeMismatch() }
        return date
    }

    /// A field kept as a dynamic value (probes, affinity): any non-null value.
    func json(_ key: String) -> JSONValue? { present(key) }

    func strings(_ key: String) throws(JSONTreeMismatch) -> [String]? {
        guard let value = present(key) else { return nil }
        guard case .array(let items) = value else { throw JSONTreeMismatch() }
        var result: [String] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard case .string(let text) = item else { throw JSONTreeMismatch() }
            result.append(text)
        }
        return result
    }

    func stringMap(_ key: String) throws(JSONTreeMismatch) -> [String: String]? {
        guard let value = present(key) else { return nil }
        guard case .object(let entries) = value else { throw JSONTreeMismatch() }
        var result: [String: String] = [:]
        result.reserveCapacity(entries.count)
        for (name, entry) in entries {
            guard case .string(let text) = entry else { throw JSONTreeMismatch() }
            result[name] = text
        }
        return result
    }

    func quantities(_ key: String) throws(JSONTreeMismatch) -> [String: Quantity]? {
        guard let value = present(key) else { return nil }
        guard case .object(let entries) = value else { throw JSONTreeMismatch() }
        var result: [String: Quantity] = [:]
        result.reserveCapacity(entries.count)
        for (name, entry) in entries { result[name] = try Quantity(tree: entry) }
        return result
    }

    func model<T: JSONTreeReadable>(_ key: String, as type: T.Type = T.self) throws(JSONTreeMismatch) -> T? {
        guard let value = present(key) else { return nil }
        return try T(tree: value)
    }

    func requiredModel<T: JSONTreeReadable>(_ key: String, as type: T.Type = T.self) throws(JSONTreeMismatch) -> T {
        guard let value = try model(key, as: type) else { throw JSONTreeMismatch() }
        return value
    }

    func models<T: JSONTreeReadable>(_ key: String, as type: T.Type = T.self) throws(JSONTreeMismatch) -> [T]? {
        guard let value = present(key) else { return nil }
        guard case .array(let items) = value else { throw JSONTreeMismatch() }
        var result: [T] = []
        result.reserveCapacity(items.count)
        for item in items { result.append(try T(tree: item)) }
        return result
    }

    func requiredModels<T: JSONTreeReadable>(_ key: String, as type: T.Type = T.self) throws(JSONTreeMismatch) -> [T] {
        guard let value = try models(key, as: type) else { throw JSONTreeMismatch() }
        return value
    }
}

extension Quantity: JSONTreeReadable {
    /// As `init(from:)`: a string in the quantity grammar, or a number written as text.
    init(tree: JSONValue) throws(JSONTreeMismatch) {
        let text: String
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
    init(tree: JSONValue) throws(JSONTreeMismatch) {
        if let number = tree.intValue, let exact = Int(exactly: number) {
            self = .int(exact)
        } else if case .string(let text) = tree {
            self = .string(text)
        } else {
            throw JSONTreeMismatch()
        }
    }
}
