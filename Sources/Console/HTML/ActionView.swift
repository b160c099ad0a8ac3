import Foundation
import KubeModels
import Remediation

/// The action page: diagnosis, evidence, rationale, preview, rollback, execution and the
/// condition timeline of one KarsSREAction, with the decision forms while it waits for one.
enum ActionView {
    static func body(_ action: ActionObject, events: [ActionDetail.EventLine], now: Date, csrf: String, canDecide: Bool)
        -> String
    {
        let spec = action.spec
        let status = action.status
        var html = "<p><a href=\"/\">← Console</a></p>"
        html += "<h1>\(HTML.escape(spec.action.type)) <span class=\"muted\">\(HTML.escape(action.name))</span></h1>"
        html += "<div id=\"action\" data-live data-action=\"\(HTML.escape(action.name))\">"
        html += "<dl class=\"facts\">"
        func fact(_ label: String, _ value: String) { html += "<dt>\(label)</dt><dd>\(value)</dd>" }
        fact("Phase", ConsoleView.phaseBadge(action.phase.rawValue) + (status.message.map { " " + HTML.escape($0) } ?? ""))
        fact("Target", HTML.escape(ConsoleSnapshot.card(action).target))
        var source = HTML.escape(action.detector.isEmpty ? "unknown" : action.detector)
        if let key = action.incidentKey { source += " · incident <code>\(HTML.escape(key))</code>" }
        if let undo = spec.undoOf { source += " · undo of <a href=\"/actions/\(HTML.pathSegment(undo))\">\(HTML.escape(undo))</a>" }
        fact("Source", source)
        fact("Created", HTML.time(action.createdAt, now: now) + " · TTL \(action.ttlMinutes) min")
        var approval = HTML.escape(spec.approval?.state ?? "Pending")
        if let by = spec.approval?.by {
            approval += " by <strong>\(HTML.escape(by))</strong>"
            if spec.approvalState != .pending { approval += spec.approval?.verified == false ? " (unverified)" : " (verified)" }
        }
        if let at = spec.approval?.at { approval += " · " + HTML.time(at, now: now) }
        if let reason = spec.approval?.reason, !reason.isEmpty { approval += " — \(HTML.escape(reason))" }
        fact("Approval", approval)
        html += "</dl>"
        if action.phase == .proposed && spec.approvalState == .pending {
            html += "<section aria-labelledby=\"decide-title\"><h2 id=\"decide-title\">Decision</h2>"
            html += ConsoleView.decisionForms(id: action.name, csrf: csrf, canDecide: canDecide) + "</section>"
        }
        html += "<section aria-labelledby=\"diag-title\"><h2 id=\"diag-title\">Diagnosis</h2>"
        if let diagnosis = spec.diagnosis {
            html += "<p><span class=\"badge\">\(HTML.escape(diagnosis.class))</span> \(HTML.escape(diagnosis.summary ?? ""))</p>"
            let evidence = diagnosis.evidence ?? []
            if !evidence.isEmpty {
                html += "<h3>Evidence</h3><ul class=\"evidence\">"
                for line in evidence.prefix(30) { html += "<li><code>\(HTML.escape(line))</code></li>" }
                html += "</ul>"
            }
        } else {
            html += "<p class=\"empty\">No diagnosis attached.</p>"
        }
        if let rationale = spec.rationale { html += "<h3>Rationale</h3><p>\(HTML.escape(rationale))</p>" }
        html += "</section>"
        html += "<section aria-labelledby=\"preview-title\"><h2 id=\"preview-title\">Preview</h2>" + preview(status.preview, now: now) + "</section>"
        html += "<section aria-labelledby=\"rollback-title\"><h2 id=\"rollback-title\">Rollback</h2>" + rollback(status.rollback, name: action.name) + "</section>"
        if let execution = status.execution {
            html += "<section aria-labelledby=\"exec-title\"><h2 id=\"exec-title\">Execution</h2><p>"
            html += "Attempt <code>\(HTML.escape(execution.attempt))</code> by \(HTML.escape(execution.holder ?? "?")), "
            html += "\(execution.attempts ?? 1) attempt(s), started \(HTML.time(execution.startedAt, now: now))"
            if let error = execution.lastError { html += "; last error: \(HTML.escape(error))" }
            html += "</p>"
            if let applied = status.appliedAt { html += "<p>Applied \(HTML.time(applied, now: now))</p>" }
            if let recovered = status.recoveredAt { html += "<p>Recovered \(HTML.time(recovered, now: now))</p>" }
            html += "</section>"
        }
        html += "<section aria-labelledby=\"timeline-title\"><h2 id=\"timeline-title\">Condition timeline</h2>"
        let conditions = (status.conditions ?? []).sorted { ($0.lastTransitionTime ?? .distantPast) < ($1.lastTransitionTime ?? .distantPast) }
        if conditions.isEmpty {
            html += "<p class=\"empty\">The controller has not reported any condition yet.</p>"
        } else {
            html += "<ol class=\"timeline\">"
            for condition in conditions {
                let tone = condition.status == "True" ? "ok" : "muted"
                html += "<li><span class=\"badge \(tone)\">\(HTML.escape(condition.type))=\(HTML.escape(condition.status))</span> "
                html += "\(HTML.escape(condition.reason ?? "")) \(HTML.time(condition.lastTransitionTime, now: now))"
                if let message = condition.message, !message.isEmpty { html += "<div class=\"muted\">\(HTML.escape(message))</div>" }
                html += "</li>"
            }
            html += "</ol>"
        }
        html += "</section>"
        if !events.isEmpty {
            html += "<section aria-labelledby=\"events-title\"><h2 id=\"events-title\">Events</h2><table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Type</th><th scope=\"col\">Reason</th><th scope=\"col\">Message</th></tr></thead><tbody>"
            for event in events.suffix(50) {
                html += "<tr><td>\(HTML.time(event.time, now: now))</td><td>\(HTML.escape(event.type))</td><td>\(HTML.escape(event.reason))</td><td>\(HTML.escape(event.message))</td></tr>"
            }
            html += "</tbody></table></section>"
        }
        return html + "</div>"
    }

    static func preview(_ preview: ActionPreview?, now: Date) -> String {
        guard let preview else {
            return "<p class=\"empty\">None yet: the controller makes a server-side dry run before approval.</p>"
        }
        var html = "<p>\(HTML.escape(preview.summary))\(preview.dryRun ? " <span class=\"badge ok\">server-side dry run</span>" : "")</p><ul>"
        if let before = preview.imageBefore { html += "<li>Image: <code>\(HTML.escape(before))</code> → <code>\(HTML.escape(preview.imageAfter ?? "?"))</code></li>" }
        if let before = preview.replicasBefore { html += "<li>Replicas: \(before) → \(preview.replicasAfter.map(String.init) ?? "?")</li>" }
        if let nudge = preview.nudge, !nudge.isEmpty { html += "<li>Nudges: \(nudge.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", "))</li>" }
        if let hard = preview.wouldDelete?["hard"]?.objectValue {
            let limits = hard.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.stringValue ?? $0.value.jsonString())" }
            html += "<li>Would delete a quota with hard limits <code>\(HTML.escape(limits.joined(separator: ", ")))</code></li>"
        }
        return html + "</ul>"
    }

    static func rollback(_ rollback: ActionRollback?, name: String) -> String {
        guard let rollback else { return "<p class=\"empty\">None yet: recorded when the action is executed.</p>" }
        var items: [String] = []
        if let quota = rollback.quota { items.append("Deleted quota hard limits: <code>\(HTML.escape(quota.hardDescription))</code>") }
        if let image = rollback.previousImage {
            items.append("Previous image of \(HTML.escape(rollback.container ?? "?")): <code>\(HTML.escape(image))</code>")
        }
        if let replicas = rollback.previousReplicas { items.append("Previous replicas: \(replicas)") }
        if let note = rollback.note { items.append(HTML.escape(note)) }
        return "<ul>" + items.map { "<li>\($0)</li>" }.joined() + "</ul><p class=\"muted\">Undo with <code>kars-sre undo \(HTML.escape(name))</code>: it proposes the inverse as a new action.</p>"
    }
}
