import ClusterState
import Foundation
import KubeModels

/// `CrashLoopBackOff`: a container or init container keeps crashing (not OOM). Right after a
/// Deployment rollout (the crashing pods are the newest ReplicaSet's and an older one was serving),
/// proposes going back to the previous ReplicaSet's image.
public struct CrashLoopBackOffAnalyzer: Analyzer {
    public let findingClass = FindingClass.crashLoopBackOff

    public init() {}

    public func analyze(_ context: AnalysisContext) -> [Finding] {
        let issues = context.containerIssues { status in
            status.state?.waiting?.reason == "CrashLoopBackOff" && status.lastState?.terminated?.reason != "OOMKilled"
        }
        return issues.map { root, issues in finding(root: root, issues: issues, context: context) }
    }

    private func finding(root: ObjectKey, issues: [ContainerIssue], context: AnalysisContext) -> Finding {
        let first = issues[0]
        let restarts = issues.map { $0.status.restartCount ?? 0 }.max() ?? 0
        let podCount = Set(issues.map { $0.pod.name }).count
        var summary = "Container \(first.status.name)\(first.isInit ? " (init)" : "") is crash-looping on \(podCount) pod"
            + "\(podCount == 1 ? "" : "s") (\(restarts) restarts)"
        if let terminated = first.lastTermination {
            summary += ", last exit code \(terminated.exitCode.map(String.init) ?? "?")"
            if let message = terminated.message, !message.isEmpty {
                summary += ": \(TerminalText.clean(message, limit: 160))"
            } else if let reason = terminated.reason {
                summary += " (\(reason))"
            }
        }
        if let availability = context.availabilityText(of: root) { summary += "; \(availability)" }
        var evidence = issues.prefix(5).map { issue -> String in
            var line = "\(issue.label): CrashLoopBackOff, \(issue.status.restartCount ?? 0) restarts"
            if let terminated = issue.lastTermination {
                line += ", last terminated \(terminated.reason ?? "?") exit \(terminated.exitCode.map(String.init) ?? "?")"
                if let finished = terminated.finishedAt {
                    line += " \(Age.format(context.now.timeIntervalSince(finished))) ago"
                }
            }
            return line
        }
        evidence += issues.flatMap { context.recentEvents(for: $0.pod, reasons: ["BackOff"]) }.prefix(3).map { context.evidence($0) }
        var finding = Finding(
            class: .crashLoopBackOff, severity: context.severity(forWorkload: root), root: root, summary: summary,
            evidence: evidence)
        proposeRollback(into: &finding, root: root, issues: issues, context: context)
        return finding
    }

    /// Back to the previous ReplicaSet's image when the crash arrived with the newest rollout.
    private func proposeRollback(into finding: inout Finding, root: ObjectKey, issues: [ContainerIssue], context: AnalysisContext) {
        guard root.kind == "Deployment", let namespace = root.namespace,
            let deployment = context.state.deployment(namespace: namespace, name: root.name)
        else {
            finding.actionWithheld = "no typed action restarts a crashing \(root.kind): read the logs (`kars-sre logs --previous`) and fix the cause"
            return
        }
        let history = RolloutHistory(deployment: deployment, state: context.state)
        guard let newest = history.newest, let previous = history.previousServing else {
            finding.actionWithheld = "the crash did not arrive with a rollout (no earlier ReplicaSet was serving): "
                + "read the logs (`kars-sre logs --previous`) and fix the cause"
            return
        }
        let crashingNames = Set(issues.compactMap { $0.pod.metadata.controllerReference?.name })
        guard crashingNames.contains(newest.name) else {
            finding.actionWithheld = "the crashing pods are not the newest ReplicaSet's (\(newest.name)): not a bad rollout"
            return
        }
        guard let issue = issues.first(where: { !$0.isInit && $0.pod.metadata.controllerReference?.name == newest.name }) ?? issues.first,
            let previousImage = previous.spec?.template?.spec?.containers.first(where: { $0.name == issue.status.name })?.image
        else {
            finding.actionWithheld = "the previous ReplicaSet \(previous.name) has no container \(first(issues)) to take the image from"
            return
        }
        let currentImage = deployment.spec?.template?.spec?.containers.first { $0.name == issue.status.name }?.image
        finding.evidence.append(
            "Rollout: ReplicaSet \(newest.name) (revision \(newest.revision.map(String.init) ?? "?"), image \(currentImage ?? "?")) "
                + "replaced \(previous.name) (revision \(previous.revision.map(String.init) ?? "?"), image \(previousImage), "
                + "\(previous.status?.availableReplicas ?? 0) available)")
        guard previousImage != currentImage, !issue.isInit else {
            finding.actionWithheld = "the previous ReplicaSet \(previous.name) runs the same image: the breaking change is elsewhere "
                + "in the pod template; roll back with `kubectl rollout undo deployment/\(root.name) -n \(namespace)`"
            return
        }
        let action = ProposedAction.patchDeploymentImage(
            namespace: namespace, name: root.name, container: issue.status.name, image: previousImage)
        if let refusal = context.protection.refusal(for: action) {
            finding.actionWithheld = refusal
        } else {
            finding.action = action
        }
    }

    private func first(_ issues: [ContainerIssue]) -> String { issues.first?.status.name ?? "?" }
}

/// The ReplicaSets of a Deployment ordered by revision: which is newest, which served before it.
public struct RolloutHistory: Sendable {
    public let replicaSets: [ReplicaSet]

    public init(deployment: Deployment, state: ClusterState) {
        replicaSets = state.replicaSets(ownedBy: deployment).sorted { ($0.revision ?? 0) > ($1.revision ?? 0) }
        scaledDownNames = Set(
            state.events(for: ObjectKey(deployment)).compactMap { event -> String? in
                guard event.reason == "ScalingReplicaSet", let scale = ScaleDownEvent(event), scale.previousReplicas > 0 else { return nil }
                return scale.replicaSet
            })
    }

    public var newest: ReplicaSet? { replicaSets.first }

    private let scaledDownNames: Set<String>

    /// The newest older ReplicaSet that was serving: it has available pods now, or the rollout
    /// scaled it down from a non-zero count (`Scaled down replica set NAME to 0 from N`).
    public var previousServing: ReplicaSet? {
        replicaSets.dropFirst().first { set in
            (set.status?.availableReplicas ?? 0) > 0 || (set.status?.readyReplicas ?? 0) > 0 || scaledDownNames.contains(set.name)
        }
    }
}
