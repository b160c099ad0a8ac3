import KubeModels

/// The decoding step of the real server for built-in kinds: a value of the wrong JSON type for a
/// typed field fails the request with `400 BadRequest` before any validation, worded as Go's JSON
/// decoder (`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of
/// type int32`).
enum TypeCheck {
    /// The first type mismatch, as the message after `json: `; nil when the object decodes.
    static func firstMismatch(_ value: JSONValue, schema: FieldSchema, path: String = "", goStruct: String) -> String? {
        guard let node = schema.node, !schema.isOpen, !value.isNull else { return nil }
        if node["x-kubernetes-int-or-string"]?.boolValue == true { return nil }
        let found = jsonType(value)
        func mismatch(_ goType: String) -> String {
            "cannot unmarshal \(found) into Go struct field \(goStruct).\(path) of type \(goType)"
        }
        switch node["type"]?.stringValue {
        case "integer":
            if case .int = value { return nil }
            if case .double(let number) = value, number == number.rounded() { return nil }
            return mismatch(node["format"]?.stringValue ?? "int64")
        case "number":
            return value.doubleValue == nil ? mismatch("float64") : nil
        case "string":
            if case .string = value { return nil }
            return mismatch("string")
        case "boolean":
            if case .bool = value { return nil }
            return mismatch("bool")
        case "array":
            guard let items = value.arrayValue else { return nil }
            let itemSchema = schema.items
            let owner = itemSchema.goTypeName ?? goStruct
            for item in items {
                if let problem = firstMismatch(item, schema: itemSchema, path: path, goStruct: owner) { return problem }
            }
            return nil
        default:
            guard let fields = value.objectValue else { return nil }
            // Map values keep the map's path; struct fields extend it. Go names the innermost struct.
            let owner = schema.isMap ? goStruct : (schema.goTypeName ?? goStruct)
            for key in fields.keys.sorted() {
                let childPath = schema.isMap ? path : (path.isEmpty ? key : "\(path).\(key)")
                if let problem = firstMismatch(fields[key] ?? .null, schema: schema.child(key), path: childPath, goStruct: owner) {
                    return problem
                }
            }
            return nil
        }
    }

    static func jsonType(_ value: JSONValue) -> String {
        switch value {
        case .string: return "string"
        case .int, .double: return "number"
        case .bool: return "bool"
        case .array: return "array"
        case .object: return "object"
        case .null: return "null"
        }
    }
}

extension ClusterStore {
    /// Fails a write whose body would not decode into the built-in kind's Go type.
    func checkTypes(_ object: JSONValue, type: ResourceType) throws(APIError) {
        guard type.customResource == nil, type.storage == type.groupResource else { return }
        let schema = BuiltinSchemas.fieldSchema(for: type.storage)
        guard schema.node != nil else { return }
        let root = BuiltinSchemas.kinds[type.storage]?.split(separator: ".").last.map(String.init) ?? type.kind
        if let problem = TypeCheck.firstMismatch(object, schema: schema, goStruct: root) {
            throw APIError.badRequest("\(type.kind) in version \"\(type.preferredVersion)\" cannot be handled as a \(type.kind): json: \(problem)")
        }
    }
}
