import ClusterState
import Foundation
import KubeModels

/// What every analyzer reads: the cluster state, the look-back window for events, the namespace
/// scope and precomputed indexes (which pods belong to which root workload).
public struct AnalysisContext: Sendable {
    public let state: ClusterState
    /// Events older than this (relative to `state.now`) are not evidence (default 60 minutes).
    public let lookback: TimeInterval
    /// Restrict findings to these namespaces (nil: all). Cluster-scoped findings are always kept.
    public let namespaces: Set<String>?
    public let protection: ProtectionPolicy

    /// Pods grouped by their top-most controller (or themselves when bare).
    public let podsByRoot: [ObjectKey: [Pod]]
    private let rootByPodKey: [ObjectKey: ObjectKey]

    public init(
        state: ClusterState, lookback: TimeInterval = 3600, namespaces: Set<String>? = nil,
        protection: ProtectionPolicy = ProtectionPolicy()
    ) {
        self.state = state
        self.lookback = lookback
        self.namespaces = namespaces
        self.protection = protection
        var byRoot: [ObjectKey: [Pod]] = [:]
        var rootByPod: [ObjectKey: ObjectKey] = [:]
        for pod in state.pods {
            let key = ObjectKey(pod)
            let root = state.rootController(of: key)
            byRoot[root, default: []].append(pod)
            rootByPod[key] = root
        }
        podsByRoot = byRoot
        rootByPodKey = rootByPod
    }

    public var now: Date { state.now }

    public func inScope(_ namespace: String?) -> Bool {
        guard let namespaces, let namespace else { return true }
        return namespaces.contains(namespace)
    }

    public func root(of pod: Pod) -> ObjectKey {
        rootByPodKey[ObjectKey(pod)] ?? ObjectKey(pod)
    }

    /// Root of any object (ReplicaSet → Deployment, Job → CronJob, ...).
    public func root(of key: ObjectKey) -> ObjectKey {
        rootByPodKey[key] ?? state.rootController(of: key)
    }

    /// Pods that are live: not finished and not being deleted.
    public func livePods(of root: ObjectKey) -> [Pod] {
        (podsByRoot[root] ?? []).filter { pod in
            pod.metadata.deletionTimestamp == nil && !["Succeeded", "Failed"].contains(pod.status?.phase ?? "")
        }
    }

    public func recentEvents(for key: ObjectKey) -> [NormalizedEvent] {
        state.recentEvents(for: key, within: lookback)
    }

    /// Recent events about a pod with one of the given reasons, newest first.
    public func recentEvents(for pod: Pod, reasons: Set<String>) -> [NormalizedEvent] {
        recentEvents(for: ObjectKey(pod)).filter { reasons.contains($0.reason) }
    }

    /// Current availability of a workload root: (available, desired), or nil for kinds without one.
    public func availability(of root: ObjectKey) -> (available: Int, desired: Int)? {
        let namespace = root.namespace
        switch root.kind {
        case "Deployment":
            guard let deployment = state.deployment(namespace: namespace, name: root.name) else { return nil }
            return (deployment.availableReplicas, deployment.desiredReplicas)
        case "StatefulSet":
            guard let set = state.statefulSet(namespace: namespace, name: root.name) else { return nil }
            let ready = set.status?.availableReplicas ?? set.status?.readyReplicas ?? 0
            return (ready, set.spec?.replicas ?? 1)
        case "DaemonSet":
            guard let set = state.daemonSet(namespace: namespace, name: root.name) else { return nil }
            return (set.status?.numberAvailable ?? 0, set.status?.desiredNumberScheduled ?? 0)
        case "ReplicaSet":
            guard let set = state.replicaSet(namespace: namespace, name: root.name) else { return nil }
            return (set.status?.availableReplicas ?? 0, set.spec?.replicas ?? 1)
        case "Pod":
            guard let pod = state.pod(namespace: namespace, name: root.name) else { return nil }
            return (pod.isReady ? 1 : 0, 1)
        default:
            return nil
        }
    }

    /// `critical` when the workload serves nothing, `warning` when it is degraded.
    public func severity(forWorkload root: ObjectKey) -> Severity {
        guard let availability = availability(of: root) else { return .critical }
        return availability.available == 0 && availability.desired > 0 ? .critical : .warning
    }

    /// "available/desired available" text for summaries, when known.
    public func availabilityText(of root: ObjectKey) -> String? {
        guard let availability = availability(of: root) else { return nil }
        return "\(availability.available)/\(availability.desired) available"
    }

    /// One evidence line for an event: `Pod web-1: Failed x4 in 5m: message`.
    public func evidence(_ event: NormalizedEvent) -> String {
        var line = "\(event.object.kind ?? "Object") \(event.object.name ?? "?"): \(event.reason)"
        if event.count > 1 { line += " x\(event.count)" }
        if let first = event.firstSeen, let last = event.lastSeen, last > first {
            line += " in \(Age.format(last.timeIntervalSince(first)))"
        }
        if let last = event.lastSeen { line += ", last \(Age.format(now.timeIntervalSince(last))) ago" }
        return line + ": " + TerminalText.clean(event.plainMessage, limit: 300)
    }
}
