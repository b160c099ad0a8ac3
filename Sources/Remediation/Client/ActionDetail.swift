import Diagnosis
import Foundation
import KubeModels

/// `kars-sre show ID`: the diagnosis, rationale, preview, rollback, execution record, condition
/// timeline and Events of one action. Cluster text is quoted after cleaning, never interpreted.
public struct ActionDetail: Encodable, Sendable {
    /// One Event on the action.
    public struct EventLine: Encodable, Sendable {
        public var time: Date?
        public var type: String
        public var reason: String
        public var message: String
    }

    /// The KarsSREAction as stored.
    public var action: JSONValue
    public var events: [EventLine]
    let object: ActionObject
    let now: Date

    public init(_ object: ActionObject, events: [JSONValue], now: Date) {
        self.object = object
        self.action = object.raw
        self.now = now
        self.events = events.map { event in
            EventLine(
                time: BlockedControllerFinder.lastSeen(event), type: event["type"]?.stringValue ?? "",
                reason: event["reason"]?.stringValue ?? "", message: event["message"]?.stringValue ?? "")
        }
    }

    private enum CodingKeys: String, CodingKey { case action, events }
}

extension ActionDetail: TextRenderable {
    public func renderText(style: TextStyle) -> String {
        let spec = object.spec
        let status = object.status
        var lines: [String] = []
        func field(_ label: String, _ value: String) {
            lines.append((label + ":").padding(toLength: 12, withPad: " ", startingAt: 0) + " " + value)
        }
        func clean(_ text: String) -> String { TerminalText.clean(text, limit: 600) }
        field("Action", "\(object.name) (namespace \(object.namespace))")
        var phase = style.paint(object.phase.rawValue, ActionList.tone(object.phase.rawValue))
        if let message = status.message { phase += " — " + clean(message) }
        field("Phase", phase)
        field("Type", spec.action.type)
        field("Target", targetText())
        var source = object.detector.isEmpty ? "unknown" : object.detector
        if let key = object.incidentKey { source += " (incident \(clean(key)))" }
        if let undone = spec.undoOf { source += ", undo of \(undone)" }
        if let origin = spec.followUpOf { source += ", follow-up of \(origin)" }
        field("Detector", source)
        field("Created", "\(object.createdAt.map(KubeTime.format) ?? "?") (\(Age.since(object.createdAt, now: now)) ago), TTL \(object.ttlMinutes)m")
        field("Approval", approvalText())
        if let diagnosis = spec.diagnosis {
            field("Diagnosis", clean("\(diagnosis.class): \(diagnosis.summary ?? "")"))
            for line in (diagnosis.evidence ?? []).prefix(10) { lines.append("               - " + clean(line)) }
        }
        if let rationale = spec.rationale { field("Rationale", clean(rationale)) }
        field("Preview", previewText(status.preview))
        if let preview = status.preview {
            if let before = preview.imageBefore { lines.append("               image: \(clean(before)) → \(clean(preview.imageAfter ?? "?"))") }
            if let before = preview.replicasBefore { lines.append("               replicas: \(before) → \(preview.replicasAfter.map(String.init) ?? "?")") }
            if let nudge = preview.nudge, !nudge.isEmpty { lines.append("               nudge: \(nudge.joined(separator: ", "))") }
        }
        field("Rollback", rollbackText(status.rollback))
        if let execution = status.execution {
            var text = "attempt \(execution.attempt) by \(execution.holder ?? "?") at "
                + "\(execution.startedAt.map(KubeTime.format) ?? "?"), \(execution.attempts ?? 1) attempt(s)"
            if let error = execution.lastError { text += "; last error: \(clean(error))" }
            field("Execution", text)
        }
        if let applied = status.appliedAt { field("Applied", KubeTime.format(applied)) }
        if let recovered = status.recoveredAt { field("Recovered", KubeTime.format(recovered)) }
        if let followUps = status.followUps, !followUps.isEmpty { field("Follow-ups", followUps.joined(separator: ", ")) }
        var text = lines.joined(separator: "\n") + "\n"
        let conditions = (status.conditions ?? []).sorted { ($0.lastTransitionTime ?? .distantPast) < ($1.lastTransitionTime ?? .distantPast) }
        if !conditions.isEmpty {
            var table = TextTable(headers: ["time", "condition", "status", "reason", "message"])
            for condition in conditions {
                table.append([
                    TextCell(condition.lastTransitionTime.map(KubeTime.format) ?? ""), TextCell(condition.type),
                    TextCell(condition.status, tone: condition.status == "True" ? .good : .dim),
                    TextCell(condition.reason ?? ""), TextCell(TerminalText.clean(condition.message ?? "", limit: 120)),
                ])
            }
            text += "\nTimeline:\n" + table.render(style: style, indent: 2)
        }
        if !events.isEmpty {
            var table = TextTable(headers: ["time", "type", "reason", "message"])
            for event in events {
                table.append([
                    TextCell(event.time.map(KubeTime.format) ?? ""),
                    TextCell(event.type, tone: event.type == "Warning" ? .warn : .plain), TextCell(event.reason),
                    TextCell(TerminalText.clean(event.message, limit: 120)),
                ])
            }
            text += "\nEvents:\n" + table.render(style: style, indent: 2)
        }
        return text
    }

    private func targetText() -> String {
        let target = object.target
        var text = "\(target.namespace)/\(target.name)"
        if let kind = target.kind { text = "\(kind) \(text)" }
        if let container = target.container { text += " container=\(container)" }
        if let image = target.image { text += " image=\(TerminalText.clean(image, limit: 200))" }
        if let replicas = target.replicas { text += " replicas=\(replicas)" }
        if let restore = object.spec.action.restore { text += " restore hard: \(restore.hardDescription)" }
        return text
    }

    private func approvalText() -> String {
        guard let approval = object.spec.approval else { return "Pending" }
        var text = approval.state
        if let by = approval.by {
            text += " by \(TerminalText.clean(by, limit: 200))"
            if approval.state != ApprovalState.pending.rawValue {
                text += approval.verified == false ? " (unverified: kubeconfig user)" : " (verified)"
            }
        }
        if let at = approval.at { text += " at \(KubeTime.format(at))" }
        if let reason = approval.reason, !reason.isEmpty { text += ": \(TerminalText.clean(reason, limit: 300))" }
        return text
    }

    private func previewText(_ preview: ActionPreview?) -> String {
        guard let preview else { return "none yet (the controller makes a server-side dry run before approval)" }
        return TerminalText.clean(preview.summary, limit: 600) + (preview.dryRun ? " (server-side dry run)" : "")
    }

    private func rollbackText(_ rollback: ActionRollback?) -> String {
        guard let rollback else { return "none yet (recorded when the action is executed)" }
        var parts: [String] = []
        if let quota = rollback.quota { parts.append("deleted quota hard: \(quota.hardDescription)") }
        if let image = rollback.previousImage {
            parts.append("previous image of \(rollback.container ?? "?"): \(TerminalText.clean(image, limit: 200))")
        }
        if let replicas = rollback.previousReplicas { parts.append("previous replicas: \(replicas)") }
        if let note = rollback.note { parts.append(note) }
        let undo = (rollback.quota != nil || rollback.previousImage != nil || rollback.previousReplicas != nil)
            ? " — `kars-sre undo \(object.name)` proposes the inverse" : ""
        return parts.joined(separator: "; ") + undo
    }
}
