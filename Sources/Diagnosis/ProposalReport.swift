import ClusterState

/// What `kars-sre propose` prints: for each finding (optionally of one object), the typed action it
/// would propose, or why none is.
public struct ProposalReport: Codable, Sendable {
    /// One finding's proposal.
    public struct Entry: Codable, Sendable {
        public var `class`: FindingClass
        public var namespace: String?
        public var kind: String
        public var name: String
        public var summary: String
        public var action: ProposedAction?
        public var actionWithheld: String?
        /// `DeleteResourceQuota/ns/name`: the key under which a KarsSREAction would be deduplicated.
        public var incidentKey: String?
    }

    public var proposals: [Entry]

    /// The proposals of a diagnosis, restricted to findings about `target` (kind and name, case-insensitive
    /// kind) when given.
    public init(report: DiagnosisReport, target: (kind: String, name: String)? = nil) {
        proposals = report.findings
            .filter { finding in
                guard let target else { return true }
                return finding.kind.lowercased() == target.kind.lowercased() && finding.name == target.name
            }
            .map { finding in
                Entry(
                    class: finding.class, namespace: finding.namespace, kind: finding.kind, name: finding.name,
                    summary: finding.summary, action: finding.action, actionWithheld: finding.actionWithheld,
                    incidentKey: finding.action?.incidentKey)
            }
    }
}

extension ProposalReport: TextRenderable {
    public func renderText(style: TextStyle) -> String {
        guard !proposals.isEmpty else { return "No finding, so nothing to propose.\n" }
        var table = TextTable(headers: ["finding", "object", "action", "target"])
        var notes: [String] = []
        for entry in proposals {
            let object = "\(entry.kind)/\(entry.name)" + (entry.namespace.map { " -n \($0)" } ?? "")
            if let action = entry.action {
                table.append([
                    TextCell(entry.class.rawValue), TextCell(object), TextCell(action.type.rawValue, tone: .good),
                    TextCell(action.targetDescription),
                ])
            } else {
                table.append([TextCell(entry.class.rawValue), TextCell(object), TextCell("none", tone: .dim), TextCell("")])
                if let withheld = entry.actionWithheld { notes.append("\(entry.class.rawValue) \(object): \(withheld)") }
            }
        }
        var text = table.render(style: style)
        if !notes.isEmpty {
            text += "\nNo action proposed:\n" + notes.map { "  - " + TerminalText.clean($0) }.joined(separator: "\n") + "\n"
        }
        return text
    }
}

extension ProposedAction {
    /// `kars-research/platform-hardening container=web image=nginx:1.25.3`.
    public var targetDescription: String {
        var fields = ["\(namespace)/\(name)"]
        if let kind { fields.append("kind=\(kind)") }
        if let container { fields.append("container=\(container)") }
        if let image { fields.append("image=\(image)") }
        if let replicas { fields.append("replicas=\(replicas)") }
        return fields.joined(separator: " ")
    }
}
