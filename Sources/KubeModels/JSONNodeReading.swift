import Foundation

/// What the hand-written readers need of a JSON value, so that one reader serves both a parsed
/// tree (`JSONValue`) and a value on a `JSONTape` (read straight from the bytes). Every accessor
/// has the meaning of the `JSONValue` one: nil when the value is of another type.
protocol JSONNodeReading {
    /// The value of `key` when this is an object (the last one when a key repeats), else nil.
    func member(_ key: StaticString) -> Self?
    var isNull: Bool { get }
    var isObject: Bool { get }
    var stringValue: String? { get }
    /// As `JSONValue.intValue`: an integer, or an integral double within Int64's range.
    var intValue: Int64? { get }
    var boolValue: Bool? { get }
    /// A string parsed with `KubeTime.parse`: nil when not a string or not a timestamp.
    var timeValue: Date? { get }
    /// The elements when this is an array.
    var elements: [Self]? { get }
    /// Calls `body` with each member of an object, in document order; false when not an object.
    func forEachMember(_ body: (String, Self) throws(JSONTreeMismatch) -> Void) throws(JSONTreeMismatch) -> Bool
    /// The value as a tree (what `JSONParser` builds).
    var jsonValue: JSONValue { get }
}

extension JSONValue: JSONNodeReading {
    func member(_ key: StaticString) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields[key.description]
    }

    var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    var timeValue: Date? { stringValue.flatMap(KubeTime.parse) }

    var elements: [JSONValue]? { arrayValue }

    func forEachMember(_ body: (String, JSONValue) throws(JSONTreeMismatch) -> Void) throws(JSONTreeMismatch) -> Bool {
        guard case .object(let fields) = self else { return false }
        for (key, value) in fields { try body(key, value) }
        return true
    }

    var jsonValue: JSONValue { self }
}

/// One value on a `JSONTape`: valid until the tape parses again, while the bytes live.
package struct JSONTapeNode: JSONNodeReading {
    let view: JSONTapeView
    let index: Int

    @inline(__always)
    private var entry: JSONTape.Entry { view[index] }

    func member(_ key: StaticString) -> JSONTapeNode? {
        key.withUTF8Buffer { member(utf8: $0) }
    }

    /// `member(_:)` for a key known only at run time.
    package func member(named key: String) -> JSONTapeNode? {
        if let found = key.utf8.withContiguousStorageIfAvailable({ member(utf8: $0) }) { return found }
        return Array(key.utf8).withUnsafeBufferPointer { member(utf8: $0) }
    }

    /// The value of the last member whose key is `text`.
    private func member(utf8 text: UnsafeBufferPointer<UInt8>) -> JSONTapeNode? {
        let object = entry
        guard object.kind == .object else { return nil }
        var found: Int?
        var position = index + 1
        let end = Int(object.next)
        while position < end {
            if view.key(view[position], equals: text) {
                // The last of a repeated key wins, as in the tree; without repeats the first is the one.
                guard object.flag else { return JSONTapeNode(view: view, index: position + 1) }
                found = position + 1
            }
            position = Int(view[position + 1].next)
        }
        return found.map { JSONTapeNode(view: view, index: $0) }
    }

    package subscript(key: String) -> JSONTapeNode? { member(named: key) }

    package var isNull: Bool { entry.kind == .null }

    package var isObject: Bool { entry.kind == .object }

    package var stringValue: String? {
        let entry = entry
        guard entry.kind == .string else { return nil }
        return view.string(entry)
    }

    package var intValue: Int64? {
        let entry = entry
        guard entry.kind == .number else { return nil }
        return view.number(entry)?.intValue
    }

    package var boolValue: Bool? {
        switch entry.kind {
        case .trueValue: return true
        case .falseValue: return false
        default: return nil
        }
    }

    package var timeValue: Date? {
        let entry = entry
        guard entry.kind == .string else { return nil }
        if entry.flag { return KubeTime.parse(view.string(entry)) }
        return KubeTime.parse(utf8: view.raw(entry))
    }

    var elements: [JSONTapeNode]? {
        let array = entry
        guard array.kind == .array else { return nil }
        var result: [JSONTapeNode] = []
        var position = index + 1
        let end = Int(array.next)
        while position < end {
            result.append(JSONTapeNode(view: view, index: position))
            position = Int(view[position].next)
        }
        return result
    }

    func forEachMember(_ body: (String, JSONTapeNode) throws(JSONTreeMismatch) -> Void) throws(JSONTreeMismatch) -> Bool {
        let object = entry
        guard object.kind == .object else { return false }
        var position = index + 1
        let end = Int(object.next)
        while position < end {
            try body(view.string(view[position]), JSONTapeNode(view: view, index: position + 1))
            position = Int(view[position + 1].next)
        }
        return true
    }

    package var jsonValue: JSONValue { view.value(at: index) }
}
