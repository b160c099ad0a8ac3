import Foundation

/// Replica counts of a workload or ReplicaSet.
public struct ReplicaCounts: Codable, Sendable, Hashable {
    public var desired: Int
    public var current: Int?
    public var ready: Int?
    public var available: Int?
    public var updated: Int?

    public init(desired: Int, current: Int? = nil, ready: Int? = nil, available: Int? = nil, updated: Int? = nil) {
        self.desired = desired
        self.current = current
        self.ready = ready
        self.available = available
        self.updated = updated
    }

    /// `2 desired, 1 ready, 1 available`.
    public var text: String {
        var parts = ["\(desired) desired"]
        if let current { parts.append("\(current) current") }
        if let updated { parts.append("\(updated) updated") }
        if let ready { parts.append("\(ready) ready") }
        if let available { parts.append("\(available) available") }
        return parts.joined(separator: ", ")
    }
}

/// A labelled line of kind-specific detail (`Selector`, `Ports`, `Conditions`, ...).
public struct DescribeDetail: Codable, Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One object of the owner graph with its state, its events (newest first) and its children.
public struct DescribedObject: Codable, Sendable {
    public var ref: ResourceRef
    public var created: Date?
    /// One-word or short status (`Running`, `Terminating`, `1/2 available`, `Bound`).
    public var status: String?
    /// Deployment revision of a Deployment or ReplicaSet.
    public var revision: Int?
    public var replicas: ReplicaCounts?
    /// Images of the pod template or pod.
    public var images: [String]?
    /// Pod phase.
    public var phase: String?
    /// Pod readiness, `ready/total` containers.
    public var ready: String?
    public var restarts: Int?
    /// Why containers are not running: waiting reasons, and last termination reasons.
    public var reasons: [String]?
    public var node: String?
    public var details: [DescribeDetail]
    public var events: [EventSummary]
    /// Events left out beyond the per-object cap.
    public var omittedEvents: Int?
    public var children: [DescribedObject]
    /// Children left out beyond the per-object cap.
    public var omittedChildren: Int?

    public init(ref: ResourceRef) {
        self.ref = ref
        details = []
        events = []
        children = []
    }
}

/// The answer of `describe`: the object with its subtree (ReplicaSets, pods, slices, claims),
/// and the chain of its controllers upward (each with its own events).
public struct DescribeResult: Codable, Sendable {
    /// The moment ages are computed against.
    public var now: Date
    public var object: DescribedObject
    /// Controllers of the object, nearest first (Pod → ReplicaSet → Deployment).
    public var owners: [DescribedObject]
}
