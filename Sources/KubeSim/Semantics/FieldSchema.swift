import KubeModels

/// How server-side apply and strict validation see one node of an object: a struct of named
/// fields, a map, an atomic value, or a list (atomic, set, or associative by key fields).
///
/// Read from an OpenAPI schema (built-in definitions with `$ref`, or a CRD's structural schema)
/// with the `x-kubernetes-list-type`, `-list-map-keys`, `-map-type` markers; where no schema says,
/// the shape is guessed from field names as strategic merge patch does.
struct FieldSchema: Sendable {
    enum ListKind: Equatable, Sendable {
        case atomic
        case set
        case map(keys: [String])
    }

    /// The schema node; nil when unknown (heuristics apply).
    let node: JSONValue?
    /// Named definitions `$ref`s resolve against.
    let definitions: [String: JSONValue]
    /// The field name this node was reached by (for heuristics).
    let fieldName: String

    /// The Go type name of the struct this node was defined as (`DeploymentSpec`), when it came
    /// from a named definition.
    let goTypeName: String?

    init(node: JSONValue?, definitions: [String: JSONValue] = [:], fieldName: String = "") {
        self.definitions = definitions
        self.fieldName = fieldName
        self.node = node.map { FieldSchema.resolve($0, definitions) }
        let reference = node?["$ref"]?.stringValue ?? node?["allOf"]?.arrayValue?.first?["$ref"]?.stringValue
        goTypeName = reference.flatMap { $0.split(separator: ".").last.map(String.init) }
    }

    static let unknown = FieldSchema(node: nil)

    static func resolve(_ schema: JSONValue, _ definitions: [String: JSONValue]) -> JSONValue {
        var current = schema
        for _ in 0..<8 {
            if let ref = current["$ref"]?.stringValue {
                let name = ref.split(separator: "/").last.map(String.init) ?? ref
                guard let target = definitions[name] else { return current }
                var merged = target
                for (key, value) in current.objectValue ?? [:] where key != "$ref" { merged[key] = value }
                current = merged
            } else if let first = current["allOf"]?.arrayValue?.first, current["properties"] == nil {
                var merged = first
                for (key, value) in current.objectValue ?? [:] where key != "allOf" { merged[key] = value }
                current = merged
            } else {
                break
            }
        }
        return current
    }

    /// Whether the schema leaves this node open (no schema, or unknown fields preserved).
    var isOpen: Bool {
        guard let node else { return true }
        if node["x-kubernetes-preserve-unknown-fields"]?.boolValue == true, node["properties"] == nil { return true }
        return node["type"] == nil && node["properties"] == nil && node["items"] == nil && node["additionalProperties"] == nil
    }

    /// An object whose fields are owned as a whole.
    var isAtomic: Bool {
        if let node, !isOpen {
            return node["x-kubernetes-map-type"]?.stringValue == "atomic" || node["x-kubernetes-int-or-string"]?.boolValue == true
        }
        return Self.atomicFields.contains(fieldName)
    }

    /// A map with arbitrary keys (rather than a struct with named fields).
    var isMap: Bool {
        if let node, !isOpen {
            return node["properties"] == nil && node["additionalProperties"]?.objectValue != nil
        }
        return Self.mapFields.contains(fieldName)
    }

    func child(_ name: String) -> FieldSchema {
        guard let node, !isOpen else { return FieldSchema(node: nil, definitions: definitions, fieldName: name) }
        if let property = node[path: "properties", name] {
            return FieldSchema(node: property, definitions: definitions, fieldName: name)
        }
        if let additional = node["additionalProperties"], additional.objectValue != nil {
            return FieldSchema(node: additional, definitions: definitions, fieldName: name)
        }
        return FieldSchema(node: nil, definitions: definitions, fieldName: name)
    }

    var items: FieldSchema {
        FieldSchema(node: isOpen ? nil : node?["items"], definitions: definitions, fieldName: fieldName)
    }

    /// How a list at this node merges, given a sample of its items for guessing.
    func listKind(sample: [JSONValue]) -> ListKind {
        if let node, !isOpen {
            switch node["x-kubernetes-list-type"]?.stringValue {
            case "set": return .set
            case "map":
                let keys = (node["x-kubernetes-list-map-keys"]?.arrayValue ?? []).compactMap(\.stringValue)
                return keys.isEmpty ? .atomic : .map(keys: keys)
            case "atomic": return .atomic
            default: break
            }
            if let key = node["x-kubernetes-patch-merge-key"]?.stringValue { return .map(keys: [key]) }
            if node["type"]?.stringValue == "array", node["x-kubernetes-list-type"] == nil, !Self.guessable.contains(fieldName) {
                return .atomic
            }
        }
        if Self.setFields.contains(fieldName) { return .set }
        guard sample.allSatisfy({ $0.objectValue != nil }), !sample.isEmpty || Patch.mergeKeys[fieldName] != nil else { return .atomic }
        if fieldName == "ports" {
            return sample.contains { $0["containerPort"] != nil } ? .map(keys: ["containerPort", "protocol"]) : .map(keys: ["port", "protocol"])
        }
        if fieldName == "topologySpreadConstraints" { return .map(keys: ["topologyKey", "whenUnsatisfiable"]) }
        if let key = Patch.mergeKeys[fieldName], !key.isEmpty, !Self.atomicLists.contains(fieldName) { return .map(keys: [key]) }
        return .atomic
    }

    /// Maps (arbitrary keys) among built-in fields.
    static let mapFields: Set<String> = [
        "labels", "annotations", "data", "binaryData", "stringData", "nodeSelector", "matchLabels", "limits", "requests",
        "hard", "used", "capacity", "allocatable", "parameters", "overhead",
    ]
    /// Structs owned as a whole among built-in fields (LabelSelector and friends).
    static let atomicFields: Set<String> = ["selector", "labelSelector", "namespaceSelector", "targetPort", "sessionAffinityConfig"]
    /// Lists of scalars merged as sets.
    static let setFields: Set<String> = ["finalizers"]
    /// Lists with a patch merge key that server-side apply still treats as atomic.
    static let atomicLists: Set<String> = ["tolerations", "subsets", "addresses", "taints"]
    /// Built-in list fields whose kind is guessed even when a schema without markers covers them.
    static let guessable: Set<String> = Set(Patch.mergeKeys.keys).union(["ports", "finalizers", "topologySpreadConstraints"])
}
