/// Why a Service has (or lacks) endpoints, in order of precedence.
public enum EndpointsVerdict: String, Codable, Sendable, Hashable {
    /// No selector (endpoints managed by hand) or an ExternalName service.
    case noSelector = "NoSelector"
    /// The selector matches no pod in the namespace.
    case noPodsMatchSelector = "NoPodsMatchSelector"
    /// Pods match, but none is Ready.
    case noReadyPods = "NoReadyPods"
    /// A targetPort is not exposed by the selected pods (numeric port not declared, or named port not found).
    case targetPortNotExposed = "TargetPortNotExposed"
    case ok = "OK"

    /// The verdict as a sentence fragment for text output.
    public var label: String {
        switch self {
        case .noSelector: return "no selector"
        case .noPodsMatchSelector: return "no pods match the selector"
        case .noReadyPods: return "pods match but none is Ready"
        case .targetPortNotExposed: return "targetPort not exposed by the selected pods"
        case .ok: return "OK"
        }
    }
}

/// One Service port and whether the selected pods expose its targetPort.
public struct ServicePortCheck: Codable, Sendable, Hashable {
    public var name: String?
    public var port: Int
    public var `protocol`: String
    /// The targetPort as written (a number or a port name); the port itself when unset.
    public var targetPort: String
    /// True/false when it could be checked; nil when no pod declares container ports.
    public var exposed: Bool?
    /// How many selected pods expose it.
    public var exposingPods: Int
    public var detail: String
}

/// A pod selected by the Service.
public struct SelectedPod: Codable, Sendable, Hashable {
    public var name: String
    public var phase: String
    public var ready: Bool
    public var terminating: Bool
    public var ip: String?
    public var node: String?
    /// `name:port/PROTOCOL` of every container port.
    public var containerPorts: [String]
    /// Why it is not ready, when it is not.
    public var notReadyReason: String?
}

/// One EndpointSlice of the Service.
public struct EndpointSliceSummary: Codable, Sendable, Hashable {
    public var name: String
    public var readyAddresses: [String]
    public var notReadyAddresses: [String]
    public var ports: [String]
}

/// A workload whose pod template the selector matches (found even when it has no pods).
public struct SelectorWorkload: Codable, Sendable, Hashable {
    public var ref: ResourceRef
    public var desiredReplicas: Int
    public var readyReplicas: Int
}

/// Pods that miss the selector by exactly one label: the usual typo or rename.
public struct LabelNearMiss: Codable, Sendable, Hashable {
    public var key: String
    /// What the selector asks for.
    public var wanted: String
    /// What the pods have (nil: the label is missing).
    public var found: String?
    public var pods: Int
    public var examplePods: [String]
    /// Root controllers of those pods.
    public var owners: [ResourceRef]
}

/// The answer of `endpoints SERVICE`.
public struct EndpointsResult: Codable, Sendable {
    public var service: ResourceRef
    public var type: String
    public var verdict: EndpointsVerdict
    /// One line: the verdict with its decisive facts.
    public var summary: String
    /// Every problem found (the verdict is the first).
    public var problems: [String]
    public var selector: [String: String]
    public var ports: [ServicePortCheck]
    public var pods: [SelectedPod]
    public var endpointSlices: [EndpointSliceSummary]
    public var workloads: [SelectorWorkload]
    public var nearMisses: [LabelNearMiss]
}
