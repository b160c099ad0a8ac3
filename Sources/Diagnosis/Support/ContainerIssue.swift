import ClusterState
import KubeModels

/// One container of one live pod in a given condition, with the root workload it belongs to:
/// the unit the container-state analyzers group by root.
public struct ContainerIssue: Sendable {
    public var root: ObjectKey
    public var pod: Pod
    public var status: ContainerStatus
    public var isInit: Bool

    public var waitingReason: String? { status.state?.waiting?.reason }
    public var waitingMessage: String? { status.state?.waiting?.message }
    public var lastTermination: ContainerState.Terminated? { status.lastState?.terminated }

    /// `Pod web-1 container web` for evidence.
    public var label: String {
        "Pod \(pod.name) \(isInit ? "init container" : "container") \(status.name)"
    }

    /// The image as the pod spec declares it (falls back to the status' image).
    public var specImage: String? {
        let containers = isInit ? (pod.spec?.initContainers ?? []) : (pod.spec?.containers ?? [])
        return containers.first { $0.name == status.name }?.image ?? status.image
    }
}

extension AnalysisContext {
    /// Container statuses of live pods in scope that satisfy `predicate`, grouped by root.
    public func containerIssues(where predicate: (ContainerStatus) -> Bool) -> [ObjectKey: [ContainerIssue]] {
        var result: [ObjectKey: [ContainerIssue]] = [:]
        for pod in state.pods where inScope(pod.namespace) && pod.metadata.deletionTimestamp == nil {
            let phase = pod.status?.phase ?? ""
            guard phase != "Succeeded" && phase != "Failed" else { continue }
            let initStatuses = pod.status?.initContainerStatuses ?? []
            let statuses = pod.status?.containerStatuses ?? []
            // Most pods are healthy: look their root up only when a container matches.
            guard initStatuses.contains(where: predicate) || statuses.contains(where: predicate) else { continue }
            let root = root(of: pod)
            for status in initStatuses where predicate(status) {
                result[root, default: []].append(ContainerIssue(root: root, pod: pod, status: status, isInit: true))
            }
            for status in statuses where predicate(status) {
                result[root, default: []].append(ContainerIssue(root: root, pod: pod, status: status, isInit: false))
            }
        }
        return result
    }
}
