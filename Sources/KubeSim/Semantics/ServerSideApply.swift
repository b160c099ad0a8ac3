import KubeModels

/// Server-side apply as the real server does it: the applied configuration is merged into the
/// live object by schema (structs field by field, maps by key, associative lists by their keys,
/// sets as sets, atomic values replaced); fields the same manager applied before and no longer
/// applies are removed unless another manager owns them; a field another manager owns with a
/// different value is a conflict (409) unless `force` takes it over.
enum ServerSideApply {
    /// Which field paths the applier may own: status only through the status subresource.
    struct Scope: Sendable {
        var statusOnly: Bool
        var skipStatus: Bool

        func admits(_ path: FieldPath) -> Bool {
            let isStatus = path.first == .field("status")
            if statusOnly { return isStatus }
            return !(skipStatus && isStatus)
        }
    }

    /// Returns the new object (with its managed fields) or throws the conflict.
    static func apply(
        live: JSONValue?, config rawConfig: JSONValue, manager: String, force: Bool, apiVersion: String, time: JSONValue,
        schema: FieldSchema, scope: Scope
    ) throws(APIError) -> JSONValue {
        let config = stripNulls(rawConfig)
        var entries = live.map(ManagedFields.entries(of:)) ?? []
        if let live, entries.isEmpty {
            // An object nobody applied or updated with tracking yet: its fields belong to one manager.
            let owned = FieldSet(ManagedFields.fieldSet(of: live, schema: schema, skipStatus: false).paths.filter(scope.admits))
            entries.append(ManagedFieldsEntry(manager: "before-first-apply", operation: "Update", apiVersion: apiVersion, time: time, subresource: nil, fields: owned))
        }
        let applied = FieldSet(ManagedFields.fieldSet(of: config, schema: schema, skipStatus: false).paths.filter(scope.admits))
        let base = live ?? .object([:])
        var merged = merge(base, config, schema: schema)
        let subresource: String? = scope.statusOnly ? "status" : nil
        let identity = ManagedFieldsEntry(manager: manager, operation: "Apply", apiVersion: apiVersion, time: time, subresource: subresource, fields: applied)

        var conflicts: [(entry: Int, path: FieldPath)] = []
        for (index, entry) in entries.enumerated() where !entry.sameIdentity(identity) {
            for path in entry.fields.intersection(applied).paths
            where ManagedFields.isLeafChange(path, old: base, new: merged, schema: schema, set: applied) {
                conflicts.append((index, path))
            }
        }
        if !conflicts.isEmpty {
            if !force { throw conflictError(conflicts.map { (entries[$0.entry], $0.path) }) }
            for conflict in conflicts { entries[conflict.entry].fields.paths.remove(conflict.path) }
        }

        let previous = entries.first { $0.sameIdentity(identity) }?.fields ?? FieldSet()
        let others = entries.filter { !$0.sameIdentity(identity) }.reduce(FieldSet()) { $0.union($1.fields) }
        let dropped = previous.subtracting(applied).paths.sorted { $0.count < $1.count }
        for path in dropped where !others.hasMember(atOrBelow: path) && !applied.hasMember(atOrBelow: path) {
            remove(path, from: &merged, schema: schema)
        }

        if let index = entries.firstIndex(where: { $0.sameIdentity(identity) }) {
            entries[index].fields = applied
            entries[index].time = time
            entries[index].apiVersion = apiVersion
        } else {
            entries.append(identity)
        }
        ManagedFields.store(entries, in: &merged)
        return merged
    }

    /// The 409 of the real server: `Apply failed with 1 conflict: conflict with "m" using apps/v1: .spec.replicas`.
    static func conflictError(_ conflicts: [(ManagedFieldsEntry, FieldPath)]) -> APIError {
        let causes = conflicts.map { StatusCause(reason: "FieldManagerConflict", message: "conflict with \($0.0.conflictName)", field: $0.1.display) }
        let message: String
        if conflicts.count == 1, let only = conflicts.first {
            message = "Apply failed with 1 conflict: conflict with \(only.0.conflictName): \(only.1.display)"
        } else {
            var byManager: [String: [FieldPath]] = [:]
            for (entry, path) in conflicts { byManager[entry.conflictName, default: []].append(path) }
            var lines: [String] = []
            for manager in byManager.keys.sorted() {
                lines.append("conflicts with \(manager):")
                for path in (byManager[manager] ?? []).sorted(by: { $0.lexicographicallyPrecedes($1) }) { lines.append("- \(path.display)") }
            }
            message = "Apply failed with \(conflicts.count) conflicts: " + lines.joined(separator: "\n")
        }
        return APIError(code: 409, reason: "Conflict", message: message, details: StatusDetails(causes: causes))
    }

    static func stripNulls(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let fields): return .object(fields.filter { !$0.value.isNull }.mapValues(stripNulls))
        case .array(let items): return .array(items.map(stripNulls))
        default: return value
        }
    }

    /// The structural merge of an applied configuration into a live value.
    static func merge(_ live: JSONValue?, _ config: JSONValue, schema: FieldSchema) -> JSONValue {
        switch config {
        case .object(let fields):
            if schema.isAtomic { return config }
            var result = live?.objectValue ?? [:]
            for (name, value) in fields { result[name] = merge(result[name], value, schema: schema.child(name)) }
            return .object(result)
        case .array(let items):
            let existing = live?.arrayValue ?? []
            switch schema.listKind(sample: items + existing) {
            case .atomic:
                return config
            case .set:
                return .array(existing + items.filter { !existing.contains($0) })
            case .map(let keys):
                var result = existing
                for item in items {
                    guard let key = PathElement.key(of: item, keys: keys) else { return config }
                    if let index = result.firstIndex(where: { PathElement.key(of: $0, keys: keys) == key }) {
                        result[index] = merge(result[index], item, schema: schema.items)
                    } else {
                        result.append(item)
                    }
                }
                return .array(result)
            }
        default:
            return config
        }
    }

    /// Removes the value at a field path (a field, a keyed item, a set member).
    static func remove(_ path: FieldPath, from value: inout JSONValue, schema: FieldSchema) {
        guard let first = path.first else { return }
        let rest = Array(path.dropFirst())
        switch (first, value) {
        case (.field(let name), .object(var fields)):
            if rest.isEmpty {
                fields[name] = nil
            } else if var child = fields[name] {
                remove(rest, from: &child, schema: schema.child(name))
                // A list or map emptied by the removal goes with its last member.
                let emptied = child.arrayValue?.isEmpty == true || child.objectValue?.isEmpty == true
                if emptied && fields[name] != child {
                    fields.removeValue(forKey: name)
                } else {
                    fields[name] = child
                }
            }
            value = .object(fields)
        case (.key(let json), .array(var items)):
            let keys = Array(((try? JSONReader.parse(json))?.objectValue ?? [:]).keys)
            guard let index = items.firstIndex(where: { PathElement.key(of: $0, keys: keys) == .key(json) }) else { return }
            if rest.isEmpty {
                items.remove(at: index)
            } else {
                remove(rest, from: &items[index], schema: schema.items)
            }
            value = .array(items)
        case (.value(let json), .array(let items)):
            value = .array(items.filter { JSONWriter.string($0) != json })
        default:
            return
        }
    }
}
