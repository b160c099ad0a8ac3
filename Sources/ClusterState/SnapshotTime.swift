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

    /// `observationTimeKeys` matched against raw JSON bytes.
    static let observationTimeKeySet = JSONKeySet(observationTimeKeys)

    /// The newest observation time anywhere in the objects: "now" for a snapshot (DESIGN.md section 5).
    public static func newestTimestamp(in objects: [KubeObject]) -> Date? {
        var newest: Date?
        for object in objects {
            if let date = newestTimestamp(in: object.raw), newest.map({ date > $0 }) ?? true { newest = date }
        }
        return newest
    }

    /// The newest observation time anywhere in one JSON value.
    static func newestTimestamp(in value: JSONValue) -> Date? {
        var newest: Date?
        func visit(_ value: JSONValue) {
            switch value {
            case .object(let fields):
                for (key, field) in fields {
                    switch field {
                    case .string(let text):
                        // Only a string that can be a timestamp costs a key look-up.
                        guard text.utf8.count >= 20, let first = text.utf8.first, first >= 0x30, first <= 0x39,
                            observationTimeKeys.contains(key), let date = KubeTime.parse(text)
                        else { continue }
                        if newest.map({ date > $0 }) ?? true { newest = date }
                    case .object, .array:
                        visit(field)
                    default:
                        break
                    }
                }
            case .array(let items): items.forEach(visit)
            default: break
            }
        }
        visit(value)
        return newest
    }
}
