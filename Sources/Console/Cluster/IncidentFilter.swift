import Foundation
import KubeModels

/// Decides which Kubernetes Events are failure events ("active incidents"). A protocol so the
/// console can use the Watcher's filter once it exists without depending on the Watcher target.
public protocol IncidentEventFilter: Sendable {
    func isFailure(_ event: JSONValue) -> Bool
}

/// The failure signals of DESIGN.md section 3 as Event reasons: a Warning Event with one of these
/// reasons is an incident. Stand-in for the Watcher's filter (same list, kept here on purpose so
/// the console does not depend on the Watcher target).
public struct FailureReasonFilter: IncidentEventFilter {
    public static let reasons: Set<String> = [
        "FailedCreate", "Failed", "BackOff", "ErrImagePull", "ImagePullBackOff", "InvalidImageName",
        "CrashLoopBackOff", "OOMKilled", "OOMKilling", "FailedScheduling", "CreateContainerConfigError",
        "FailedMount", "FailedAttachVolume", "Unhealthy", "NodeNotReady", "FailedBinding", "ProvisioningFailed",
        "ProgressDeadlineExceeded", "Evicted", "FailedKillPod",
    ]

    public init() {}

    public func isFailure(_ event: JSONValue) -> Bool {
        guard event["type"]?.stringValue == "Warning", let reason = event["reason"]?.stringValue else { return false }
        return Self.reasons.contains(reason)
    }
}
