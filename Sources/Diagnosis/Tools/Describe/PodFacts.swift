import KubeModels

/// Readiness, restarts and trouble reasons of a pod, as `kubectl get pods` shows them.
struct PodFacts {
    let pod: Pod

    var readyText: String {
        let statuses = pod.status?.containerStatuses ?? []
        let total = max(statuses.count, pod.spec?.containers.count ?? 0)
        return "\(statuses.filter { $0.ready == true }.count)/\(total)"
    }

    var restarts: Int { pod.allContainerStatuses.reduce(0) { $0 + ($1.restartCount ?? 0) } }

    var isTerminating: Bool { pod.metadata.deletionTimestamp != nil }

    /// `Terminating`, the pod-level reason (`Evicted`), or the phase.
    var statusText: String {
        if isTerminating { return "Terminating" }
        if let reason = pod.status?.reason, !reason.isEmpty { return reason }
        if let waiting = pod.allContainerStatuses.lazy.compactMap({ $0.state?.waiting?.reason }).first { return waiting }
        return pod.status?.phase ?? "Unknown"
    }

    /// Per container: `web: ImagePullBackOff`, `init migrate: CrashLoopBackOff (last: Error, exit 1)`.
    var reasons: [String] {
        var result: [String] = []
        let initNames = Set((pod.status?.initContainerStatuses ?? []).map(\.name))
        for status in pod.allContainerStatuses {
            var parts: [String] = []
            if let reason = status.state?.waiting?.reason { parts.append(reason) }
            if let terminated = status.state?.terminated, terminated.reason != "Completed" || (terminated.exitCode ?? 0) != 0 {
                parts.append("\(terminated.reason ?? "Terminated") (exit \(terminated.exitCode.map(String.init) ?? "?"))")
            }
            if let last = status.lastState?.terminated, (status.restartCount ?? 0) > 0 {
                parts.append("last: \(last.reason ?? "Terminated"), exit \(last.exitCode.map(String.init) ?? "?")")
            }
            guard !parts.isEmpty else { continue }
            let label = initNames.contains(status.name) ? "init \(status.name)" : status.name
            result.append("\(label): " + parts.joined(separator: "; "))
        }
        return result
    }

    /// Conditions that are not True, with their reason (`PodScheduled=False Unschedulable: ...`).
    var failingConditions: [String] {
        (pod.status?.conditions ?? []).filter { $0.status != "True" }.map { condition in
            var text = "\(condition.type)=\(condition.status)"
            if let reason = condition.reason, !reason.isEmpty { text += " \(reason)" }
            if let message = condition.message, !message.isEmpty { text += ": \(message)" }
            return text
        }
    }

    var images: [String] {
        ((pod.spec?.initContainers ?? []) + (pod.spec?.containers ?? [])).compactMap(\.image)
    }

    var claimNames: [String] { (pod.spec?.volumes ?? []).compactMap { $0.persistentVolumeClaim?.claimName } }
}

extension Array where Element == Condition {
    /// `Available=False (MinimumReplicasUnavailable), Progressing=True (NewReplicaSetAvailable)`.
    var summaryText: String {
        map { condition in
            condition.reason.map { "\(condition.type)=\(condition.status) (\($0))" } ?? "\(condition.type)=\(condition.status)"
        }.joined(separator: ", ")
    }
}

extension PodTemplateSpec {
    var images: [String] { ((spec?.initContainers ?? []) + (spec?.containers ?? [])).compactMap(\.image) }
}
