import Foundation
import KubeModels

extension ClusterState {
    /// Timestamp fields that say when something happened (deletionTimestamp is left out: it is a
    /// deadline in the future, not an observation).
    static let observationTimeKeys: Set<String> = [
        "creationTimestamp", "firstTimestamp", "lastTimestamp", "eventTime", "lastObservedTime",
        "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "lastTransitionTime", "lastHeartbeatTime",
        "lastProbeTime", "lastUpdateTime", "startedAt", "finishedAt", "startTime", "completionTime",
        "renewTime", "acquireTime", "lastScheduleTime", "lastSuccessfulTime", "timeAdded",
    ]

    /// The newest observation time anywhere in the objects: "now" for a snapshot (DESIGN.md section 5).
    public static func newestTimestamp(in objects: [KubeObject]) -> Date? {
        var newest: Date?
        func visit(_ value: JSONValue) {
            switch value {
            case .object(let fields):
                for (key, field) in fields {
                    if observationTimeKeys.contains(key), let text = field.stringValue, let date = KubeTime.parse(text) {
                        if newest.map({ date > $0 }) ?? true { newest = date }
                    } else {
                        visit(field)
                    }
                }
            case .array(let items): items.forEach(visit)
            default: break
            }
        }
        objects.forEach { visit($0.raw) }
        return newest
    }
}
