import ClusterState
import KubeModels

/// The closed list of finding classes (DESIGN.md section 3).
public enum FindingClass: String, Codable, Sendable, CaseIterable, Comparable {
    case quotaExceeded = "QuotaExceeded"
    case imagePullFailure = "ImagePullFailure"
    case crashLoopBackOff = "CrashLoopBackOff"
    case oomKilled = "OOMKilled"
    case unschedulable = "Unschedulable"
    case configMissing = "ConfigMissing"
    case mountFailure = "MountFailure"
    case probeFailure = "ProbeFailure"
    case stuckTerminating = "StuckTerminating"
    case rolloutStuck = "RolloutStuck"
    case pvcPending = "PVCPending"
    case serviceNoEndpoints = "ServiceNoEndpoints"
    case servicePortMismatch = "ServicePortMismatch"
    case nodeNotReady = "NodeNotReady"
    case sandboxWorkloadDown = "SandboxWorkloadDown"
    case sandboxDegraded = "SandboxDegraded"

    public static func < (lhs: FindingClass, rhs: FindingClass) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// How urgent a finding is: `critical` when something is down, `warning` when degraded.
public enum Severity: String, Codable, Sendable, Comparable {
    case critical, warning, info

    private var rank: Int {
        switch self {
        case .critical: return 0
        case .warning: return 1
        case .info: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One diagnosed root cause, reported once per root object and class (DESIGN.md section 5).
public struct Finding: Codable, Sendable, Hashable {
    public var `class`: FindingClass
    public var severity: Severity
    public var namespace: String?
    public var kind: String
    public var name: String
    /// One line an SRE can act on, quoting the decisive numbers.
    public var summary: String
    /// The objects and events the finding rests on, one line each.
    public var evidence: [String]
    /// The typed fix, when one of the closed set applies and no protection rule forbids it.
    public var action: ProposedAction?
    /// Why no action was proposed, when one would otherwise apply or a human must act.
    public var actionWithheld: String?
    /// Roots whose own finding, when reported, makes this one a symptom (not printed).
    public var symptomOf: [ObjectKey] = []

    public init(
        class findingClass: FindingClass, severity: Severity, root: ObjectKey, summary: String, evidence: [String],
        action: ProposedAction? = nil, actionWithheld: String? = nil
    ) {
        self.class = findingClass
        self.severity = severity
        self.namespace = root.namespace
        self.kind = root.kind
        self.name = root.name
        self.summary = summary
        self.evidence = evidence
        self.action = action
        self.actionWithheld = actionWithheld
    }

    /// The root object this finding is about.
    public var root: ObjectKey { ObjectKey(kind: kind, namespace: namespace, name: name) }

    private enum CodingKeys: String, CodingKey {
        case `class`, severity, namespace, kind, name, summary, evidence, action, actionWithheld
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.class, forKey: .class)
        try container.encode(severity, forKey: .severity)
        try container.encode(namespace, forKey: .namespace)
        try container.encode(kind, forKey: .kind)
        try container.encode(name, forKey: .name)
        try container.encode(summary, forKey: .summary)
        try container.encode(evidence, forKey: .evidence)
        try container.encode(action, forKey: .action)
        try container.encode(actionWithheld, forKey: .actionWithheld)
    }
}

/// The result of `diagnose`: the findings, most severe first.
public struct DiagnosisReport: Codable, Sendable {
    public var findings: [Finding]

    public init(findings: [Finding]) { self.findings = findings }
}
