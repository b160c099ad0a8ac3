import Diagnosis
import Foundation
import KubeModels
import Notify

/// Builds the message for one incident from its finding, the events that triggered it and the
/// action created for it, in the fix-proposal structure. Cluster text is cleaned and capped here;
/// each channel escapes it for its markup.
struct NotificationComposer: Sendable {
    var consoleURL: String?
    var ttlMinutes: Int

    func compose(_ incident: Incident, actionName: String?, at date: Date) -> IncidentNotification {
        let finding = incident.finding
        let object = "\(finding.kind) \(finding.namespace.map { "\($0)/" } ?? "")\(finding.name)"
        var proposedFix: String
        var whySafe: String?
        var rollback: String?
        var approval: IncidentNotification.Approval?
        if let action = finding.action, let actionName {
            proposedFix = "\(action.type.rawValue) \(action.namespace)/\(action.name)"
            if let image = action.image { proposedFix += " (image \(image))" }
            if let replicas = action.replicas { proposedFix += " (replicas \(replicas))" }
            proposedFix += ", proposed as KarsSREAction \(actionName)"
            whySafe = FixExplanation.whySafe(action.type, ttlMinutes: ttlMinutes)
            rollback = FixExplanation.rollback(action.type, actionName: actionName)
            let link = consoleURL.map { base in
                (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/actions/\(actionName)"
            }
            approval = IncidentNotification.Approval(actionName: actionName, consoleURL: link)
        } else {
            proposedFix = "No typed action: " + (incident.withheld ?? finding.actionWithheld
                ?? "a human must change what the root cause names")
        }
        return IncidentNotification(
            key: incident.key, severity: finding.severity.rawValue, title: "\(finding.class.rawValue): \(object)",
            symptom: symptom(incident.triggers), evidence: finding.evidence.prefix(8).map { clean($0, 400) },
            rootCause: clean(finding.summary, 800), proposedFix: clean(proposedFix, 600), whySafe: whySafe,
            rollback: rollback, approval: approval, detectedAt: date)
    }

    /// `FailedCreate on ReplicaSet kars-research/research-84dwh4l6hs: <message>` plus how many
    /// events on how many objects.
    func symptom(_ triggers: [NormalizedEvent]) -> String {
        guard let newest = triggers.max(by: { ($0.lastSeen ?? .distantPast) < ($1.lastSeen ?? .distantPast) }) else {
            return "Current cluster state (no triggering event)"
        }
        let namespace = newest.object.namespace ?? newest.namespace
        var text = "\(newest.reason) on \(newest.object.kind ?? "object") \(namespace.map { "\($0)/" } ?? "")\(newest.object.name ?? "?")"
        text += ": " + clean(newest.plainMessage, 300)
        let objects = Set(triggers.map { "\($0.object.kind ?? "")/\($0.object.name ?? "")" }).count
        if triggers.count > 1 {
            text += " (\(triggers.count) failure events on \(objects) object\(objects == 1 ? "" : "s"))"
        }
        return text
    }

    func clean(_ text: String, _ limit: Int) -> String { TextEscaping.clean(text, limit: limit) }
}
