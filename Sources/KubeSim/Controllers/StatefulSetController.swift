import KubeModels

/// Placeholder while being written.
final class StatefulSetController: SimController {
    let name = "StatefulSetController"
    let watches: Set<GroupResource> = []
    func handle(_ change: CacheChange, manager: isolated ControllerManager) {}
    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {}
}
