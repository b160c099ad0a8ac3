import Foundation
import KubeModels

/// Decides recovery after an action was applied (DESIGN.md section 6): every workload of the
/// target namespace is available, and no new failure event about the target arrived during the
/// settle window. Pure: the controller feeds it what its watches see.
public struct RecoveryEvaluator: Sendable {
    /// How long everything must stay healthy and quiet (default 20 s).
    public var settle: TimeInterval
    /// Event reasons that mean something still fails.
    public static let failureReasons: Set<String> = [
        "FailedCreate", "Failed", "BackOff", "FailedScheduling", "FailedMount", "FailedAttachVolume", "Unhealthy",
        "ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff", "InspectFailed", "ErrImageNeverPull",
        "ProgressDeadlineExceeded", "FailedKillPod", "Evicted",
    ]

    public init(settle: TimeInterval = 20) {
        self.settle = settle
    }

    /// What the evaluation found.
    public enum Verdict: Sendable, Equatable {
        /// Some workloads are not available.
        case unavailable([WorkloadHealth])
        /// All available; settling until the date (the newest failure event or the availability
        /// transition, plus the settle window).
        case settling(until: Date)
        case recovered
    }

    /// `availableSince`: when the controller first saw everything available (the WorkloadsAvailable
    /// condition's transition time); `lastFailure`: the newest relevant failure event.
    public func evaluate(workloads: [WorkloadHealth], availableSince: Date?, lastFailure: Date?, now: Date) -> Verdict {
        let down = workloads.filter { !$0.available }
        guard down.isEmpty else { return .unavailable(down) }
        let since = [availableSince ?? now, lastFailure ?? .distantPast].max() ?? now
        let until = since.addingTimeInterval(settle)
        return until <= now ? .recovered : .settling(until: until)
    }
}

/// Which Warning events count as "still failing" for one action: events about the target, the
/// workloads whose names it prefixes (ReplicaSets and pods of a Deployment), the controllers a
/// quota blocked, or a quota rejection naming the target quota.
public struct FailureEventFilter: Sendable, Hashable {
    public var namespace: String
    public var names: Set<String>
    public var prefixes: [String]
    public var messageMarkers: [String]

    public init(namespace: String, names: Set<String>, prefixes: [String], messageMarkers: [String] = []) {
        self.namespace = namespace
        self.names = names
        self.prefixes = prefixes
        self.messageMarkers = messageMarkers
    }

    /// The filter for an action.
    public init(action: ActionObject) {
        let target = action.target
        var names: Set<String> = [target.name]
        var prefixes = [target.name + "-"]
        var markers: [String] = []
        switch action.actionType {
        case .deleteResourceQuota, .restoreResourceQuota:
            markers.append("exceeded quota: \(target.name)")
            for nudged in action.status.preview?.nudge ?? [] {
                guard let reference = WorkloadReference(nudged) else { continue }
                names.insert(reference.name)
                prefixes.append(reference.name + "-")
            }
        case .deletePod:
            if let owner = action.status.preview?.wouldDelete?["owner"]?.stringValue {
                prefixes.append(owner + "-")
            }
        default:
            break
        }
        self.init(namespace: target.namespace, names: names, prefixes: prefixes, messageMarkers: markers)
    }

    /// The newest time a matching failure event was seen after `after`.
    public func newestFailure(in events: [JSONValue], after: Date) -> Date? {
        var newest: Date?
        for event in events {
            guard event[path: "metadata", "namespace"]?.stringValue == namespace,
                event["type"]?.stringValue == "Warning",
                let reason = event["reason"]?.stringValue, RecoveryEvaluator.failureReasons.contains(reason),
                let seen = BlockedControllerFinder.lastSeen(event), seen > after
            else { continue }
            let name = event[path: "involvedObject", "name"]?.stringValue ?? ""
            let message = event["message"]?.stringValue ?? ""
            let matches =
                names.contains(name) || prefixes.contains { name.hasPrefix($0) }
                || messageMarkers.contains { BlockedControllerFinder.message(message, namesQuota: String($0.dropFirst("exceeded quota: ".count))) }
            if matches, newest.map({ seen > $0 }) ?? true { newest = seen }
        }
        return newest
    }
}
