import Diagnosis
import Foundation
import KubeModels
import Remediation

/// One diagnosed incident of a detection cycle: the finding about its root object, the failure
/// events that pointed at it, and its dedupe key.
struct Incident: Sendable {
    var finding: Finding
    var triggers: [NormalizedEvent]
    /// The triggering events with their arrival (the re-check list keeps these).
    var sources: [IncidentEngine.Trigger] = []
    var received: Date
    var key: String
    /// Why no action was created although the finding proposed one (protection refused it).
    var withheld: String?

    /// Actions: `Type/namespace/target` (a DeletePod target with its generated suffix stripped);
    /// findings without one: `Class/namespace/object` (Pod and ReplicaSet suffixes stripped).
    static func key(for finding: Finding) -> String {
        if let action = finding.action {
            let name = action.type == .deletePod ? NameNormalizer.normalize(action.name) : action.name
            return "\(action.type.rawValue)/\(action.namespace)/\(name)"
        }
        return cooldownKey(for: finding)
    }

    static func cooldownKey(for finding: Finding) -> String {
        let name = ["Pod", "ReplicaSet"].contains(finding.kind) ? NameNormalizer.normalize(finding.name) : finding.name
        return "\(finding.class.rawValue)/\(finding.namespace ?? "")/\(name)"
    }

    /// Most urgent first: severity, then incidents with an action, then the class order.
    static func moreUrgent(_ lhs: Incident, _ rhs: Incident) -> Bool {
        if lhs.finding.severity != rhs.finding.severity { return lhs.finding.severity < rhs.finding.severity }
        if (lhs.finding.action != nil) != (rhs.finding.action != nil) { return lhs.finding.action != nil }
        if lhs.finding.class != rhs.finding.class { return lhs.finding.class < rhs.finding.class }
        return lhs.key < rhs.key
    }
}

/// Detection timing of one incident (for logs and the latency benchmark).
public struct DetectionRecord: Sendable, Hashable {
    public var key: String
    public var namespace: String?
    /// When the first triggering event reached the watcher.
    public var receivedAt: Date
    public var actionName: String?
    public var actionCreatedAt: Date?
    /// When the message (detailed, or the summary tail it was counted in) went to the channels;
    /// nil while held back by the rate limit.
    public var handedAt: Date?
}

/// Counters for `/status`, logs and tests.
public struct WatcherStats: Sendable, Hashable {
    public var eventsReceived = 0
    /// Full lists of an event API taken in (the first of each API primes the dedupe state, so
    /// two mean the watcher is live on both event APIs).
    public var snapshots = 0
    public var failureEvents = 0
    /// Failure events about an object an open action already stands for (not diagnosed again).
    public var eventsCovered = 0
    public var cycles = 0
    public var failedCycles = 0
    public var incidents = 0
    public var actionsCreated = 0
    public var actionsReused = 0
    public var messages = 0
    public var heldBack = 0
    public var knownActions = 0
    /// Re-diagnoses of failures that had no action yet, and how many objects are being re-checked.
    public var rechecks = 0
    public var rechecking = 0
    /// Cool-down entries read back at start-up, and failed writes of them.
    public var cooldownsRestored = 0
    public var cooldownSaveFailures = 0
    public var lastCycleAt: Date?
    public var lastError: String?

    public init() {}

    public var text: String {
        var lines = [
            "events received: \(eventsReceived) (failure events: \(failureEvents), about objects an open action covers: \(eventsCovered))",
            "detection cycles: \(cycles) (failed: \(failedCycles))",
            "incidents: \(incidents); actions created: \(actionsCreated), reused: \(actionsReused); open actions known: \(knownActions)",
            "messages: \(messages); held back by the rate limit: \(heldBack)",
            "re-checks: \(rechecks) (objects re-checked now: \(rechecking)); cool-downs restored: \(cooldownsRestored)",
        ]
        if let lastCycleAt { lines.append("last cycle: \(lastCycleAt)") }
        if let lastError { lines.append("last error: \(lastError)") }
        return lines.joined(separator: "\n")
    }
}
