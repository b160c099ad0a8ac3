import ClusterState
import KubeModels

/// `OOMKilled`: a restarting container's last termination was `OOMKilled`: it needs more memory
/// than its limit. No typed action: a human raises the limit (or fixes the leak).
public struct OOMKilledAnalyzer: Analyzer {
    public let findingClass = FindingClass.oomKilled

    public init() {}

    public func analyze(_ context: AnalysisContext) -> [Finding] {
        let issues = context.containerIssues { status in
            let lastOOM = status.lastState?.terminated?.reason == "OOMKilled"
            let nowOOM = status.state?.terminated?.reason == "OOMKilled"
            guard nowOOM || lastOOM else { return false }
            // Still in trouble: crash-looping or not ready since the kill, or killed within the look-back window.
            let notRecovered = status.state?.waiting?.reason == "CrashLoopBackOff" || status.ready != true
            let killedRecently = status.lastState?.terminated?.finishedAt.map {
                context.now.timeIntervalSince($0) <= context.lookback
            } ?? false
            return nowOOM || notRecovered || killedRecently
        }
        return issues.map { root, issues in
            let first = issues[0]
            let restarts = issues.map { $0.status.restartCount ?? 0 }.max() ?? 0
            let containers = first.isInit ? first.pod.spec?.initContainers : first.pod.spec?.containers
            let limit = containers?.first { $0.name == first.status.name }?.resources?.limits?["memory"]
            let request = containers?.first { $0.name == first.status.name }?.resources?.requests?["memory"]
            let podCount = Set(issues.map { $0.pod.name }).count
            var summary = "Container \(first.status.name) is killed for exceeding its memory limit"
                + (limit.map { " of \($0)" } ?? " (no limit set: the node ran out of memory)")
                + " on \(podCount) pod\(podCount == 1 ? "" : "s") (\(restarts) restarts)"
            if let availability = context.availabilityText(of: root) { summary += "; \(availability)" }
            var evidence = issues.prefix(5).map { issue in
                "\(issue.label): last terminated OOMKilled (exit \(issue.lastTermination?.exitCode.map(String.init) ?? "137")), "
                    + "\(issue.status.restartCount ?? 0) restarts, now \(issue.waitingReason ?? (issue.status.ready == true ? "running" : "not ready"))"
            }
            if limit != nil || request != nil {
                evidence.append("Container \(first.status.name) resources: requests.memory=\(request?.text ?? "unset"), limits.memory=\(limit?.text ?? "unset")")
            }
            evidence += issues.flatMap { context.recentEvents(for: $0.pod, reasons: ["BackOff", "OOMKilling"]) }.prefix(2).map { context.evidence($0) }
            return Finding(
                class: .oomKilled, severity: context.severity(forWorkload: root), root: root, summary: summary,
                evidence: evidence,
                actionWithheld: "no typed action changes resources: raise \(first.status.name)'s memory limit"
                    + (limit.map { " above \($0)" } ?? "") + " in the \(root.kind)'s manifest, or find the leak")
        }
    }
}
