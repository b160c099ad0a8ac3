import Foundation
import KubeAPI
import KubeModels

/// Finds the workload controllers a ResourceQuota blocked: those with a recent `FailedCreate`
/// event saying `exceeded quota: NAME`. Their pod-creation backoff grows to 1000 s, so after the
/// quota is gone they are nudged (an annotation) to retry at once.
public struct BlockedControllerFinder: Sendable {
    /// Only events seen within this window count (default 60 minutes, the diagnosis look-back).
    public var lookback: TimeInterval
    /// At most this many controllers are nudged.
    public var limit: Int

    public init(lookback: TimeInterval = 3600, limit: Int = 20) {
        self.lookback = lookback
        self.limit = limit
    }

    /// The blocked controllers of quota `name` in `namespace`, from the namespace's events.
    public func find(quota name: String, namespace: String, reader: KubeClient, now: Date) async throws
        -> [WorkloadReference]
    {
        let events = try await reader.listAll(.events, namespace: namespace)
        return blocked(by: name, events: events.items, now: now)
    }

    /// The same, over already-fetched core/v1 events.
    public func blocked(by quota: String, events: [JSONValue], now: Date) -> [WorkloadReference] {
        var found: [WorkloadReference: Date] = [:]
        for raw in events {
            guard raw["reason"]?.stringValue == "FailedCreate", let message = raw["message"]?.stringValue,
                Self.message(message, namesQuota: quota),
                let kind = raw[path: "involvedObject", "kind"]?.stringValue,
                WorkloadReference.controllerKinds[kind] != nil,
                let name = raw[path: "involvedObject", "name"]?.stringValue, !name.isEmpty
            else { continue }
            let seen = Self.lastSeen(raw) ?? .distantPast
            guard now.timeIntervalSince(seen) <= lookback else { continue }
            let reference = WorkloadReference(kind: kind, name: name)
            found[reference] = max(found[reference] ?? .distantPast, seen)
        }
        return found.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.description < $1.key.description }
            .prefix(limit).map(\.key)
    }

    /// `... exceeded quota: NAME, requested: ...` names exactly this quota.
    static func message(_ message: String, namesQuota quota: String) -> Bool {
        let marker = "exceeded quota: " + quota
        var search = message[...]
        while let range = search.range(of: marker) {
            let rest = search[range.upperBound...]
            if rest.isEmpty || rest.first == "," || rest.first == " " { return true }
            search = rest
        }
        return false
    }

    /// The newest time an event was seen, whichever fields its writer filled.
    static func lastSeen(_ event: JSONValue) -> Date? {
        let candidates = [
            event[path: "series", "lastObservedTime"], event["lastTimestamp"], event["eventTime"],
            event["firstTimestamp"], event[path: "metadata", "creationTimestamp"],
        ]
        for candidate in candidates {
            if let text = candidate?.stringValue, let date = KubeTime.parse(text) { return date }
        }
        return nil
    }
}
