import Foundation
import KubeModels

/// The namespace controller: a namespace being deleted has its contents deleted, then goes.
///
/// The store already deletes a namespace's contents when the namespace is deleted; what remains are
/// pods waiting for their kubelet to confirm termination (forever on a lost node) and objects
/// created meanwhile. The controller keeps deleting those, reports what remains in the real
/// conditions (`NamespaceContentRemaining`: `Some resources are remaining: pods. has 1 resource
/// instances`), and removes the namespace once it is empty.
final class NamespaceController: SimController {
    let name = "namespace-controller"
    let watches: Set<GroupResource> = [.namespaces]

    func handle(_ change: CacheChange, manager: isolated ControllerManager) {
        if change.type != .deleted, change.object.isBeingDeleted {
            manager.enqueue(self, ObjectKey(namespace: "", name: change.object.name))
        }
    }

    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {
        guard let namespace = manager.cache.get(.namespaces, "", key.name), namespace.isBeingDeleted else { return }
        if await manager.store.finishNamespaceDeletion(key.name) { return }
        let remaining = await manager.store.remainingContents(of: key.name)
        guard !remaining.isEmpty else {
            manager.enqueue(self, key, after: 5)
            return
        }
        let now = manager.now
        let resources = remaining.map(\.resource.description).joined(separator: ", ")
        let counts = remaining.map { "\($0.resource.description) has \($0.names.count) resource instances" }.joined(separator: ", ")
        var conditions = namespace[path: "status", "conditions"]?.arrayValue ?? []
        SimObjects.setCondition(&conditions, type: "NamespaceDeletionDiscoveryFailure", status: "False", reason: "ResourcesDiscovered", message: "All resources successfully discovered", now: now)
        SimObjects.setCondition(&conditions, type: "NamespaceDeletionGroupVersionParsingFailure", status: "False", reason: "ParsedGroupVersions", message: "All legacy kube types successfully parsed", now: now)
        SimObjects.setCondition(&conditions, type: "NamespaceDeletionContentFailure", status: "False", reason: "ContentDeleted", message: "All content successfully deleted, may be waiting on finalization", now: now)
        SimObjects.setCondition(&conditions, type: "NamespaceContentRemaining", status: "True", reason: "SomeResourcesRemain", message: "Some resources are remaining: \(counts)", now: now)
        SimObjects.setCondition(&conditions, type: "NamespaceFinalizersRemaining", status: "False", reason: "ContentHasNoFinalizers", message: "All content-preserving finalizers finished", now: now)
        var status = namespace["status"] ?? .object([:])
        status["conditions"] = .array(conditions)
        if status != namespace["status"] { await manager.writeStatus(.namespaces, namespace, status: status) }
        _ = resources
        manager.enqueue(self, key, after: 5)
    }
}
