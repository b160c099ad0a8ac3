import Foundation
import KubeModels

extension ClusterStore {
    /// DELETE: honours preconditions, finalizers, graceful pod termination, namespace termination and
    /// cascading deletion by owner references (background, foreground, orphan).
    @discardableResult
    public func delete(
        _ resource: GroupResource, namespace: String? = nil, name: String, options: DeleteOptions = DeleteOptions(),
        version: String? = nil
    ) throws(APIError) -> DeleteOutcome {
        let type = try resolve(resource)
        guard !type.isVirtual else { throw APIError.methodNotAllowed() }
        let key = ObjectKey(namespace: type.namespaced ? namespace ?? "" : "", name: name)
        guard let current = buckets[type.storage]?[key] else { throw APIError.notFound(resource, name) }
        var obj = current.object
        if let uid = options.preconditionUID, !uid.isEmpty, uid != obj.uid {
            throw APIError.conflict(
                resource, name, "Precondition failed: UID in precondition: \(uid), UID in object meta: \(obj.uid)")
        }
        if let rv = options.preconditionResourceVersion, !rv.isEmpty, rv != String(current.resourceVersion) {
            throw APIError.conflict(
                resource, name,
                "Precondition failed: ResourceVersion in precondition: \(rv), ResourceVersion in object meta: \(current.resourceVersion)")
        }
        let shown = { (object: JSONValue) in Conversion.present(object, as: type, version: version) }
        if options.dryRun { return DeleteOutcome(object: shown(obj), removed: false) }
        let now = clock()
        let policy = options.propagationPolicy ?? .background

        if type.storage == .namespaces {
            if !obj.hasDeletionTimestamp {
                obj.setValue(Metadata.timestamp(now), at: ["metadata", "deletionTimestamp"])
                obj.setValue(0, at: ["metadata", "deletionGracePeriodSeconds"])
                obj.setValue("Terminating", at: ["status", "phase"])
                obj = commit(.modified, .namespaces, key: key, object: obj, old: current.object).object
                deleteNamespaceContents(name)
            }
            let removed = tryFinalizeNamespace(name)
            return DeleteOutcome(object: shown(removed ?? obj), removed: removed != nil)
        }

        // Finalizers the propagation policy asks for.
        var finalizers = obj.finalizers
        if policy == .foreground, !dependents(of: obj.uid).isEmpty, !finalizers.contains("foregroundDeletion") {
            finalizers.append("foregroundDeletion")
        }
        if policy == .orphan { orphanDependents(of: obj.uid) }

        if type.storage == .pods {
            let grace = options.gracePeriodSeconds ?? obj[path: "spec", "terminationGracePeriodSeconds"]?.intValue ?? 30
            let bound = !(obj[path: "spec", "nodeName"]?.stringValue ?? "").isEmpty
            let finished = ["Succeeded", "Failed"].contains(obj[path: "status", "phase"]?.stringValue ?? "")
            if bound, grace > 0, !finished, configuration.podTermination == .awaitKubelet {
                let existing = obj[path: "metadata", "deletionGracePeriodSeconds"]?.intValue
                if existing == nil || grace < (existing ?? 0) {
                    obj.setValue(.string(KubeTime.format(now.addingTimeInterval(Double(grace)))), at: ["metadata", "deletionTimestamp"])
                    obj.setValue(.int(grace), at: ["metadata", "deletionGracePeriodSeconds"])
                    obj.setValue(.array(finalizers.map { .string($0) }), at: ["metadata", "finalizers"])
                    let stored = commit(.modified, .pods, key: key, object: obj, old: current.object)
                    recomputeQuotas(namespace: key.namespace)
                    if let hook = podTerminationHook {
                        let object = stored.object
                        Task { await hook(object) }
                    }
                    return DeleteOutcome(object: shown(stored.object), removed: false)
                }
                return DeleteOutcome(object: shown(obj), removed: false)
            }
        }

        if !finalizers.isEmpty {
            if obj.hasDeletionTimestamp && finalizers == obj.finalizers {
                return DeleteOutcome(object: shown(obj), removed: false)
            }
            if !obj.hasDeletionTimestamp {
                obj.setValue(Metadata.timestamp(now), at: ["metadata", "deletionTimestamp"])
                obj.setValue(0, at: ["metadata", "deletionGracePeriodSeconds"])
            }
            obj.setValue(.array(finalizers.map { .string($0) }), at: ["metadata", "finalizers"])
            let stored = commit(.modified, type.storage, key: key, object: obj, old: current.object)
            if finalizers.contains("foregroundDeletion") {
                for dependent in dependents(of: obj.uid) {
                    _ = try? deleteStored(dependent.resource, key: dependent.key, policy: .foreground)
                }
                if let removed = checkForegroundOwner(uid: obj.uid) {
                    return DeleteOutcome(object: shown(removed), removed: true)
                }
            }
            if type.storage == .pods { recomputeQuotas(namespace: key.namespace) }
            return DeleteOutcome(object: shown(buckets[type.storage]?[key]?.object ?? stored.object), removed: false)
        }
        let removed = removeNow(type.storage, key: key, object: obj)
        return DeleteOutcome(object: shown(removed.object), removed: true)
    }

    /// Whether a pod must wait for its kubelet before it may be removed.
    func awaitingKubelet(type: ResourceType, object: JSONValue) -> Bool {
        guard type.storage == .pods, configuration.podTermination == .awaitKubelet else { return false }
        let bound = !(object[path: "spec", "nodeName"]?.stringValue ?? "").isEmpty
        let grace = object[path: "metadata", "deletionGracePeriodSeconds"]?.intValue ?? 0
        let finished = ["Succeeded", "Failed"].contains(object[path: "status", "phase"]?.stringValue ?? "")
        return bound && grace > 0 && !finished
    }

    /// Internal delete by storage key (cascades), ignoring errors of already-gone objects.
    func deleteStored(_ storage: GroupResource, key: ObjectKey, policy: PropagationPolicy) throws(APIError) {
        guard let type = registry.all.first(where: { $0.storage == storage && $0.groupResource == storage }) else { return }
        _ = try delete(type.groupResource, namespace: key.namespace, name: key.name, options: DeleteOptions(propagationPolicy: policy))
    }

    /// Removes an object for good and runs what follows: garbage collection of dependents, owners
    /// waiting in foreground, namespaces waiting to finish, quotas, CRD teardown.
    @discardableResult
    func removeNow(_ storage: GroupResource, key: ObjectKey, object: JSONValue) -> StoredObject {
        let old = buckets[storage]?[key]?.object
        let removed = commit(.deleted, storage, key: key, object: object, old: old)
        let uid = object.uid
        // Background garbage collection.
        for dependent in dependents(of: uid) {
            guard let stored = buckets[dependent.resource]?[dependent.key] else { continue }
            let remainingOwners = stored.object.ownerReferences.filter { reference in
                let ownerUID = reference["uid"]?.stringValue ?? ""
                return ownerUID != uid && uidExists(ownerUID)
            }
            if remainingOwners.isEmpty {
                if stored.object.hasDeletionTimestamp { continue }
                try? deleteStored(dependent.resource, key: dependent.key, policy: .background)
            } else {
                var updated = stored.object
                updated.setValue(.array(remainingOwners), at: ["metadata", "ownerReferences"])
                commit(.modified, dependent.resource, key: dependent.key, object: updated, old: stored.object)
            }
        }
        for reference in object.ownerReferences {
            if let ownerUID = reference["uid"]?.stringValue { _ = checkForegroundOwner(uid: ownerUID) }
        }
        if storage == .customresourcedefinitions { tearDownCustomResource(object) }
        if !key.namespace.isEmpty {
            if quotaTracks(storage, namespace: key.namespace) || storage == .pods { recomputeQuotas(namespace: key.namespace) }
            if buckets[.namespaces]?[ObjectKey(namespace: "", name: key.namespace)]?.object.hasDeletionTimestamp == true {
                _ = tryFinalizeNamespace(key.namespace)
            }
        }
        return removed
    }

    /// An owner deleted in foreground goes once its dependents are gone.
    func checkForegroundOwner(uid: String) -> JSONValue? {
        guard let location = uidLocation(uid), let stored = buckets[location.resource]?[location.key] else { return nil }
        let object = stored.object
        guard object.hasDeletionTimestamp, object.finalizers.contains("foregroundDeletion"),
            dependents(of: uid).isEmpty
        else { return nil }
        var updated = object
        let remaining = object.finalizers.filter { $0 != "foregroundDeletion" }
        updated.setValue(remaining.isEmpty ? nil : .array(remaining.map { .string($0) }), at: ["metadata", "finalizers"])
        if remaining.isEmpty {
            return removeNow(location.resource, key: location.key, object: updated).object
        }
        commit(.modified, location.resource, key: location.key, object: updated, old: object)
        return nil
    }

    func orphanDependents(of uid: String) {
        for dependent in dependents(of: uid) {
            guard let stored = buckets[dependent.resource]?[dependent.key] else { continue }
            var updated = stored.object
            let remaining = stored.object.ownerReferences.filter { $0["uid"]?.stringValue != uid }
            updated.setValue(remaining.isEmpty ? nil : .array(remaining), at: ["metadata", "ownerReferences"])
            commit(.modified, dependent.resource, key: dependent.key, object: updated, old: stored.object)
        }
    }

    /// Objects whose owner references name `uid`, from the owner index (no scan), in key order.
    func dependents(of uid: String) -> [(resource: GroupResource, key: ObjectKey)] {
        guard !uid.isEmpty, let locations = dependentsIndex[uid] else { return [] }
        return locations.sorted { $0.key == $1.key ? $0.resource < $1.resource : $0.key < $1.key }.map { ($0.resource, $0.key) }
    }

    func uidLocation(_ uid: String) -> (resource: GroupResource, key: ObjectKey)? {
        guard !uid.isEmpty else { return nil }
        return uidIndex[uid]
    }

    func uidExists(_ uid: String) -> Bool { uidLocation(uid) != nil }

    func deleteNamespaceContents(_ namespace: String) {
        let namespacedStorages = Set(registry.all.filter { $0.namespaced && $0.storage == $0.groupResource }.map(\.storage))
        for storage in namespacedStorages.sorted() {
            for key in orderedKeys(storage) where key.namespace == namespace {
                try? deleteStored(storage, key: key, policy: .background)
            }
        }
    }

    /// Removes a terminating namespace once nothing is left in it.
    func tryFinalizeNamespace(_ namespace: String) -> JSONValue? {
        let key = ObjectKey(namespace: "", name: namespace)
        guard let stored = buckets[.namespaces]?[key], stored.object.hasDeletionTimestamp else { return nil }
        for (storage, bucket) in buckets where storage != .namespaces {
            if bucket.keys.contains(where: { $0.namespace == namespace }) { return nil }
        }
        guard stored.object.finalizers.isEmpty else { return nil }
        var final = stored.object
        final.setValue(.array([]), at: ["spec", "finalizers"])
        return removeNow(.namespaces, key: key, object: final).object
    }

    /// Admission: the namespace of a namespaced create must exist and not be terminating.
    func admitNamespace(_ namespace: String) throws(APIError) {
        guard let stored = buckets[.namespaces]?[ObjectKey(namespace: "", name: namespace)] else {
            throw APIError.notFound(.namespaces, namespace)
        }
        if stored.object.hasDeletionTimestamp {
            throw APIError(
                code: 403, reason: "Forbidden",
                message: "unable to create new content in namespace \(namespace) because it is being terminated",
                details: StatusDetails(name: namespace, kind: "namespaces"))
        }
    }
}
