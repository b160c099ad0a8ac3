import Foundation
import KubeModels

extension ClusterStore {
    /// Makes the store stamp server-set times (creation and deletion timestamps, managed fields,
    /// quota accounting of terminating pods) from the simulation's clock, so that everything in the
    /// API shares one timeline.
    public func setClock(_ now: @escaping @Sendable () -> Date) {
        clock = now
    }

    /// The store's current time.
    public var now: Date { clock() }

    /// Subscribes to the change feed and returns, in the same step, every stored object of the given
    /// resources and the revision they are at: an informer's LIST then WATCH without a gap.
    func subscribeWithSnapshot(_ resources: Set<GroupResource>)
        -> (changes: AsyncStream<StoreChange>, objects: [GroupResource: [StoredObject]], revision: UInt64)
    {
        let stream = changes()
        var objects: [GroupResource: [StoredObject]] = [:]
        for resource in resources {
            guard let bucket = buckets[resource] else { continue }
            objects[resource] = orderedKeys(resource).compactMap { bucket[$0] }
        }
        return (stream, objects, revision)
    }

    /// Every object of every stored kind (events included, secrets without values) as one
    /// `kubectl get -o json`-style `v1 List`, the shape `kars-sre diagnose --snapshot` reads.
    public func snapshotList() -> JSONValue {
        var items: [JSONValue] = []
        let types = registry.all.filter { !$0.isVirtual && $0.storage == $0.groupResource }
        for type in types.sorted(by: { $0.groupResource < $1.groupResource }) {
            guard let bucket = buckets[type.storage] else { continue }
            for key in orderedKeys(type.storage) {
                guard var object = bucket[key]?.object else { continue }
                if type.storage == .secrets {
                    object["data"] = nil
                    object["stringData"] = nil
                }
                object.setValue(nil, at: ["metadata", "managedFields"])
                items.append(object)
            }
        }
        return ["apiVersion": "v1", "kind": "List", "metadata": ["resourceVersion": ""], "items": .array(items)]
    }

    /// What is left in a namespace, by resource (storage form), sorted.
    func remainingContents(of namespace: String) -> [(resource: GroupResource, names: [String])] {
        var result: [(GroupResource, [String])] = []
        for (storage, bucket) in buckets where storage != .namespaces {
            let names = bucket.keys.filter { $0.namespace == namespace }.map(\.name).sorted()
            if !names.isEmpty { result.append((storage, names)) }
        }
        return result.sorted { $0.0 < $1.0 }
    }

    /// Whether an object with this uid is stored.
    func hasObject(uid: String) -> Bool { !uid.isEmpty && uidIndex[uid] != nil }

    /// Deletes a terminating namespace's leftovers and removes it once empty (what the namespace
    /// controller's finalizer does).
    func finishNamespaceDeletion(_ namespace: String) -> Bool {
        deleteNamespaceContents(namespace)
        return tryFinalizeNamespace(namespace) != nil
    }
}
