import Foundation

/// `v1 Node`.
public struct Node: KubeResourceModel, Hashable {
    public static let apiVersion = "v1"
    public static let kind = "Node"
    public var apiVersion: String? = Node.apiVersion
    public var kind: String? = Node.kind
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public init(metadata: ObjectMeta, spec: Spec? = nil, status: Status? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// `NodeSpec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var unschedulable: Bool?
        public var taints: [Taint]?
        public var podCIDR: String?
        public var providerID: String?
        public init(unschedulable: Bool? = nil, taints: [Taint]? = nil) {
            self.unschedulable = unschedulable
            self.taints = taints
        }
    }

    /// `NodeStatus`.
    public struct Status: Codable, Sendable, Hashable {
        public var capacity: [String: Quantity]?
        public var allocatable: [String: Quantity]?
        public var conditions: [Condition]?
        public var addresses: [Address]?
        public var nodeInfo: JSONValue?
        public init(capacity: [String: Quantity]? = nil, allocatable: [String: Quantity]? = nil, conditions: [Condition]? = nil) {
            self.capacity = capacity
            self.allocatable = allocatable
            self.conditions = conditions
        }
    }

    /// `NodeAddress`.
    public struct Address: Codable, Sendable, Hashable {
        public var type: String
        public var address: String
    }

    /// The `Ready` condition.
    public var readyCondition: Condition? { status?.conditions?.condition("Ready") }
    public var isReady: Bool { readyCondition?.status == "True" }
}

/// `v1 Taint`.
public struct Taint: Codable, Sendable, Hashable {
    public var key: String
    public var value: String?
    public var effect: String
    public var timeAdded: Date?

    public init(key: String, value: String? = nil, effect: String) {
        self.key = key
        self.value = value
        self.effect = effect
    }
}

/// `v1 Namespace`.
public struct Namespace: KubeResourceModel, Hashable {
    public static let apiVersion = "v1"
    public static let kind = "Namespace"
    public var apiVersion: String? = Namespace.apiVersion
    public var kind: String? = Namespace.kind
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public init(metadata: ObjectMeta) { self.metadata = metadata }

    /// `NamespaceSpec`.
    public struct Spec: Codable, Sendable, Hashable { public var finalizers: [String]? }
    /// `NamespaceStatus`.
    public struct Status: Codable, Sendable, Hashable {
        public var phase: String?
        public var conditions: [Condition]?
    }
}

/// `v1 ResourceQuota`.
public struct ResourceQuota: KubeResourceModel, Hashable {
    public static let apiVersion = "v1"
    public static let kind = "ResourceQuota"
    public var apiVersion: String? = ResourceQuota.apiVersion
    public var kind: String? = ResourceQuota.kind
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public init(metadata: ObjectMeta, spec: Spec? = nil, status: Status? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// `ResourceQuotaSpec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var hard: [String: Quantity]?
        public var scopes: [String]?
        public var scopeSelector: JSONValue?
        public init(hard: [String: Quantity]? = nil) { self.hard = hard }
    }

    /// `ResourceQuotaStatus`.
    public struct Status: Codable, Sendable, Hashable {
        public var hard: [String: Quantity]?
        public var used: [String: Quantity]?
        public init(hard: [String: Quantity]? = nil, used: [String: Quantity]? = nil) {
            self.hard = hard
            self.used = used
        }
    }
}

/// `v1 PersistentVolumeClaim`.
public struct PersistentVolumeClaim: KubeResourceModel, Hashable {
    public static let apiVersion = "v1"
    public static let kind = "PersistentVolumeClaim"
    public var apiVersion: String? = PersistentVolumeClaim.apiVersion
    public var kind: String? = PersistentVolumeClaim.kind
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public init(metadata: ObjectMeta, spec: Spec? = nil, status: Status? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// `PersistentVolumeClaimSpec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var accessModes: [String]?
        public var storageClassName: String?
        public var volumeName: String?
        public var volumeMode: String?
        public var resources: ResourceRequirements?
    }

    /// `PersistentVolumeClaimStatus`.
    public struct Status: Codable, Sendable, Hashable {
        public var phase: String?
        public var capacity: [String: Quantity]?
        public var accessModes: [String]?
        public var conditions: [Condition]?
    }
}

/// `v1 ConfigMap`, keys only: analyzers need to know which keys exist, never the values.
public struct ConfigMapInfo: KubeResourceModel, Hashable {
    public static let apiVersion = "v1"
    public static let kind = "ConfigMap"
    public var metadata: ObjectMeta
    public var keys: Set<String>

    public init(metadata: ObjectMeta, keys: Set<String>) {
        self.metadata = metadata
        self.keys = keys
    }

    private enum CodingKeys: String, CodingKey { case metadata, data, binaryData }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try container.decode(ObjectMeta.self, forKey: .metadata)
        let data = try container.decodeIfPresent([String: JSONValue].self, forKey: .data) ?? [:]
        let binary = try container.decodeIfPresent([String: JSONValue].self, forKey: .binaryData) ?? [:]
        keys = Set(data.keys).union(binary.keys)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(metadata, forKey: .metadata)
    }
}

/// `v1 Secret`, metadata, type and key names only: secret values are never decoded.
public struct SecretInfo: KubeResourceModel, Hashable {
    public static let apiVersion = "v1"
    public static let kind = "Secret"
    public var metadata: ObjectMeta
    public var type: String?
    public var keys: Set<String>

    public init(metadata: ObjectMeta, type: String? = nil, keys: Set<String>) {
        self.metadata = metadata
        self.type = type
        self.keys = keys
    }

    private enum CodingKeys: String, CodingKey { case metadata, type, data, stringData }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try container.decode(ObjectMeta.self, forKey: .metadata)
        type = try container.decodeIfPresent(String.self, forKey: .type)
        let data = try container.decodeIfPresent([String: JSONValue].self, forKey: .data) ?? [:]
        let stringData = try container.decodeIfPresent([String: JSONValue].self, forKey: .stringData) ?? [:]
        keys = Set(data.keys).union(stringData.keys)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(metadata, forKey: .metadata)
        try container.encodeIfPresent(type, forKey: .type)
    }
}

/// `coordination.k8s.io/v1 Lease`: leader election.
public struct Lease: KubeResourceModel, Hashable {
    public static let apiVersion = "coordination.k8s.io/v1"
    public static let kind = "Lease"
    public var apiVersion: String? = Lease.apiVersion
    public var kind: String? = Lease.kind
    public var metadata: ObjectMeta
    public var spec: Spec?

    public init(metadata: ObjectMeta, spec: Spec? = nil) {
        self.metadata = metadata
        self.spec = spec
    }

    /// `LeaseSpec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var holderIdentity: String?
        public var leaseDurationSeconds: Int?
        public var acquireTime: Date?
        public var renewTime: Date?
        public var leaseTransitions: Int?
        public init(holderIdentity: String? = nil, leaseDurationSeconds: Int? = nil, acquireTime: Date? = nil, renewTime: Date? = nil, leaseTransitions: Int? = nil) {
            self.holderIdentity = holderIdentity
            self.leaseDurationSeconds = leaseDurationSeconds
            self.acquireTime = acquireTime
            self.renewTime = renewTime
            self.leaseTransitions = leaseTransitions
        }
    }
}
