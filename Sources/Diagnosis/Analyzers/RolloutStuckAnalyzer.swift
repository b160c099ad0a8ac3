import ClusterState
import KubeModels

/// `RolloutStuck`: a Deployment reports `Progressing=False/ProgressDeadlineExceeded`. Reported only
/// when no deeper cause is found for the same Deployment (the diagnoser drops it otherwise).
public struct RolloutStuckAnalyzer: Analyzer {
    public let findingClass = FindingClass.rolloutStuck

    public init() {}

    public func analyze(_ context: AnalysisContext) -> [Finding] {
        context.state.deployments.compactMap { deployment in
            guard context.inScope(deployment.namespace),
                let progressing = deployment.status?.conditions?.condition("Progressing"),
                progressing.status == "False", progressing.reason == "ProgressDeadlineExceeded"
            else { return nil }
            let root = ObjectKey(deployment)
            let status = deployment.status
            let summary = "Rollout of \(deployment.name) exceeded its progress deadline "
                + "(\(deployment.spec?.progressDeadlineSeconds ?? 600)s): \(status?.updatedReplicas ?? 0)/\(deployment.desiredReplicas) "
                + "updated, \(status?.availableReplicas ?? 0) available"
            var evidence = ["Deployment \(deployment.name): Progressing=False ProgressDeadlineExceeded: "
                + TerminalText.clean(progressing.message ?? "", limit: 200)]
            evidence += context.recentEvents(for: root).prefix(3).map { context.evidence($0) }
            return Finding(
                class: .rolloutStuck, severity: context.severity(forWorkload: root), root: root, summary: summary,
                evidence: evidence,
                actionWithheld: "no deeper cause found: inspect the new pods (`kars-sre describe deployment/\(deployment.name)`) "
                    + "or roll back with `kubectl rollout undo`")
        }
    }
}
