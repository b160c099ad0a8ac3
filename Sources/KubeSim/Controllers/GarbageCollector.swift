import Foundation
import KubeModels

/// The garbage collector, for what the store's synchronous cascade cannot see: objects created with
/// owner references to owners that do not exist (or no longer exist under that uid). An object all
/// of whose owners are gone is deleted in the background; one that still has an owner loses the
/// dangling references.
final class GarbageCollector: SimController {
    let name = "garbagecollector"
    let watches: Set<GroupResource> = [
        .pods, .replicasets, .services, .configmaps, .secrets, SimResource.endpointslices, SimResource.jobs,
        SimResource.persistentvolumeclaims, .deployments, .statefulsets, .daemonsets,
    ]

    func handle(_ change: CacheChange, manager: isolated ControllerManager) {
        guard change.type != .deleted, !change.object.ownerReferences.isEmpty, !change.object.isBeingDeleted else { return }
        manager.enqueue(self, ObjectKey(namespace: change.object.namespace, name: "\(change.resource.description)/\(change.object.name)"))
    }

    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {
        guard let slash = key.name.firstIndex(of: "/") else { return }
        let resourceText = String(key.name[..<slash])
        let name = String(key.name[key.name.index(after: slash)...])
        let parts = resourceText.split(separator: ".", maxSplits: 1).map(String.init)
        let resource = GroupResource(group: parts.count > 1 ? parts[1] : "", resource: parts[0])
        guard let object = manager.cache.get(resource, key.namespace, name), !object.isBeingDeleted else { return }
        var remaining: [JSONValue] = []
        for reference in object.ownerReferences {
            let uid = reference["uid"]?.stringValue ?? ""
            if manager.cache.object(uid: uid) != nil {
                remaining.append(reference)
            } else if await manager.store.hasObject(uid: uid) {
                remaining.append(reference)
            }
        }
        if remaining.count == object.ownerReferences.count { return }
        if remaining.isEmpty {
            await manager.delete(resource, namespace: key.namespace, name: name, uid: object.uid, propagation: .background)
        } else {
            await manager.patch(resource, namespace: key.namespace, name: name, ["metadata": ["ownerReferences": .array(remaining)]])
        }
    }
}
