import KubeModels

/// Placeholder while being written.
final class NamespaceController: SimController {
    let name = "NamespaceController"
    let watches: Set<GroupResource> = []
    func handle(_ change: CacheChange, manager: isolated ControllerManager) {}
    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {}
}
