import Diagnosis
import Foundation
import KubeModels

/// `kars-sre actions`: one row per KarsSREAction (ID, phase, type, target, age, detector).
public struct ActionList: Encodable, Sendable {
    /// One action, as listed.
    public struct Row: Encodable, Sendable {
        public var id: String
        public var phase: String
        public var type: String
        public var namespace: String
        public var name: String
        public var kind: String?
        public var container: String?
        public var image: String?
        public var replicas: Int?
        public var createdAt: Date?
        public var detector: String
        public var message: String?
    }

    public var actions: [Row]
    let now: Date

    public init(_ actions: [ActionObject], now: Date) {
        self.now = now
        self.actions = actions.map { action in
            let target = action.target
            return Row(
                id: action.name, phase: action.phase.rawValue, type: action.spec.action.type,
                namespace: target.namespace, name: target.name, kind: target.kind, container: target.container,
                image: target.image, replicas: target.replicas, createdAt: action.createdAt, detector: action.detector,
                message: action.status.message)
        }
    }

    private enum CodingKeys: String, CodingKey { case actions }

    static func tone(_ phase: String) -> Tone {
        switch ActionPhase(rawValue: phase) {
        case .recovered: return .good
        case .failed: return .bad
        case .proposed, .approved: return .warn
        case .expired, .rejected: return .dim
        default: return .plain
        }
    }
}

extension ActionList: TextRenderable {
    public func renderText(style: TextStyle) -> String {
        guard !actions.isEmpty else { return "No KarsSREActions.\n" }
        var table = TextTable(headers: ["id", "phase", "type", "target", "age", "detector"])
        for row in actions {
            var target = "\(row.namespace)/\(row.name)"
            if let kind = row.kind { target = "\(kind) \(target)" }
            if let image = row.image { target += " image=\(image)" }
            if let replicas = row.replicas { target += " replicas=\(replicas)" }
            table.append([
                TextCell(row.id), TextCell(row.phase, tone: Self.tone(row.phase)), TextCell(row.type),
                TextCell(TerminalText.clean(target, limit: 100)), TextCell(Age.since(row.createdAt, now: now)),
                TextCell(row.detector),
            ])
        }
        return table.render(style: style)
    }
}
