import Foundation
import KubeModels

/// `/api/health`: workload-aware cluster health. Each Deployment, StatefulSet and DaemonSet with
/// available/desired; each KarsSandbox as Healthy, Workload down (CR says Running but its
/// Deployment is unavailable) or CR-Degraded (`Degraded=True`), naming the namespace to look at.
public struct HealthReport: Encodable, Sendable, Equatable {
    /// One workload.
    public struct Workload: Encodable, Sendable, Equatable {
        public var kind: String
        public var namespace: String
        public var name: String
        public var desired: Int
        public var available: Int
        public var healthy: Bool
    }

    /// One KarsSandbox.
    public struct Sandbox: Encodable, Sendable, Equatable {
        public var name: String
        public var namespace: String
        /// `Healthy`, `Workload down` or `CR-Degraded`.
        public var state: String
        /// The CR's phase (`Running`, ...).
        public var phase: String?
        /// The namespace the sandbox's workload runs in: where to look.
        public var workloadNamespace: String
        public var deployment: String
        public var available: Int
        public var desired: Int
        public var message: String?
    }

    public static let healthy = "Healthy"
    public static let workloadDown = "Workload down"
    public static let degraded = "CR-Degraded"

    /// `Healthy`, or `Degraded` when any workload or sandbox is not healthy.
    public var overall: String
    public var workloadsTotal: Int
    public var workloadsHealthy: Int
    public var unhealthy: [Workload]
    public var sandboxes: [Sandbox]

    public init(deployments: [JSONValue], statefulSets: [JSONValue], daemonSets: [JSONValue], sandboxes: [JSONValue]) {
        var workloads: [Workload] = []
        for object in deployments + statefulSets {
            workloads.append(Self.replicated(object))
        }
        for object in daemonSets {
            let desired = Int(object[path: "status", "desiredNumberScheduled"]?.intValue ?? 0)
            let available = Int(object[path: "status", "numberAvailable"]?.intValue ?? 0)
            workloads.append(
                Workload(
                    kind: "DaemonSet", namespace: object[path: "metadata", "namespace"]?.stringValue ?? "",
                    name: object[path: "metadata", "name"]?.stringValue ?? "", desired: desired, available: available,
                    healthy: available >= desired))
        }
        workloads.sort { ($0.namespace, $0.kind, $0.name) < ($1.namespace, $1.kind, $1.name) }
        let byKey = Dictionary(
            workloads.filter { $0.kind == "Deployment" }.map { ("\($0.namespace)/\($0.name)", $0) },
            uniquingKeysWith: { first, _ in first })
        self.sandboxes = sandboxes.map { Self.sandbox($0, deployments: byKey) }
            .sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        workloadsTotal = workloads.count
        workloadsHealthy = workloads.filter(\.healthy).count
        unhealthy = workloads.filter { !$0.healthy }
        overall = unhealthy.isEmpty && self.sandboxes.allSatisfy { $0.state == Self.healthy } ? "Healthy" : "Degraded"
    }

    static func replicated(_ object: JSONValue) -> Workload {
        let desired = Int(object[path: "spec", "replicas"]?.intValue ?? 1)
        let status = object["status"]
        let available = Int(status?["availableReplicas"]?.intValue ?? status?["readyReplicas"]?.intValue ?? 0)
        var healthy = available >= desired
        if let generation = object[path: "metadata", "generation"]?.intValue,
            let observed = status?["observedGeneration"]?.intValue, observed < generation
        {
            healthy = false
        }
        return Workload(
            kind: object["kind"]?.stringValue ?? "Deployment", namespace: object[path: "metadata", "namespace"]?.stringValue ?? "",
            name: object[path: "metadata", "name"]?.stringValue ?? "", desired: desired, available: available,
            healthy: healthy)
    }

    static func sandbox(_ object: JSONValue, deployments: [String: Workload]) -> Sandbox {
        let name = object[path: "metadata", "name"]?.stringValue ?? ""
        let workloadNamespace = object[path: "status", "namespace"]?.stringValue ?? "kars-\(name)"
        let deployment = object[path: "status", "deploymentName"]?.stringValue ?? name
        let phase = object[path: "status", "phase"]?.stringValue
        let conditions = object[path: "status", "conditions"]?.arrayValue ?? []
        let degraded = conditions.first { $0["type"]?.stringValue == "Degraded" && $0["status"]?.stringValue == "True" }
        let workload = deployments["\(workloadNamespace)/\(deployment)"]
        var state = HealthReport.healthy
        var message: String?
        if let degraded {
            state = HealthReport.degraded
            message = degraded["message"]?.stringValue ?? degraded["reason"]?.stringValue
        } else if workload.map({ !$0.healthy }) ?? (phase == "Running") {
            state = HealthReport.workloadDown
            message = workload == nil
                ? "Deployment \(deployment) not found in \(workloadNamespace)"
                : "Deployment \(deployment): \(workload?.available ?? 0)/\(workload?.desired ?? 0) available"
        }
        return Sandbox(
            name: name, namespace: object[path: "metadata", "namespace"]?.stringValue ?? "", state: state, phase: phase,
            workloadNamespace: workloadNamespace, deployment: deployment, available: workload?.available ?? 0,
            desired: workload?.desired ?? 0, message: message)
    }
}
