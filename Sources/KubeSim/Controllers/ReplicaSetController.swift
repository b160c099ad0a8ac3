import Foundation
import KubeModels

/// The replicaset controller: keeps `spec.replicas` pods of a ReplicaSet, and its status.
///
/// Pods are created from the template (`generateName: <rs>-`, labels, controller owner reference) in
/// slow-start batches (1, 2, 4, ...) that stop at the first error. A rejected create (quota,
/// admission) is reported as a `FailedCreate` Warning event with the API's message
/// (`Error creating: pods "x" is forbidden: exceeded quota: ...`), a `ReplicaFailure` condition, and
/// a retry after the work queue's per-item exponential back-off: 5 ms doubling up to 1000 s. Any
/// update of the ReplicaSet (a status write, an annotation "nudge") retries at once, as on a real
/// cluster, where every informer update enqueues the key without the rate limiter.
final class ReplicaSetController: SimController {
    let name = "replicaset-controller"
    let watches: Set<GroupResource> = [.replicasets, .pods]
    static let source = EventSource(component: "replicaset-controller")
    static let baseDelay = 0.005
    static let maxDelay = 1000.0

    /// Consecutive failed syncs per ReplicaSet (the rate limiter's failure count).
    private(set) var failures: [ObjectKey: Int] = [:]

    func handle(_ change: CacheChange, manager: isolated ControllerManager) {
        switch change.resource {
        case .replicasets:
            manager.enqueue(self, change.key)
        default:
            for pod in [change.object, change.old].compactMap({ $0 }) {
                guard let owner = pod.controllerReference, owner["kind"]?.stringValue == "ReplicaSet",
                    let name = owner["name"]?.stringValue
                else { continue }
                manager.enqueue(self, ObjectKey(namespace: pod.namespace, name: name))
            }
        }
    }

    /// The delay before retry number `failures` (1-based).
    static func backoff(failures: Int) -> Double {
        guard failures > 0 else { return 0 }
        let exponent = min(failures - 1, 40)
        return min(baseDelay * pow(2, Double(exponent)), maxDelay)
    }

    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {
        guard let rs = manager.cache.get(.replicasets, key), !rs.isBeingDeleted else {
            failures[key] = nil
            return
        }
        let pods = manager.cache.controlled(by: rs.uid, .pods)
        let active = pods.filter(\.isActivePod)
        let desired = max(rs.specReplicas, 0)
        var failure: (reason: String, message: String)?
        if active.count < desired {
            failure = await createPods(count: min(desired - active.count, 500), for: rs, manager: manager)
        } else if active.count > desired {
            for pod in Self.deletionOrder(active).prefix(active.count - desired) {
                if let error = await manager.delete(.pods, namespace: pod.namespace, name: pod.name, uid: pod.uid) {
                    if error.code == 404 { continue }
                    await manager.event(
                        rs, type: "Warning", reason: "FailedDelete", message: "Error deleting: \(error.message)",
                        source: Self.source)
                    failure = ("FailedDelete", error.message)
                    break
                }
                await manager.event(rs, reason: "SuccessfulDelete", message: "Deleted pod: \(pod.name)", source: Self.source)
            }
        }
        await updateStatus(rs, pods: manager.cache.controlled(by: rs.uid, .pods), failure: failure, manager: manager)
        if failure != nil {
            let count = (failures[key] ?? 0) + 1
            failures[key] = count
            manager.enqueue(self, key, after: Self.backoff(failures: count))
        } else {
            failures[key] = nil
            requeueForAvailability(rs, pods: active, manager: manager)
        }
    }

    /// Creates pods in slow-start batches; returns the first failure.
    private func createPods(count: Int, for rs: JSONValue, manager: isolated ControllerManager) async
        -> (reason: String, message: String)?
    {
        var remaining = count
        var batch = 1
        let template = rs[path: "spec", "template"] ?? .object([:])
        while remaining > 0 {
            let size = min(batch, remaining)
            for _ in 0..<size {
                var attempt = 0
                while true {
                    attempt += 1
                    let podName = manager.generatedName(prefix: "\(rs.name)-")
                    let pod = SimObjects.pod(
                        from: template, name: podName, generateName: "\(rs.name)-", namespace: rs.namespace, owner: rs)
                    switch await manager.create(.pods, pod) {
                    case .success(let created):
                        await manager.event(
                            rs, reason: "SuccessfulCreate", message: "Created pod: \(created.name)", source: Self.source)
                    case .failure(let error):
                        if error.reason == "AlreadyExists", attempt < 5 { continue }
                        await manager.event(
                            rs, type: "Warning", reason: "FailedCreate", message: "Error creating: \(error.message)",
                            source: Self.source)
                        return ("FailedCreate", error.message)
                    }
                    break
                }
            }
            remaining -= size
            batch *= 2
        }
        return nil
    }

    /// The order in which surplus pods go (`ActivePodsWithRanks`): unscheduled before scheduled,
    /// pending before running, not ready before ready, more restarts first, newer first.
    static func deletionOrder(_ pods: [JSONValue]) -> [JSONValue] {
        func phaseRank(_ pod: JSONValue) -> Int {
            switch pod.podPhase {
            case "Pending": return 0
            case "Running": return 2
            default: return 1
            }
        }
        func restarts(_ pod: JSONValue) -> Int64 {
            (pod[path: "status", "containerStatuses"]?.arrayValue ?? []).reduce(0) { $0 + ($1["restartCount"]?.intValue ?? 0) }
        }
        return pods.sorted { lhs, rhs in
            let lhsKey = (lhs.nodeName.isEmpty ? 0 : 1, phaseRank(lhs), lhs.isReadyPod ? 1 : 0)
            let rhsKey = (rhs.nodeName.isEmpty ? 0 : 1, phaseRank(rhs), rhs.isReadyPod ? 1 : 0)
            if lhsKey != rhsKey { return lhsKey < rhsKey }
            if restarts(lhs) != restarts(rhs) { return restarts(lhs) > restarts(rhs) }
            let lhsTime = lhs[path: "metadata", "creationTimestamp"]?.stringValue ?? ""
            let rhsTime = rhs[path: "metadata", "creationTimestamp"]?.stringValue ?? ""
            if lhsTime != rhsTime { return lhsTime > rhsTime }
            return lhs.name > rhs.name
        }
    }

    /// Whether a ready pod has been ready for `minReadySeconds`.
    static func isAvailable(_ pod: JSONValue, minReadySeconds: Int64, now: Date) -> Bool {
        guard pod.isReadyPod else { return false }
        guard minReadySeconds > 0 else { return true }
        guard let text = pod.condition("Ready")?["lastTransitionTime"]?.stringValue, let since = KubeTime.parse(text)
        else { return false }
        return now.timeIntervalSince(since) >= Double(minReadySeconds)
    }

    private func updateStatus(
        _ rs: JSONValue, pods: [JSONValue], failure: (reason: String, message: String)?, manager: isolated ControllerManager
    ) async {
        let active = pods.filter(\.isActivePod)
        let minReady = rs[path: "spec", "minReadySeconds"]?.intValue ?? 0
        let templateLabels = rs[path: "spec", "template", "metadata", "labels"]?.objectValue ?? [:]
        let fullyLabeled = active.filter { pod in
            let labels = pod.labels
            return templateLabels.allSatisfy { labels[$0.key] == $0.value.stringValue }
        }.count
        let ready = active.filter(\.isReadyPod).count
        let available = active.filter { Self.isAvailable($0, minReadySeconds: minReady, now: manager.now) }.count
        var status: [String: JSONValue] = [
            "replicas": .int(Int64(active.count)), "fullyLabeledReplicas": .int(Int64(fullyLabeled)),
            "observedGeneration": .int(rs.generation),
        ]
        if ready > 0 { status["readyReplicas"] = .int(Int64(ready)) }
        if available > 0 { status["availableReplicas"] = .int(Int64(available)) }
        var conditions = rs[path: "status", "conditions"]?.arrayValue ?? []
        let hasFailure = conditions.contains { $0["type"]?.stringValue == "ReplicaFailure" }
        if let failure, !hasFailure {
            conditions.append([
                "type": "ReplicaFailure", "status": "True", "lastTransitionTime": SimObjects.time(manager.now),
                "reason": .string(failure.reason), "message": .string(failure.message),
            ])
        } else if failure == nil, hasFailure {
            conditions.removeAll { $0["type"]?.stringValue == "ReplicaFailure" }
        }
        if !conditions.isEmpty { status["conditions"] = .array(conditions) }
        let newStatus = JSONValue.object(status)
        guard rs["status"] != newStatus else { return }
        await manager.writeStatus(.replicasets, rs, status: newStatus)
    }

    private func requeueForAvailability(_ rs: JSONValue, pods: [JSONValue], manager: isolated ControllerManager) {
        let minReady = rs[path: "spec", "minReadySeconds"]?.intValue ?? 0
        guard minReady > 0 else { return }
        for pod in pods where pod.isReadyPod && !Self.isAvailable(pod, minReadySeconds: minReady, now: manager.now) {
            guard let text = pod.condition("Ready")?["lastTransitionTime"]?.stringValue, let since = KubeTime.parse(text)
            else { continue }
            manager.enqueue(self, ObjectKey(namespace: rs.namespace, name: rs.name), at: since.addingTimeInterval(Double(minReady)))
        }
    }
}
