/// A kars.azure.com kind as discovery lists it.
public struct KarsKindInfo: Codable, Sendable, Hashable {
    public var kind: String
    public var plural: String

    public init(kind: String, plural: String) {
        self.kind = kind
        self.plural = plural
    }
}

/// An object of a kars kind that is not ready, and why.
public struct NotReadyItem: Codable, Sendable, Hashable {
    public var ref: ResourceRef
    public var reason: String
}

/// How many objects of one kind exist and which are not ready.
public struct KarsKindSummary: Codable, Sendable, Hashable {
    public var kind: String
    public var plural: String
    public var count: Int
    public var notReady: [NotReadyItem]
}

/// Workload-aware health of a KarsSandbox.
public enum SandboxHealthStatus: String, Codable, Sendable, Hashable {
    /// CR Running and its Deployment available (≥ 1 available replica, Available not False).
    case healthy = "Healthy"
    /// CR Running but its Deployment unavailable or missing.
    case workloadDown = "WorkloadDown"
    /// Degraded=True condition, or phase not Running.
    case crDegraded = "CRDegraded"

    /// The label of the health table: `Healthy`, `Workload down`, `CR-Degraded`.
    public var label: String {
        switch self {
        case .healthy: return "Healthy"
        case .workloadDown: return "Workload down"
        case .crDegraded: return "CR-Degraded"
        }
    }
}

/// One row of the KarsSandbox health table.
public struct SandboxHealthRow: Codable, Sendable, Hashable {
    public var sandbox: ResourceRef
    public var phase: String?
    public var health: SandboxHealthStatus
    public var deployment: ResourceRef
    public var deploymentFound: Bool
    /// `available/desired` replicas of the Deployment, `-` when missing.
    public var available: String
    public var reason: String
}

/// The answer of `describe-state`.
public struct DescribeStateResult: Codable, Sendable {
    /// `kars.azure.com`.
    public var group: String
    /// `discovery` when the installed kinds were given, `objects` when derived from the objects present.
    public var kindsFrom: String
    public var kinds: [KarsKindSummary]
    public var sandboxes: [SandboxHealthRow]
}
