import Foundation
import KubeModels

/// Whether one Deployment or StatefulSet is available: its rollout is observed and complete and
/// every desired replica is available.
public struct WorkloadHealth: Sendable, Hashable, CustomStringConvertible {
    public var kind: String
    public var name: String
    public var available: Bool
    /// `1/3 available`, `rollout of generation 4 not observed yet`.
    public var detail: String

    public var description: String { "\(kind) \(name): \(detail)" }

    /// The health of a Deployment or StatefulSet object; nil for other kinds.
    public init?(_ object: JSONValue) {
        guard let kind = object["kind"]?.stringValue, kind == "Deployment" || kind == "StatefulSet",
            let name = object[path: "metadata", "name"]?.stringValue
        else { return nil }
        self.kind = kind
        self.name = name
        let desired = Int(object[path: "spec", "replicas"]?.intValue ?? 1)
        let status = object["status"]
        let availableCount = Int(status?["availableReplicas"]?.intValue ?? status?["readyReplicas"]?.intValue ?? 0)
        let updated = Int(status?["updatedReplicas"]?.intValue ?? Int64(availableCount))
        let generation = object[path: "metadata", "generation"]?.intValue
        let observed = status?["observedGeneration"]?.intValue
        if let generation, let observed, observed < generation {
            available = false
            detail = "generation \(generation) not observed yet (\(availableCount)/\(desired) available)"
        } else if availableCount < desired {
            available = false
            detail = "\(availableCount)/\(desired) available"
        } else if updated < desired {
            available = false
            detail = "rollout in progress: \(updated)/\(desired) updated, \(availableCount) available"
        } else {
            available = true
            detail = "\(availableCount)/\(desired) available"
        }
    }
}
