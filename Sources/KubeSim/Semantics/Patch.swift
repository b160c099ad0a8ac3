import KubeModels

/// The patch algorithms of the API: JSON merge patch (RFC 7386), JSON patch (RFC 6902), strategic
/// merge patch (lists merged by key, `$patch: delete`/`replace`, `$retainKeys` ignored).
/// Server-side apply is `ServerSideApply`.
enum Patch {
    // MARK: - Merge patch

    static func merge(_ target: JSONValue, _ patch: JSONValue) -> JSONValue {
        guard case .object(let patchFields) = patch else { return patch }
        var fields = target.objectValue ?? [:]
        for (key, value) in patchFields {
            if value.isNull {
                fields[key] = nil
            } else {
                fields[key] = merge(fields[key] ?? .null, value)
            }
        }
        return .object(fields)
    }

    // MARK: - JSON patch

    static func json(_ target: JSONValue, _ operations: JSONValue) throws(APIError) -> JSONValue {
        guard let list = operations.arrayValue else {
            throw APIError(code: 400, reason: "BadRequest", message: "json: cannot unmarshal object into Go value of type jsonpatch.Patch")
        }
        var document = target
        for operation in list {
            let op = operation["op"]?.stringValue ?? ""
            let path = try pointer(operation["path"]?.stringValue)
            switch op {
            case "add":
                document = try add(document, path, operation["value"] ?? .null)
            case "remove":
                document = try remove(document, path)
            case "replace":
                _ = try get(document, path)
                document = try remove(document, path)
                document = try add(document, path, operation["value"] ?? .null)
            case "move":
                let from = try pointer(operation["from"]?.stringValue)
                let value = try get(document, from)
                document = try remove(document, from)
                document = try add(document, path, value)
            case "copy":
                let from = try pointer(operation["from"]?.stringValue)
                document = try add(document, path, try get(document, from))
            case "test":
                let value = try get(document, path)
                if value != (operation["value"] ?? .null) {
                    throw APIError(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request")
                }
            default:
                throw APIError(code: 422, reason: "Invalid", message: "Unexpected kind: \(op)")
            }
        }
        return document
    }

    private static func pointer(_ text: String?) throws(APIError) -> [String] {
        guard let text else { throw APIError.badRequest("missing path in JSON patch operation") }
        if text.isEmpty { return [] }
        return text.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    private static func pathError(_ path: [String]) -> APIError {
        APIError(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request: doc is missing path: \"/\(path.joined(separator: "/"))\"")
    }

    private static func get(_ document: JSONValue, _ path: [String]) throws(APIError) -> JSONValue {
        var current = document
        for token in path {
            switch current {
            case .object(let fields):
                guard let next = fields[token] else { throw pathError(path) }
                current = next
            case .array(let items):
                guard let index = Int(token), items.indices.contains(index) else { throw pathError(path) }
                current = items[index]
            default:
                throw pathError(path)
            }
        }
        return current
    }

    private static func add(_ document: JSONValue, _ path: [String], _ value: JSONValue) throws(APIError) -> JSONValue {
        guard let first = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch document {
        case .object(var fields):
            if rest.isEmpty {
                fields[first] = value
            } else {
                guard let child = fields[first] else { throw pathError(path) }
                fields[first] = try add(child, rest, value)
            }
            return .object(fields)
        case .array(var items):
            if rest.isEmpty {
                if first == "-" {
                    items.append(value)
                } else {
                    guard let index = Int(first), index >= 0, index <= items.count else { throw pathError(path) }
                    items.insert(value, at: index)
                }
            } else {
                guard let index = Int(first), items.indices.contains(index) else { throw pathError(path) }
                items[index] = try add(items[index], rest, value)
            }
            return .array(items)
        default:
            throw pathError(path)
        }
    }

    private static func remove(_ document: JSONValue, _ path: [String]) throws(APIError) -> JSONValue {
        guard let first = path.first else { return .null }
        let rest = Array(path.dropFirst())
        switch document {
        case .object(var fields):
            guard let child = fields[first] else { throw pathError(path) }
            fields[first] = rest.isEmpty ? nil : try remove(child, rest)
            return .object(fields)
        case .array(var items):
            guard let index = Int(first), items.indices.contains(index) else { throw pathError(path) }
            if rest.isEmpty { items.remove(at: index) } else { items[index] = try remove(items[index], rest) }
            return .array(items)
        default:
            throw pathError(path)
        }
    }

    // MARK: - Strategic merge patch

    /// Merge keys of keyed lists, by field name (the patchMergeKey of the Go types).
    static let mergeKeys: [String: String] = [
        "containers": "name", "initContainers": "name", "ephemeralContainers": "name", "env": "name",
        "volumes": "name", "volumeMounts": "mountPath", "volumeDevices": "devicePath", "imagePullSecrets": "name",
        "conditions": "type", "hostAliases": "ip", "topologySpreadConstraints": "topologyKey",
        "readinessGates": "conditionType", "ownerReferences": "uid", "containerStatuses": "name",
        "initContainerStatuses": "name", "subsets": "", "taints": "key", "addresses": "type",
        "resourceClaims": "name", "schedulingGates": "name",
    ]

    /// Lists of scalars merged as sets.
    static let setLists: Set<String> = ["finalizers"]

    static func strategic(_ target: JSONValue, _ patch: JSONValue, parentKey: String? = nil) -> JSONValue {
        guard case .object(var patchFields) = patch else { return patch }
        if patchFields["$patch"]?.stringValue == "replace" {
            patchFields["$patch"] = nil
            return .object(patchFields)
        }
        if patchFields["$patch"]?.stringValue == "delete" { return .null }
        var fields = target.objectValue ?? [:]
        var orders: [String: JSONValue] = [:]
        for (key, value) in patchFields {
            if key.hasPrefix("$setElementOrder/") {
                orders[String(key.dropFirst("$setElementOrder/".count))] = value
                continue
            }
            if key.hasPrefix("$deleteFromPrimitiveList/") {
                let field = String(key.dropFirst("$deleteFromPrimitiveList/".count))
                let removing = value.arrayValue ?? []
                if let existing = fields[field]?.arrayValue {
                    fields[field] = .array(existing.filter { !removing.contains($0) })
                }
                continue
            }
            if key == "$retainKeys" || key == "$patch" { continue }
            if value.isNull {
                fields[key] = nil
                continue
            }
            switch value {
            case .object:
                fields[key] = strategic(fields[key] ?? .null, value, parentKey: key)
                if fields[key]?.isNull == true { fields[key] = nil }
            case .array(let items):
                fields[key] = mergeList(fields[key]?.arrayValue, items, field: key, parentKey: parentKey)
            default:
                fields[key] = value
            }
        }
        _ = orders
        return .object(fields)
    }

    private static func mergeKey(for field: String, parentKey: String?, sample: JSONValue?) -> String? {
        if field == "ports" {
            // Container ports merge by containerPort, Service ports by port.
            if sample?["containerPort"] != nil { return "containerPort" }
            return "port"
        }
        if let key = mergeKeys[field], !key.isEmpty { return key }
        return nil
    }

    private static func mergeList(_ existing: [JSONValue]?, _ patch: [JSONValue], field: String, parentKey: String?) -> JSONValue {
        if setLists.contains(field) {
            var result = existing ?? []
            for item in patch where !result.contains(item) { result.append(item) }
            return .array(result)
        }
        guard let key = mergeKey(for: field, parentKey: parentKey, sample: patch.first ?? existing?.first),
            patch.allSatisfy({ $0.objectValue != nil })
        else { return .array(patch) }
        if patch.contains(where: { $0["$patch"]?.stringValue == "replace" }) {
            return .array(patch.filter { $0["$patch"] == nil })
        }
        var result = existing ?? []
        for item in patch {
            let identity = item[key]
            if let index = result.firstIndex(where: { $0[key] == identity && identity != nil }) {
                if item["$patch"]?.stringValue == "delete" {
                    result.remove(at: index)
                } else {
                    result[index] = strategic(result[index], item, parentKey: field)
                }
            } else if item["$patch"]?.stringValue != "delete" {
                var clean = item
                clean["$patch"] = nil
                result.append(clean)
            }
        }
        return .array(result)
    }
}
