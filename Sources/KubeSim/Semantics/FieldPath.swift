import KubeModels

/// One step of a field path, as structured-merge-diff names it in `managedFields` (`f:`, `k:`,
/// `v:`, `i:`) and in conflict messages (`.spec`, `[name="web"]`, `[="x"]`, `[0]`).
enum PathElement: Hashable, Comparable, Sendable {
    /// A field of a struct or a key of a map.
    case field(String)
    /// An item of an associative list, by the canonical JSON of its key fields.
    case key(String)
    /// A member of a set-like list of scalars, by its canonical JSON.
    case value(String)
    /// An item of an atomic list by position (only below items of keyed lists).
    case index(Int)

    /// The `fieldsV1` spelling.
    var encoded: String {
        switch self {
        case .field(let name): return "f:" + name
        case .key(let json): return "k:" + json
        case .value(let json): return "v:" + json
        case .index(let index): return "i:\(index)"
        }
    }

    init?(encoded: String) {
        let body = String(encoded.dropFirst(2))
        switch encoded.prefix(2) {
        case "f:": self = .field(body)
        case "k:": self = .key(body)
        case "v:": self = .value(body)
        case "i:":
            guard let index = Int(body) else { return nil }
            self = .index(index)
        default: return nil
        }
    }

    /// The spelling of `fieldpath.Path.String()` in conflict messages.
    var display: String {
        switch self {
        case .field(let name): return "." + name
        case .key(let json):
            guard let fields = (try? JSONReader.parse(json))?.objectValue else { return "[\(json)]" }
            let parts = fields.keys.sorted().map { "\($0)=\(JSONWriter.string(fields[$0] ?? .null))" }
            return "[" + parts.joined(separator: ",") + "]"
        case .value(let json): return "[=\(json)]"
        case .index(let index): return "[\(index)]"
        }
    }

    static func < (lhs: PathElement, rhs: PathElement) -> Bool { lhs.encoded < rhs.encoded }

    /// The key element of a list item from its key fields (missing `protocol` reads as TCP, the
    /// default the real schemas declare for port keys).
    static func key(of item: JSONValue, keys: [String]) -> PathElement? {
        var fields: [String: JSONValue] = [:]
        for key in keys {
            if let value = item[key], !value.isNull {
                fields[key] = value
            } else if key == "protocol" {
                fields[key] = "TCP"
            } else {
                return nil
            }
        }
        return .key(JSONWriter.string(.object(fields)))
    }
}

/// A path from the object root.
typealias FieldPath = [PathElement]

extension Array where Element == PathElement {
    /// `.spec.template.spec.containers[name="web"].image`
    var display: String { map(\.display).joined() }
}

/// A set of owned field paths with the `fieldsV1` trie encoding of the real server: a leaf is
/// `{}`, a node that is itself owned and has owned children carries `".": {}`.
struct FieldSet: Hashable, Sendable {
    var paths: Set<FieldPath> = []

    init(_ paths: Set<FieldPath> = []) { self.paths = paths }

    var isEmpty: Bool { paths.isEmpty }

    func contains(_ path: FieldPath) -> Bool { paths.contains(path) }

    /// Whether any member equals `prefix` or lies below it.
    func hasMember(atOrBelow prefix: FieldPath) -> Bool {
        paths.contains { $0.count >= prefix.count && Array($0.prefix(prefix.count)) == prefix }
    }

    func union(_ other: FieldSet) -> FieldSet { FieldSet(paths.union(other.paths)) }
    func subtracting(_ other: FieldSet) -> FieldSet { FieldSet(paths.subtracting(other.paths)) }
    func intersection(_ other: FieldSet) -> FieldSet { FieldSet(paths.intersection(other.paths)) }

    /// The `fieldsV1` JSON.
    var fieldsV1: JSONValue {
        final class Node {
            var children: [PathElement: Node] = [:]
            var member = false
        }
        let root = Node()
        for path in paths {
            var node = root
            for element in path {
                if let next = node.children[element] {
                    node = next
                } else {
                    let next = Node()
                    node.children[element] = next
                    node = next
                }
            }
            node.member = true
        }
        func encode(_ node: Node) -> JSONValue {
            var fields: [String: JSONValue] = [:]
            for (element, child) in node.children { fields[element.encoded] = encode(child) }
            if node.member, !node.children.isEmpty { fields["."] = .object([:]) }
            return .object(fields)
        }
        return encode(root)
    }

    /// Reads `fieldsV1`; unreadable parts are skipped.
    init(fieldsV1: JSONValue?) {
        var result: Set<FieldPath> = []
        func walk(_ value: JSONValue, _ prefix: FieldPath) {
            guard let fields = value.objectValue else { return }
            if fields.isEmpty, !prefix.isEmpty { result.insert(prefix) }
            for (name, child) in fields {
                if name == "." {
                    if !prefix.isEmpty { result.insert(prefix) }
                    continue
                }
                guard let element = PathElement(encoded: name) else { continue }
                walk(child, prefix + [element])
            }
        }
        if let fieldsV1 { walk(fieldsV1, []) }
        paths = result
    }
}
