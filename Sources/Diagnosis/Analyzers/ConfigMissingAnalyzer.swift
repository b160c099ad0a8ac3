import ClusterState
import KubeModels

/// `ConfigMissing`: containers cannot be created because a ConfigMap, Secret or key they reference
/// is missing (`CreateContainerConfigError`).
public struct ConfigMissingAnalyzer: Analyzer {
    public let findingClass = FindingClass.configMissing

    public init() {}

    public func analyze(_ context: AnalysisContext) -> [Finding] {
        let issues = context.containerIssues { $0.state?.waiting?.reason == "CreateContainerConfigError" }
        return issues.map { root, issues in
            let first = issues[0]
            let message = first.waitingMessage
                ?? context.recentEvents(for: first.pod, reasons: ["Failed"]).first?.plainMessage
                ?? "a referenced ConfigMap or Secret is missing"
            let podCount = Set(issues.map { $0.pod.name }).count
            var summary = "Container \(first.status.name) cannot start on \(podCount) pod\(podCount == 1 ? "" : "s"): "
                + TerminalText.clean(message, limit: 200)
            if let availability = context.availabilityText(of: root) { summary += "; \(availability)" }
            var evidence = issues.prefix(5).map { issue in
                "\(issue.label): CreateContainerConfigError: \(TerminalText.clean(issue.waitingMessage ?? "?", limit: 200))"
            }
            evidence += issues.flatMap { context.recentEvents(for: $0.pod, reasons: ["Failed"]) }.prefix(2).map { context.evidence($0) }
            return Finding(
                class: .configMissing, severity: context.severity(forWorkload: root), root: root, summary: summary,
                evidence: evidence,
                actionWithheld: "no typed action creates configuration: create the missing ConfigMap/Secret (or key) in "
                    + "\(root.namespace ?? "the namespace"), or fix the reference")
        }
    }
}
