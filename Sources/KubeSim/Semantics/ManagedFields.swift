import Foundation
import KubeModels

/// `metadata.managedFields` as the real server keeps it: one entry per manager, operation
/// (`Apply` or `Update`), subresource and (for updates) API version, each owning a set of fields.
///
/// Exists so server-side apply can remove fields a manager stopped applying and report conflicts
/// with other managers, and so `kubectl` sees the same bookkeeping a real cluster shows.
struct ManagedFieldsEntry: Equatable, Sendable {
    var manager: String
    var operation: String
    var apiVersion: String
    var time: JSONValue?
    var subresource: String?
    var fields: FieldSet

    var isApply: Bool { operation == "Apply" }

    /// Whether `other` is the same manager identity (the entry to replace).
    func sameIdentity(_ other: ManagedFieldsEntry) -> Bool {
        manager == other.manager && operation == other.operation && subresource == other.subresource
            && (isApply || apiVersion == other.apiVersion)
    }

    /// How conflict messages name the manager (`"kubectl-client-side-apply" using apps/v1`).
    var conflictName: String {
        var text = "\"\(manager)\""
        if let subresource, !subresource.isEmpty { text += " with subresource \"\(subresource)\"" }
        if !isApply { text += " using \(apiVersion)" }
        return text
    }

    var json: JSONValue {
        var entry: [String: JSONValue] = [
            "manager": .string(manager), "operation": .string(operation), "apiVersion": .string(apiVersion),
            "fieldsType": "FieldsV1", "fieldsV1": fields.fieldsV1,
        ]
        if let time { entry["time"] = time }
        if let subresource, !subresource.isEmpty { entry["subresource"] = .string(subresource) }
        return .object(entry)
    }

    init(manager: String, operation: String, apiVersion: String, time: JSONValue?, subresource: String?, fields: FieldSet) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.subresource = subresource
        self.fields = fields
    }

    init?(json: JSONValue) {
        guard let manager = json["manager"]?.stringValue else { return nil }
        self.manager = manager
        operation = json["operation"]?.stringValue ?? "Update"
        apiVersion = json["apiVersion"]?.stringValue ?? ""
        time = json["time"]
        subresource = json["subresource"]?.stringValue
        fields = FieldSet(fieldsV1: json["fieldsV1"])
    }
}

enum ManagedFields {
    /// Fields no manager owns: identity and server-owned metadata.
    static let ignoredPaths: Set<FieldPath> = [
        [.field("apiVersion")], [.field("kind")], [.field("metadata"), .field("name")], [.field("metadata"), .field("namespace")],
        [.field("metadata"), .field("uid")], [.field("metadata"), .field("resourceVersion")], [.field("metadata"), .field("generation")],
        [.field("metadata"), .field("creationTimestamp")], [.field("metadata"), .field("managedFields")],
        [.field("metadata"), .field("selfLink")], [.field("metadata"), .field("deletionTimestamp")],
        [.field("metadata"), .field("deletionGracePeriodSeconds")],
    ]

    static func entries(of object: JSONValue) -> [ManagedFieldsEntry] {
        (object[path: "metadata", "managedFields"]?.arrayValue ?? []).compactMap(ManagedFieldsEntry.init(json:))
    }

    static func store(_ entries: [ManagedFieldsEntry], in object: inout JSONValue) {
        let kept = entries.filter { !$0.fields.isEmpty }
        let value: JSONValue? = kept.isEmpty ? .none : .some(.array(kept.map(\.json)))
        object.setValue(value, at: ["metadata", "managedFields"])
    }

    /// The set of fields a value sets: leaves, map and list-item nodes (not struct nodes).
    static func fieldSet(of value: JSONValue, schema: FieldSchema, skipStatus: Bool) -> FieldSet {
        var result: Set<FieldPath> = []
        collect(value, schema: schema, path: [], into: &result)
        result.subtract(ignoredPaths)
        if skipStatus { result = result.filter { $0.first != .field("status") } }
        return FieldSet(result)
    }

    static func collect(_ value: JSONValue, schema: FieldSchema, path: FieldPath, into result: inout Set<FieldPath>) {
        switch value {
        case .object(let fields):
            if schema.isAtomic || (fields.isEmpty && !path.isEmpty) {
                result.insert(path)
                return
            }
            if schema.isMap, !path.isEmpty { result.insert(path) }
            for (name, child) in fields {
                if path.isEmpty, name == "metadata" {
                    collectMetadata(child, into: &result)
                    continue
                }
                collect(child, schema: schema.child(name), path: path + [.field(name)], into: &result)
            }
        case .array(let items):
            switch schema.listKind(sample: items) {
            case .atomic:
                result.insert(path)
            case .set:
                if items.isEmpty { result.insert(path) }
                for item in items { result.insert(path + [.value(JSONWriter.string(item))]) }
            case .map(let keys):
                if items.isEmpty { result.insert(path) }
                for item in items {
                    guard let key = PathElement.key(of: item, keys: keys) else {
                        result.insert(path)
                        continue
                    }
                    let itemPath = path + [key]
                    result.insert(itemPath)
                    collect(item, schema: schema.items, path: itemPath, into: &result)
                }
            }
        default:
            if !path.isEmpty { result.insert(path) }
        }
    }

    private static func collectMetadata(_ metadata: JSONValue, into result: inout Set<FieldPath>) {
        let base: FieldPath = [.field("metadata")]
        for (name, child) in metadata.objectValue ?? [:] {
            switch name {
            case "labels", "annotations":
                let path = base + [.field(name)]
                result.insert(path)
                for key in (child.objectValue ?? [:]).keys { result.insert(path + [.field(key)]) }
            case "finalizers":
                for item in child.arrayValue ?? [] { result.insert(base + [.field(name), .value(JSONWriter.string(item))]) }
            case "ownerReferences":
                for item in child.arrayValue ?? [] {
                    guard let key = PathElement.key(of: item, keys: ["uid"]) else { continue }
                    result.insert(base + [.field(name), key])
                    for field in (item.objectValue ?? [:]).keys { result.insert(base + [.field(name), key, .field(field)]) }
                }
            default:
                result.insert(base + [.field(name)])
            }
        }
    }

    /// The value at a field path, or nil.
    static func value(at path: FieldPath, in object: JSONValue, schema: FieldSchema) -> JSONValue? {
        var current: JSONValue? = object
        var node = schema
        for element in path {
            guard let value = current else { return nil }
            switch element {
            case .field(let name):
                current = value[name]
                node = node.child(name)
            case .key(let json):
                let wanted = (try? JSONReader.parse(json))?.objectValue ?? [:]
                current = value.arrayValue?.first { item in
                    PathElement.key(of: item, keys: Array(wanted.keys)) == .key(json)
                }
                node = node.items
            case .value(let json):
                current = value.arrayValue?.first { JSONWriter.string($0) == json }
            case .index(let index):
                current = value.arrayValue.flatMap { $0.indices.contains(index) ? $0[index] : nil }
                node = node.items
            }
        }
        return current
    }

    /// An Update (create, PUT, non-apply PATCH): the manager takes ownership of every field whose
    /// value it changed; fields it removed leave every manager's set.
    static func recordUpdate(
        old: JSONValue?, new: inout JSONValue, manager: String?, apiVersion: String, subresource: String?, time: JSONValue,
        schema: FieldSchema, skipStatus: Bool
    ) {
        var entries = old.map(entries(of:)) ?? []
        guard manager != nil || !entries.isEmpty else {
            new.setValue(nil, at: ["metadata", "managedFields"])
            return
        }
        let newSet = fieldSet(of: new, schema: schema, skipStatus: skipStatus)
        let oldSet = old.map { fieldSet(of: $0, schema: schema, skipStatus: skipStatus) } ?? FieldSet()
        let removed = oldSet.subtracting(newSet)
        var changed = newSet.subtracting(oldSet)
        if let old {
            for path in newSet.intersection(oldSet).paths where isLeafChange(path, old: old, new: new, schema: schema, set: newSet) {
                changed.paths.insert(path)
            }
        }
        for index in entries.indices {
            entries[index].fields = entries[index].fields.subtracting(removed)
            if manager != nil { entries[index].fields = entries[index].fields.subtracting(changed) }
        }
        if let manager, !changed.isEmpty {
            let identity = ManagedFieldsEntry(
                manager: manager, operation: "Update", apiVersion: apiVersion, time: time, subresource: subresource, fields: changed)
            if let index = entries.firstIndex(where: { $0.sameIdentity(identity) }) {
                entries[index].fields = entries[index].fields.union(changed)
                entries[index].time = time
            } else {
                entries.append(identity)
            }
        }
        store(entries, in: &new)
    }

    /// Whether the value at a member path changed, for leaves (nodes with owned children change
    /// through their children).
    static func isLeafChange(_ path: FieldPath, old: JSONValue, new: JSONValue, schema: FieldSchema, set: FieldSet) -> Bool {
        let before = value(at: path, in: old, schema: schema)
        let after = value(at: path, in: new, schema: schema)
        if before == after { return false }
        let hasChildren = set.paths.contains { $0.count > path.count && Array($0.prefix(path.count)) == path }
        return !hasChildren
    }
}
