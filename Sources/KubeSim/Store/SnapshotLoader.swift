import Foundation
import KubeModels

/// Seeds a store from `kubectl get -o json` output (a List or a single object): namespaces and CRDs
/// first, unknown kinds get a permissive CRD so nothing in a snapshot is lost.
public enum SnapshotLoader {
    /// Why a snapshot could not be read.
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    @discardableResult
    public static func load(file: String, into store: ClusterStore) async throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let value: JSONValue
        do { value = try JSONReader.parse(Array(data)) } catch {
            throw LoadError(description: "\(file): \(error)")
        }
        return try await load(value, into: store)
    }

    @discardableResult
    public static func load(_ value: JSONValue, into store: ClusterStore) async throws -> Int {
        let items = value["kind"]?.stringValue?.hasSuffix("List") == true ? (value["items"]?.arrayValue ?? []) : [value]
        func rank(_ object: JSONValue) -> Int {
            switch object.kindString {
            case "Namespace": return 0
            case "CustomResourceDefinition": return 1
            default: return 2
            }
        }
        var count = 0
        for object in items.sorted(by: { rank($0) < rank($1) }) {
            try await store.seed(object)
            count += 1
        }
        return count
    }
}

extension ClusterStore {
    /// Inserts or replaces an object as given (status, uid and timestamps kept), creating a missing
    /// namespace and, for an unknown kind, a permissive CRD. Admission is skipped: this is how a
    /// snapshot or a test puts the cluster into a state, however broken.
    public func seed(_ object: JSONValue) throws(APIError) {
        var type = registry.lookup(apiVersion: object.apiVersionString, kind: object.kindString)
        if type == nil {
            try seedPermissiveCRD(for: object)
            type = registry.lookup(apiVersion: object.apiVersionString, kind: object.kindString)
        }
        guard let type else { throw APIError.badRequest("no kind \(object.kindString) in \(object.apiVersionString)") }
        var obj = Conversion.toStorage(object, from: type)
        let namespace = type.namespaced ? (obj.namespace.isEmpty ? "default" : obj.namespace) : ""
        if type.namespaced {
            obj.setValue(.string(namespace), at: ["metadata", "namespace"])
            if buckets[.namespaces]?[ObjectKey(namespace: "", name: namespace)] == nil {
                try seed(Defaulted.namespace(namespace))
            }
        }
        guard !obj.name.isEmpty else { throw APIError.badRequest("object without a name") }
        var meta = obj["metadata"]?.objectValue ?? [:]
        if meta["uid"]?.stringValue?.isEmpty ?? true { meta["uid"] = .string(Metadata.newUID()) }
        if meta["creationTimestamp"] == nil { meta["creationTimestamp"] = Metadata.timestamp(clock()) }
        if meta["generation"] == nil, type.tracksGeneration || type.customResource != nil { meta["generation"] = 1 }
        obj["metadata"] = .object(meta)
        if type.storage == .customresourcedefinitions, obj["status"] == nil { obj["status"] = CustomResources.initialStatus(obj, now: clock()) }
        let key = ObjectKey(namespace: namespace, name: obj.name)
        let old = buckets[type.storage]?[key]?.object
        let stored = commit(old == nil ? .added : .modified, type.storage, key: key, object: obj, old: old)
        afterWrite(type: type, object: stored.object, old: old)
    }

    /// The plural resource name Kubernetes tooling derives from a kind.
    static func plural(of kind: String) -> String {
        let lower = kind.lowercased()
        if lower.hasSuffix("s") || lower.hasSuffix("x") || lower.hasSuffix("z") || lower.hasSuffix("ch") || lower.hasSuffix("sh") {
            return lower + "es"
        }
        if lower.hasSuffix("y"), let before = lower.dropLast().last, !"aeiou".contains(before) {
            return lower.dropLast() + "ies"
        }
        return lower + "s"
    }

    func seedPermissiveCRD(for object: JSONValue) throws(APIError) {
        let apiVersion = object.apiVersionString
        let parts = apiVersion.split(separator: "/").map(String.init)
        guard parts.count == 2, !object.kindString.isEmpty else {
            throw APIError.badRequest("no kind \(object.kindString) in \(apiVersion)")
        }
        let kind = object.kindString
        let plural = Self.plural(of: kind)
        let crd: JSONValue = [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": .string("\(plural).\(parts[0])")],
            "spec": [
                "group": .string(parts[0]), "scope": object.namespace.isEmpty ? "Cluster" : "Namespaced",
                "names": ["plural": .string(plural), "singular": .string(kind.lowercased()), "kind": .string(kind), "listKind": .string(kind + "List")],
                "versions": [[
                    "name": .string(parts[1]), "served": true, "storage": true,
                    "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
                    "subresources": ["status": .object([:])],
                ]],
            ],
        ]
        try seed(crd)
    }
}
