import Foundation

/// `kars.azure.com/v1alpha1 KarsSandbox`: the platform's sandbox CR. Its workload lives in
/// namespace `status.namespace` (by convention `kars-<name>`) as Deployment `status.deploymentName`.
public struct KarsSandbox: KubeResourceModel, Hashable {
    public static let apiVersion = "kars.azure.com/v1alpha1"
    public static let kind = "KarsSandbox"
    public var apiVersion: String? = KarsSandbox.apiVersion
    public var kind: String? = KarsSandbox.kind
    public var metadata: ObjectMeta
    public var spec: JSONValue?
    public var status: Status?

    public init(metadata: ObjectMeta, spec: JSONValue? = nil, status: Status? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// `KarsSandboxStatus`.
    public struct Status: Codable, Sendable, Hashable {
        public var phase: String?
        public var observedGeneration: Int64?
        public var conditions: [Condition]?
        public var namespace: String?
        public var deploymentName: String?
        public init(phase: String? = nil, conditions: [Condition]? = nil, namespace: String? = nil, deploymentName: String? = nil) {
            self.phase = phase
            self.conditions = conditions
            self.namespace = namespace
            self.deploymentName = deploymentName
        }
    }

    /// The namespace of the sandbox's workload.
    public var workloadNamespace: String { status?.namespace ?? "kars-\(name)" }
    /// The Deployment of the sandbox's workload.
    public var workloadDeployment: String { status?.deploymentName ?? name }
}

/// `kars.azure.com/v1alpha1 KarsSREAction`: one proposed, approved and executed remediation
/// (DESIGN.md section 6).
public struct KarsSREAction: KubeResourceModel, Hashable {
    public static let apiVersion = "kars.azure.com/v1alpha1"
    public static let kind = "KarsSREAction"
    public var apiVersion: String? = KarsSREAction.apiVersion
    public var kind: String? = KarsSREAction.kind
    public var metadata: ObjectMeta
    public var spec: Spec
    public var status: Status?

    public init(metadata: ObjectMeta, spec: Spec, status: Status? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// `spec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var action: ActionSpec
        public var diagnosis: DiagnosisSpec?
        public var rationale: String?
        public var ttlMinutes: Int?
        public var source: Source?
        public var approval: Approval?

        public init(action: ActionSpec, diagnosis: DiagnosisSpec? = nil, rationale: String? = nil, ttlMinutes: Int? = nil, source: Source? = nil, approval: Approval? = nil) {
            self.action = action
            self.diagnosis = diagnosis
            self.rationale = rationale
            self.ttlMinutes = ttlMinutes
            self.source = source
            self.approval = approval
        }
    }

    /// `spec.action`.
    public struct ActionSpec: Codable, Sendable, Hashable {
        public var type: String
        public var target: Target
        public init(type: String, target: Target) {
            self.type = type
            self.target = target
        }
    }

    /// `spec.action.target`: the target fields of DESIGN.md section 4.
    public struct Target: Codable, Sendable, Hashable {
        public var namespace: String
        public var name: String
        public var kind: String?
        public var container: String?
        public var image: String?
        public var replicas: Int?
        public init(namespace: String, name: String, kind: String? = nil, container: String? = nil, image: String? = nil, replicas: Int? = nil) {
            self.namespace = namespace
            self.name = name
            self.kind = kind
            self.container = container
            self.image = image
            self.replicas = replicas
        }
    }

    /// `spec.diagnosis`.
    public struct DiagnosisSpec: Codable, Sendable, Hashable {
        public var `class`: String
        public var summary: String?
        public var evidence: [String]?
        public init(class: String, summary: String? = nil, evidence: [String]? = nil) {
            self.class = `class`
            self.summary = summary
            self.evidence = evidence
        }
    }

    /// `spec.source`.
    public struct Source: Codable, Sendable, Hashable {
        public var detector: String
        public var incidentKey: String?
        public init(detector: String, incidentKey: String? = nil) {
            self.detector = detector
            self.incidentKey = incidentKey
        }
    }

    /// `spec.approval`.
    public struct Approval: Codable, Sendable, Hashable {
        public var state: String
        public var by: String?
        public var reason: String?
        public var at: Date?
        public init(state: String, by: String? = nil, reason: String? = nil, at: Date? = nil) {
            self.state = state
            self.by = by
            self.reason = reason
            self.at = at
        }
    }

    /// `status`.
    public struct Status: Codable, Sendable, Hashable {
        public var phase: String?
        public var conditions: [Condition]?
        public var preview: JSONValue?
        public var rollback: JSONValue?
        public var appliedAt: Date?
        public var recoveredAt: Date?
        public var message: String?
        public init(phase: String? = nil) { self.phase = phase }
    }
}
