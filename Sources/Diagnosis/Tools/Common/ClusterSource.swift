import ClusterState

/// A Kubernetes kind a tool reads, as API discovery names it, so a live loader can LIST exactly
/// the kinds a tool needs.
public struct KindRequirement: Hashable, Sendable, Codable, CustomStringConvertible {
    /// API group, empty for the core group.
    public var group: String
    public var version: String
    public var kind: String
    /// The resource name used in URLs (`pods`, `deployments`).
    public var plural: String
    public var namespaced: Bool

    public init(group: String, version: String, kind: String, plural: String, namespaced: Bool = true) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.namespaced = namespaced
    }

    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    public var description: String { group.isEmpty ? plural : "\(plural).\(group)" }

    public static let pods = KindRequirement(group: "", version: "v1", kind: "Pod", plural: "pods")
    public static let services = KindRequirement(group: "", version: "v1", kind: "Service", plural: "services")
    public static let nodes = KindRequirement(group: "", version: "v1", kind: "Node", plural: "nodes", namespaced: false)
    public static let events = KindRequirement(group: "", version: "v1", kind: "Event", plural: "events")
    public static let eventsV1 = KindRequirement(group: "events.k8s.io", version: "v1", kind: "Event", plural: "events")
    public static let persistentVolumeClaims = KindRequirement(group: "", version: "v1", kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims")
    public static let deployments = KindRequirement(group: "apps", version: "v1", kind: "Deployment", plural: "deployments")
    public static let replicaSets = KindRequirement(group: "apps", version: "v1", kind: "ReplicaSet", plural: "replicasets")
    public static let statefulSets = KindRequirement(group: "apps", version: "v1", kind: "StatefulSet", plural: "statefulsets")
    public static let daemonSets = KindRequirement(group: "apps", version: "v1", kind: "DaemonSet", plural: "daemonsets")
    public static let jobs = KindRequirement(group: "batch", version: "v1", kind: "Job", plural: "jobs")
    public static let cronJobs = KindRequirement(group: "batch", version: "v1", kind: "CronJob", plural: "cronjobs")
    public static let endpointSlices = KindRequirement(group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice", plural: "endpointslices")
    public static let karsSandboxes = KindRequirement(group: "kars.azure.com", version: "v1alpha1", kind: "KarsSandbox", plural: "karssandboxes")
    public static let podMetrics = KindRequirement(group: "metrics.k8s.io", version: "v1beta1", kind: "PodMetrics", plural: "pods")
    public static let nodeMetrics = KindRequirement(group: "metrics.k8s.io", version: "v1beta1", kind: "NodeMetrics", plural: "nodes", namespaced: false)

    /// The workload kinds and their pods.
    public static let workloads: [KindRequirement] = [pods, deployments, replicaSets, statefulSets, daemonSets, jobs, cronJobs]
    /// Both event APIs.
    public static let allEvents: [KindRequirement] = [events, eventsV1]
}

/// Where a tool gets its `ClusterState`: a live loader (one LIST per kind) or a snapshot. Tools
/// are pure functions of the state, so the same code answers online, offline and in tests.
public protocol ClusterSource: Sendable {
    /// The state holding at least the given kinds (a source may return more).
    func clusterState(kinds: [KindRequirement]) async throws -> ClusterState
}

/// A source over a state that is already built (snapshot files, tests).
public struct FixedClusterSource: ClusterSource {
    public let state: ClusterState

    public init(_ state: ClusterState) { self.state = state }

    public func clusterState(kinds: [KindRequirement]) async throws -> ClusterState { state }
}
