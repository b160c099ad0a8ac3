import Foundation
import KubeModels


/// `/api/incidents`: failure Events of the last window (15 minutes by default), newest first, one
/// row per involved object and reason (repeats are counted, as `kubectl get events` aggregates).
public struct IncidentList: Encodable, Sendable, Equatable {
    /// One failure signal.
    public struct Incident: Encodable, Sendable, Equatable {
        public var namespace: String
        public var kind: String
        public var name: String
        public var reason: String
        /// The Event's message: cluster text, shown escaped, never interpreted.
        public var message: String
        public var count: Int
        public var lastSeen: Date?
    }

    public var windowSeconds: Int
    public var incidents: [Incident]

    public init(events: [JSONValue], filter: any IncidentEventFilter, now: Date, window: TimeInterval) {
        windowSeconds = Int(window)
        var rows: [String: Incident] = [:]
        for event in events where filter.isFailure(event) {
            guard let seen = Self.lastSeen(event), now.timeIntervalSince(seen) <= window else { continue }
            let involved = event["involvedObject"] ?? .null
            let row = Incident(
                namespace: involved["namespace"]?.stringValue ?? event[path: "metadata", "namespace"]?.stringValue ?? "",
                kind: involved["kind"]?.stringValue ?? "", name: involved["name"]?.stringValue ?? "",
                reason: event["reason"]?.stringValue ?? "", message: ActionTextLimit.clip(event["message"]?.stringValue ?? ""),
                count: Int(event["count"]?.intValue ?? event[path: "series", "count"]?.intValue ?? 1), lastSeen: seen)
            let key = "\(row.namespace)/\(row.kind)/\(row.name)/\(row.reason)"
            if var existing = rows[key] {
                existing.count += row.count
                if (row.lastSeen ?? .distantPast) > (existing.lastSeen ?? .distantPast) {
                    existing.lastSeen = row.lastSeen
                    existing.message = row.message
                }
                rows[key] = existing
            } else {
                rows[key] = row
            }
        }
        incidents = rows.values.sorted { ($0.lastSeen ?? .distantPast, $0.name) > ($1.lastSeen ?? .distantPast, $1.name) }
    }

    /// The newest of lastTimestamp, series.lastObservedTime, eventTime, firstTimestamp, creation.
    static func lastSeen(_ event: JSONValue) -> Date? {
        let candidates = [
            event["lastTimestamp"], event[path: "series", "lastObservedTime"], event["eventTime"],
            event["firstTimestamp"], event[path: "metadata", "creationTimestamp"],
        ]
        return candidates.compactMap { $0?.stringValue }.compactMap(KubeTime.parse).max()
    }
}

/// Cluster text shown by the console is clipped so a hostile Event cannot flood a page.
enum ActionTextLimit {
    static func clip(_ text: String, limit: Int = 1000) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}
