import Foundation
import KubeModels
import Remediation

/// What the console page shows at one moment, built from the watch caches: actions waiting for a
/// decision, actions in flight, recent terminal actions, cluster health and active incidents.
public struct ConsoleSnapshot: Encodable, Sendable {
    /// One action as a card.
    public struct Card: Encodable, Sendable, Equatable {
        public var id: String
        public var phase: String
        public var type: String
        public var target: String
        public var summary: String?
        public var preview: String?
        public var approvedBy: String?
        public var message: String?
        public var createdAt: Date?
        /// When the phase last changed (completion time for terminal actions).
        public var since: Date?
    }

    public var generatedAt: Date
    public var pending: [Card]
    public var inFlight: [Card]
    public var recent: [Card]
    public var health: HealthReport
    public var incidents: IncidentList

    public init(
        actions: [ActionObject], health: HealthReport, incidents: IncidentList, now: Date, recentWindow: TimeInterval
    ) {
        generatedAt = now
        let sorted = actions.sorted { ($0.createdAt ?? .distantPast, $0.name) > ($1.createdAt ?? .distantPast, $1.name) }
        pending = sorted.filter { $0.phase == .proposed && $0.spec.approvalState == .pending }.map(Self.card)
        inFlight = sorted.filter {
            $0.phase == .approved || $0.phase == .applied || ($0.phase == .proposed && $0.spec.approvalState != .pending)
        }.map(Self.card)
        recent = sorted.filter { action in
            guard action.phase.isTerminal else { return false }
            let ended = Self.endedAt(action) ?? action.createdAt ?? .distantPast
            return now.timeIntervalSince(ended) <= recentWindow
        }.map(Self.card)
        self.health = health
        self.incidents = incidents
    }

    static func endedAt(_ action: ActionObject) -> Date? {
        action.status.completedAt ?? action.status.recoveredAt
            ?? action.status.conditions?.compactMap(\.lastTransitionTime).max()
    }

    static func card(_ action: ActionObject) -> Card {
        let target = action.target
        var text = "\(target.namespace)/\(target.name)"
        if let kind = target.kind { text = "\(kind) \(text)" }
        if let image = target.image { text += " → \(image)" }
        if let replicas = target.replicas { text += " → \(replicas) replicas" }
        let since = action.phase.isTerminal
            ? endedAt(action)
            : action.status.conditions?.compactMap(\.lastTransitionTime).max() ?? action.createdAt
        return Card(
            id: action.name, phase: action.phase.rawValue, type: action.spec.action.type, target: text,
            summary: action.spec.diagnosis?.summary, preview: action.status.preview?.summary,
            approvedBy: action.spec.approval?.by, message: action.status.message, createdAt: action.createdAt,
            since: since ?? action.createdAt)
    }
}
