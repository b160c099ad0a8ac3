import Foundation
import KubeModels

/// One event as the tools print it (either event API), newest occurrence in `lastSeen`.
public struct EventSummary: Codable, Sendable, Hashable {
    /// `Normal` or `Warning`.
    public var type: String
    public var reason: String
    /// The message as the cluster sent it (text output cleans it).
    public var message: String
    public var count: Int
    public var firstSeen: Date?
    public var lastSeen: Date?
    /// The reporting component (`kubelet`, `default-scheduler`, ...).
    public var source: String
    /// `v1` or `events.k8s.io/v1`.
    public var api: String

    public init(_ event: NormalizedEvent) {
        type = event.type
        reason = event.reason
        message = event.plainMessage
        count = event.count
        firstSeen = event.firstSeen
        lastSeen = event.lastSeen ?? event.firstSeen
        source = event.source
        api = event.api
    }
}

extension Array where Element == EventSummary {
    /// An events table (TYPE, REASON, AGE, COUNT, MESSAGE), newest first as given.
    func table(now: Date, messageLimit: Int = 500) -> TextTable {
        var table = TextTable(headers: ["Type", "Reason", "Age", "Count", "Message"])
        for event in self {
            table.append([
                TextCell(event.type, tone: event.type == "Warning" ? .warn : .plain), TextCell(event.reason),
                TextCell(Age.since(event.lastSeen, now: now)), TextCell(String(event.count)),
                TextCell(TerminalText.clean(event.message, limit: messageLimit)),
            ])
        }
        return table
    }
}
