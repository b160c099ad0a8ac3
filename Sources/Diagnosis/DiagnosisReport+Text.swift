import ClusterState

extension DiagnosisReport: TextRenderable {
    /// The report as an SRE reads it: one block per finding with summary, evidence and the fix.
    public func renderText(style: TextStyle) -> String {
        guard !findings.isEmpty else { return "No problems found.\n" }
        var text = ""
        for finding in findings {
            let tone: Tone = finding.severity == .critical ? .bad : (finding.severity == .warning ? .warn : .plain)
            let target = "\(finding.kind)/\(finding.name)" + (finding.namespace.map { " -n \($0)" } ?? "")
            text += style.paint(finding.severity.rawValue.uppercased(), tone) + "  " + style.paint(finding.class.rawValue, .emphasis)
                + "  " + TerminalText.clean(target) + "\n"
            text += "  " + TerminalText.clean(finding.summary) + "\n"
            for line in finding.evidence {
                text += "    - " + TerminalText.clean(line) + "\n"
            }
            if let action = finding.action {
                text += "  " + style.paint("Proposed fix:", .good) + " \(action.type.rawValue) " + TerminalText.clean(action.targetDescription) + "\n"
            } else if let withheld = finding.actionWithheld {
                text += "  No action: " + TerminalText.clean(withheld) + "\n"
            }
            text += "\n"
        }
        let critical = findings.filter { $0.severity == .critical }.count
        text += "\(findings.count) finding\(findings.count == 1 ? "" : "s") (\(critical) critical)\n"
        return text
    }
}
