import ClusterState
import KubeModels

/// Evidence for a Service selector: the workloads whose pod template it matches, and the pods
/// that miss it by exactly one label.
enum SelectorMatching {
    static func workloads(matching selector: [String: String], namespace: String?, in state: ClusterState) -> [SelectorWorkload] {
        func matches(_ template: PodTemplateSpec?) -> Bool {
            let labels = template?.metadata?.labels ?? [:]
            return selector.allSatisfy { labels[$0.key] == $0.value }
        }
        var result: [SelectorWorkload] = []
        for deployment in state.deployments where deployment.namespace == namespace && matches(deployment.spec?.template) {
            result.append(SelectorWorkload(ref: ResourceRef(ObjectKey(deployment)), desiredReplicas: deployment.desiredReplicas, readyReplicas: deployment.status?.readyReplicas ?? 0))
        }
        for set in state.statefulSets where set.namespace == namespace && matches(set.spec?.template) {
            result.append(SelectorWorkload(ref: ResourceRef(ObjectKey(set)), desiredReplicas: set.spec?.replicas ?? 1, readyReplicas: set.status?.readyReplicas ?? 0))
        }
        for set in state.daemonSets where set.namespace == namespace && matches(set.spec?.template) {
            result.append(SelectorWorkload(ref: ResourceRef(ObjectKey(set)), desiredReplicas: set.status?.desiredNumberScheduled ?? 0, readyReplicas: set.status?.numberReady ?? 0))
        }
        return result.sorted { $0.ref < $1.ref }
    }

    static func nearMisses(for selector: [String: String], namespace: String?, in state: ClusterState) -> [LabelNearMiss] {
        struct Miss: Hashable {
            var key: String
            var found: String?
        }
        var groups: [Miss: [Pod]] = [:]
        for pod in state.pods where pod.namespace == namespace {
            let labels = pod.labels
            let missing = selector.filter { labels[$0.key] != $0.value }
            guard missing.count == 1, let entry = missing.first else { continue }
            groups[Miss(key: entry.key, found: labels[entry.key]), default: []].append(pod)
        }
        return groups.map { miss, pods in
            let owners = Set(pods.map { state.rootController(of: ObjectKey($0)) }).filter { $0.kind != "Pod" }.map(ResourceRef.init).sorted()
            return LabelNearMiss(
                key: miss.key, wanted: selector[miss.key] ?? "", found: miss.found, pods: pods.count,
                examplePods: Array(pods.map(\.name).sorted().prefix(3)), owners: owners)
        }.sorted { lhs, rhs in
            // Pods that have the key with another value (a typo) before pods lacking it.
            if (lhs.found != nil) != (rhs.found != nil) { return lhs.found != nil }
            return lhs.pods != rhs.pods ? lhs.pods > rhs.pods : (lhs.key, lhs.found ?? "") < (rhs.key, rhs.found ?? "")
        }
    }
}
