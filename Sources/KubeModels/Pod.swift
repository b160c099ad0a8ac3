import Foundation

/// `v1 Pod`: the unit every workload finding is ultimately about.
public struct Pod: KubeResourceModel, Hashable {
    public static let apiVersion = "v1"
    public static let kind = "Pod"
    public var apiVersion: String? = Pod.apiVersion
    public var kind: String? = Pod.kind
    public var metadata: ObjectMeta
    public var spec: PodSpec?
    public var status: PodStatus?

    public init(metadata: ObjectMeta, spec: PodSpec? = nil, status: PodStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// `Ready` condition is True.
    public var isReady: Bool { status?.conditions?.condition("Ready")?.status == "True" }

    /// All container statuses, init containers first.
    public var allContainerStatuses: [ContainerStatus] {
        (status?.initContainerStatuses ?? []) + (status?.containerStatuses ?? [])
    }
}

/// `v1 PodSpec`.
public struct PodSpec: Codable, Sendable, Hashable {
    public var containers: [Container]
    public var initContainers: [Container]?
    public var nodeName: String?
    public var nodeSelector: [String: String]?
    public var tolerations: [Toleration]?
    public var volumes: [Volume]?
    public var restartPolicy: String?
    public var terminationGracePeriodSeconds: Int64?
    public var serviceAccountName: String?
    public var priorityClassName: String?
    public var schedulerName: String?
    public var affinity: JSONValue?

    public init(containers: [Container]) { self.containers = containers }
}

/// `v1 Container`. Environment values are deliberately not modelled: they never leave the process.
public struct Container: Codable, Sendable, Hashable {
    public var name: String
    public var image: String?
    public var command: [String]?
    public var args: [String]?
    public var ports: [ContainerPort]?
    public var resources: ResourceRequirements?
    public var readinessProbe: JSONValue?
    public var livenessProbe: JSONValue?
    public var startupProbe: JSONValue?
    public var envFrom: [EnvFromSource]?
    public var volumeMounts: [VolumeMount]?
    public var imagePullPolicy: String?

    public init(name: String, image: String? = nil) {
        self.name = name
        self.image = image
    }
}

/// `v1 ContainerPort`.
public struct ContainerPort: Codable, Sendable, Hashable {
    public var name: String?
    public var containerPort: Int
    public var `protocol`: String?

    public init(name: String? = nil, containerPort: Int, protocol: String? = nil) {
        self.name = name
        self.containerPort = containerPort
        self.protocol = `protocol`
    }
}

/// `v1 ResourceRequirements`.
public struct ResourceRequirements: Codable, Sendable, Hashable {
    public var requests: [String: Quantity]?
    public var limits: [String: Quantity]?

    public init(requests: [String: Quantity]? = nil, limits: [String: Quantity]? = nil) {
        self.requests = requests
        self.limits = limits
    }
}

/// `v1 EnvFromSource` (only the references, never values).
public struct EnvFromSource: Codable, Sendable, Hashable {
    public var configMapRef: NamedReference?
    public var secretRef: NamedReference?
}

/// A `{name, optional}` reference to a ConfigMap or Secret.
public struct NamedReference: Codable, Sendable, Hashable {
    public var name: String?
    public var optional: Bool?
}

/// `v1 VolumeMount`.
public struct VolumeMount: Codable, Sendable, Hashable {
    public var name: String
    public var mountPath: String?
    public var readOnly: Bool?
}

/// `v1 Volume` with the sources the analyzers follow; everything else stays in the raw object.
public struct Volume: Codable, Sendable, Hashable {
    public var name: String
    public var persistentVolumeClaim: ClaimSource?
    public var configMap: ConfigMapVolumeSource?
    public var secret: SecretVolumeSource?

    /// `persistentVolumeClaim` volume source.
    public struct ClaimSource: Codable, Sendable, Hashable {
        public var claimName: String
        public var readOnly: Bool?
    }

    /// `configMap` volume source.
    public struct ConfigMapVolumeSource: Codable, Sendable, Hashable {
        public var name: String?
        public var optional: Bool?
    }

    /// `secret` volume source.
    public struct SecretVolumeSource: Codable, Sendable, Hashable {
        public var secretName: String?
        public var optional: Bool?
    }
}

/// `v1 Toleration`.
public struct Toleration: Codable, Sendable, Hashable {
    public var key: String?
    public var `operator`: String?
    public var value: String?
    public var effect: String?
    public var tolerationSeconds: Int64?

    public init(key: String? = nil, operator: String? = nil, value: String? = nil, effect: String? = nil) {
        self.key = key
        self.operator = `operator`
        self.value = value
        self.effect = effect
    }

    /// Whether this toleration tolerates the taint, with the API's matching rules.
    public func tolerates(_ taint: Taint) -> Bool {
        if let effect, !effect.isEmpty, effect != taint.effect { return false }
        if self.operator == "Exists" { return key == nil || key == "" || key == taint.key }
        return key == taint.key && (value ?? "") == (taint.value ?? "")
    }
}

/// `v1 PodStatus`.
public struct PodStatus: Codable, Sendable, Hashable {
    public var phase: String?
    public var conditions: [Condition]?
    public var containerStatuses: [ContainerStatus]?
    public var initContainerStatuses: [ContainerStatus]?
    public var startTime: Date?
    public var reason: String?
    public var message: String?
    public var hostIP: String?
    public var podIP: String?
    public var nominatedNodeName: String?
    public var qosClass: String?

    public init(phase: String? = nil) { self.phase = phase }
}

/// `v1 ContainerStatus`.
public struct ContainerStatus: Codable, Sendable, Hashable {
    public var name: String
    public var image: String?
    public var imageID: String?
    public var ready: Bool?
    public var started: Bool?
    public var restartCount: Int?
    public var state: ContainerState?
    public var lastState: ContainerState?

    public init(name: String, image: String? = nil, ready: Bool? = nil, restartCount: Int? = nil, state: ContainerState? = nil) {
        self.name = name
        self.image = image
        self.ready = ready
        self.restartCount = restartCount
        self.state = state
    }
}

/// `v1 ContainerState`: exactly one of waiting, running, terminated is set.
public struct ContainerState: Codable, Sendable, Hashable {
    public var waiting: Waiting?
    public var running: Running?
    public var terminated: Terminated?

    public init(waiting: Waiting? = nil, running: Running? = nil, terminated: Terminated? = nil) {
        self.waiting = waiting
        self.running = running
        self.terminated = terminated
    }

    /// `state.waiting`.
    public struct Waiting: Codable, Sendable, Hashable {
        public var reason: String?
        public var message: String?
        public init(reason: String? = nil, message: String? = nil) {
            self.reason = reason
            self.message = message
        }
    }

    /// `state.running`.
    public struct Running: Codable, Sendable, Hashable {
        public var startedAt: Date?
        public init(startedAt: Date? = nil) { self.startedAt = startedAt }
    }

    /// `state.terminated`.
    public struct Terminated: Codable, Sendable, Hashable {
        public var exitCode: Int?
        public var signal: Int?
        public var reason: String?
        public var message: String?
        public var startedAt: Date?
        public var finishedAt: Date?
        public init(exitCode: Int? = nil, reason: String? = nil, message: String? = nil, startedAt: Date? = nil, finishedAt: Date? = nil) {
            self.exitCode = exitCode
            self.reason = reason
            self.message = message
            self.startedAt = startedAt
            self.finishedAt = finishedAt
        }
    }
}
