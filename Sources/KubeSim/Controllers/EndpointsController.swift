import KubeModels

/// Placeholder while being written.
final class EndpointsController: SimController {
    let name = "EndpointsController"
    let watches: Set<GroupResource> = []
    func handle(_ change: CacheChange, manager: isolated ControllerManager) {}
    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {}
}
