import Foundation

/// The console page and its live sections. Each section is rendered on its own so live updates
/// replace exactly the section that the server rendered, with the same escaping.
enum ConsoleView {
    /// Section ids, in page order.
    static let sections = ["pending", "inflight", "health", "incidents", "recent"]

    static func body(_ snapshot: ConsoleSnapshot, csrf: String, canDecide: Bool, notice: String?) -> String {
        let parts = sectionHTML(snapshot, csrf: csrf, canDecide: canDecide)
        var html = ""
        if let notice { html += "<p class=\"flash\" role=\"status\">\(HTML.escape(notice))</p>" }
        html += "<div class=\"grid\">"
        for (id, title) in zip(sections, ["Pending approval", "In flight", "Cluster health", "Active incidents", "Recent"]) {
            html += """
                <section aria-labelledby="\(id)-title" class="panel panel-\(id)">
                <h2 id="\(id)-title">\(title)</h2>
                <div id="\(id)" data-live>\(parts[id] ?? "")</div>
                </section>
                """
        }
        return html + "</div>"
    }

    static func sectionHTML(_ snapshot: ConsoleSnapshot, csrf: String, canDecide: Bool) -> [String: String] {
        let now = snapshot.generatedAt
        return [
            "pending": cards(snapshot.pending, now: now, empty: "Nothing waits for a decision.") { card in
                decisionForms(id: card.id, csrf: csrf, canDecide: canDecide)
            },
            "inflight": cards(snapshot.inFlight, now: now, empty: "No action is running.") { _ in "" },
            "health": health(snapshot.health),
            "incidents": incidents(snapshot.incidents, now: now),
            "recent": cards(snapshot.recent, now: now, empty: "No action ended in the last hour.") { _ in "" },
        ]
    }

    static func phaseBadge(_ phase: String) -> String {
        "<span class=\"badge phase-\(HTML.escape(phase.lowercased()))\">\(HTML.escape(phase))</span>"
    }

    static func cards(
        _ cards: [ConsoleSnapshot.Card], now: Date, empty: String, extra: (ConsoleSnapshot.Card) -> String
    ) -> String {
        guard !cards.isEmpty else { return "<p class=\"empty\">\(empty)</p>" }
        var html = "<ul class=\"cards\">"
        for card in cards {
            let link = "/actions/\(HTML.pathSegment(card.id))"
            html += "<li class=\"card\" data-action=\"\(HTML.escape(card.id))\" data-phase=\"\(HTML.escape(card.phase))\">"
            html += "<div class=\"card-head\">\(phaseBadge(card.phase)) <a href=\"\(link)\">\(HTML.escape(card.type))</a>"
            html += " <span class=\"muted\">\(HTML.time(card.since ?? card.createdAt, now: now))</span></div>"
            html += "<div class=\"target\">\(HTML.escape(card.target))</div>"
            if let summary = card.summary { html += "<p class=\"summary\">\(HTML.escape(summary))</p>" }
            if let preview = card.preview { html += "<p class=\"preview\"><span class=\"label\">Preview</span> \(HTML.escape(preview))</p>" }
            if let by = card.approvedBy { html += "<p class=\"muted\">Decided by \(HTML.escape(by))</p>" }
            if let message = card.message { html += "<p class=\"message\">\(HTML.escape(message))</p>" }
            html += extra(card)
            html += "</li>"
        }
        return html + "</ul>"
    }

    static func decisionForms(id: String, csrf: String, canDecide: Bool) -> String {
        let base = "/actions/\(HTML.pathSegment(id))"
        let escapedID = HTML.escape(id)
        let disabled = canDecide ? "" : " disabled title=\"Your identity may not approve or reject actions\""
        return """
            <div class="decide">
            <form method="post" action="\(base)/approve" class="inline" data-decision>
            \(Layout.csrfField(csrf))<button type="submit" class="approve"\(disabled) aria-label="Approve \(escapedID)">Approve</button>
            </form>
            <form method="post" action="\(base)/reject" class="reject" data-decision>
            \(Layout.csrfField(csrf))<label for="reason-\(escapedID)">Reason</label>
            <input id="reason-\(escapedID)" name="reason" maxlength="1024" placeholder="why not" required>
            <button type="submit" class="rejectb"\(disabled) aria-label="Reject \(escapedID)">Reject</button>
            </form>
            </div>
            """
    }

    static func health(_ report: HealthReport) -> String {
        var html = "<p class=\"overall \(report.overall == "Healthy" ? "ok" : "bad")\"><strong>\(HTML.escape(report.overall))</strong>"
        html += " · \(report.workloadsHealthy)/\(report.workloadsTotal) workloads available</p>"
        if !report.sandboxes.isEmpty {
            html += "<table class=\"sandboxes\"><caption>KarsSandboxes</caption><thead><tr><th scope=\"col\">Sandbox</th><th scope=\"col\">State</th><th scope=\"col\">Available</th><th scope=\"col\">Look in</th></tr></thead><tbody>"
            for sandbox in report.sandboxes {
                let tone = sandbox.state == HealthReport.healthy ? "ok" : "bad"
                html += "<tr data-sandbox=\"\(HTML.escape(sandbox.name))\"><th scope=\"row\">\(HTML.escape(sandbox.namespace))/\(HTML.escape(sandbox.name))</th>"
                html += "<td><span class=\"badge \(tone)\">\(HTML.escape(sandbox.state))</span>"
                if let message = sandbox.message { html += "<div class=\"muted\">\(HTML.escape(message))</div>" }
                html += "</td><td>\(sandbox.available)/\(sandbox.desired)</td><td><code>\(HTML.escape(sandbox.workloadNamespace))</code></td></tr>"
            }
            html += "</tbody></table>"
        }
        if !report.unhealthy.isEmpty {
            html += "<table class=\"workloads\"><caption>Workloads not available</caption><thead><tr><th scope=\"col\">Workload</th><th scope=\"col\">Available</th></tr></thead><tbody>"
            for workload in report.unhealthy.prefix(50) {
                html += "<tr><th scope=\"row\">\(HTML.escape(workload.kind)) \(HTML.escape(workload.namespace))/\(HTML.escape(workload.name))</th>"
                html += "<td>\(workload.available)/\(workload.desired)</td></tr>"
            }
            html += "</tbody></table>"
        }
        return html
    }

    static func incidents(_ list: IncidentList, now: Date) -> String {
        guard !list.incidents.isEmpty else {
            return "<p class=\"empty\">No failure events in the last \(list.windowSeconds / 60) minutes.</p>"
        }
        var html = "<ul class=\"incidents\">"
        for incident in list.incidents.prefix(50) {
            html += "<li><span class=\"badge bad\">\(HTML.escape(incident.reason))</span> "
            html += "<strong>\(HTML.escape(incident.kind)) \(HTML.escape(incident.namespace))/\(HTML.escape(incident.name))</strong>"
            html += " <span class=\"muted\">×\(incident.count) · \(HTML.time(incident.lastSeen, now: now))</span>"
            html += "<div class=\"event-message\">\(HTML.escape(incident.message))</div></li>"
        }
        return html + "</ul>"
    }
}
