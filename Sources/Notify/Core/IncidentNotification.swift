import Foundation

/// One message about an incident, in the fix-proposal structure every channel renders (Symptom,
/// Evidence, Root cause, Proposed fix, Why safe, Rollback, how to approve), plus the summary tail
/// of the other incidents collapsed into it. Channel-neutral plain text: each channel escapes it
/// for its own markup, because the text quotes cluster data (event messages, names) that must
/// never be read as markup or instructions.
public struct IncidentNotification: Sendable, Hashable, Codable {
    /// The incident's dedupe key (`DeleteResourceQuota/kars-research/platform-hardening`, or
    /// `class/namespace/object` for findings without an action).
    public var key: String
    /// `critical`, `warning` or `info`; empty for a summary-only message.
    public var severity: String
    /// One line: `QuotaExceeded: Deployment kars-research/research`.
    public var title: String
    public var symptom: String
    public var evidence: [String]
    public var rootCause: String
    public var proposedFix: String
    public var whySafe: String?
    public var rollback: String?
    /// How to approve, when there is an action.
    public var approval: Approval?
    /// Other incidents collapsed into this message, counted by finding class.
    public var others: [String: Int]
    public var detectedAt: Date

    /// The KarsSREAction to approve and the ways to do it.
    public struct Approval: Sendable, Hashable, Codable {
        public var actionName: String
        public var approveCommand: String
        public var rejectCommand: String
        public var consoleURL: String?

        public init(actionName: String, consoleURL: String? = nil) {
            self.actionName = actionName
            self.approveCommand = "kars-sre approve \(actionName)"
            self.rejectCommand = "kars-sre reject \(actionName) --reason \"...\""
            self.consoleURL = consoleURL
        }
    }

    public init(
        key: String, severity: String, title: String, symptom: String, evidence: [String], rootCause: String,
        proposedFix: String, whySafe: String? = nil, rollback: String? = nil, approval: Approval? = nil,
        others: [String: Int] = [:], detectedAt: Date = Date()
    ) {
        self.key = key
        self.severity = severity
        self.title = title
        self.symptom = symptom
        self.evidence = evidence
        self.rootCause = rootCause
        self.proposedFix = proposedFix
        self.whySafe = whySafe
        self.rollback = rollback
        self.approval = approval
        self.others = others
        self.detectedAt = detectedAt
    }

    /// A message that only counts incidents held back by the rate limit.
    public static func summary(_ others: [String: Int], at date: Date = Date()) -> IncidentNotification {
        IncidentNotification(
            key: "summary", severity: "", title: "Incidents held back by the rate limit", symptom: "", evidence: [],
            rootCause: "", proposedFix: "", others: others, detectedAt: date)
    }

    public var isSummaryOnly: Bool { key == "summary" }

    /// `+3 other incidents: 2 FailedScheduling, 1 BackOff`, or nil when nothing was collapsed.
    public var summaryTail: String? {
        let total = others.values.reduce(0, +)
        guard total > 0 else { return nil }
        let parts = others.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.value) \($0.key)" }
        let noun = total == 1 ? "incident" : "incidents"
        return isSummaryOnly ? "\(total) \(noun): \(parts.joined(separator: ", "))"
            : "+\(total) other \(noun): \(parts.joined(separator: ", "))"
    }

    /// The sections in order, label and text, for channels that lay them out one by one.
    public var sections: [(label: String, text: String)] {
        guard !isSummaryOnly else { return summaryTail.map { [("Summary", $0)] } ?? [] }
        var result: [(String, String)] = [("Symptom", symptom)]
        if !evidence.isEmpty { result.append(("Evidence", evidence.map { "• \($0)" }.joined(separator: "\n"))) }
        result.append(("Root cause", rootCause))
        result.append(("Proposed fix", proposedFix))
        if let whySafe { result.append(("Why safe", whySafe)) }
        if let rollback { result.append(("Rollback", rollback)) }
        if let approval { result.append(("How to approve", approvalText(approval))) }
        if let tail = summaryTail { result.append(("Also", tail)) }
        return result
    }

    func approvalText(_ approval: Approval) -> String {
        var lines = ["Press Approve, or run: \(approval.approveCommand)", "To reject: \(approval.rejectCommand)"]
        if let url = approval.consoleURL { lines.append("Console: \(url)") }
        return lines.joined(separator: "\n")
    }

    /// The whole message as plain text (logs, the generic webhook's `text`).
    public var plainText: String {
        ([title] + sections.map { "\($0.label): \($0.text)" }).joined(separator: "\n")
    }
}
