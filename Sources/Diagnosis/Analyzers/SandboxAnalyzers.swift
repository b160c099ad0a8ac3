import ClusterState
import KubeModels

/// `SandboxWorkloadDown`: a KarsSandbox says `Running` but its Deployment is unavailable (the
/// platform keeps the CR phase Running even when its workload is down).
public struct SandboxWorkloadDownAnalyzer: Analyzer {
    public let findingClass = FindingClass.sandboxWorkloadDown

    public init() {}

    public func analyze(_ context: AnalysisContext) -> [Finding] {
        context.state.karsSandboxes.compactMap { sandbox in
            guard context.inScope(sandbox.namespace) || context.inScope(sandbox.workloadNamespace),
                sandbox.status?.phase == "Running"
            else { return nil }
            let deploymentKey = ObjectKey(kind: "Deployment", namespace: sandbox.workloadNamespace, name: sandbox.workloadDeployment)
            let deployment = context.state.deployment(namespace: sandbox.workloadNamespace, name: sandbox.workloadDeployment)
            if let deployment, SandboxHealth.isAvailable(deployment) { return nil }
            let detail = deployment.map { "\($0.availableReplicas)/\($0.desiredReplicas) available" } ?? "the Deployment does not exist"
            var finding = Finding(
                class: .sandboxWorkloadDown, severity: .critical, root: ObjectKey(sandbox),
                summary: "Sandbox \(sandbox.name) is Running but its workload \(sandbox.workloadNamespace)/"
                    + "\(sandbox.workloadDeployment) is down (\(detail))",
                evidence: ["KarsSandbox \(sandbox.name): phase Running; Deployment \(sandbox.workloadNamespace)/\(sandbox.workloadDeployment): \(detail)"],
                actionWithheld: "look at namespace \(sandbox.workloadNamespace) for the cause; kars.azure.com resources are never mutated")
            finding.symptomOf = [deploymentKey]
            return finding
        }
    }
}

/// `SandboxDegraded`: a KarsSandbox reports `Degraded=True`.
public struct SandboxDegradedAnalyzer: Analyzer {
    public let findingClass = FindingClass.sandboxDegraded

    public init() {}

    public func analyze(_ context: AnalysisContext) -> [Finding] {
        context.state.karsSandboxes.compactMap { sandbox in
            guard context.inScope(sandbox.namespace) || context.inScope(sandbox.workloadNamespace),
                let degraded = sandbox.status?.conditions?.condition("Degraded"), degraded.status == "True"
            else { return nil }
            return Finding(
                class: .sandboxDegraded, severity: .warning, root: ObjectKey(sandbox),
                summary: "Sandbox \(sandbox.name) is Degraded: \(degraded.reason ?? "no reason")"
                    + (degraded.message.map { ": " + TerminalText.clean($0, limit: 200) } ?? ""),
                evidence: ["KarsSandbox \(sandbox.name): Degraded=True \(degraded.reason ?? "") phase \(sandbox.status?.phase ?? "?")"],
                actionWithheld: "kars.azure.com resources are never mutated: the platform team resolves a degraded sandbox")
        }
    }
}

/// Workload-aware sandbox health shared by the analyzers and `describe-state`.
public enum SandboxHealth {
    /// Available: at least one available replica and no `Available=False` condition.
    public static func isAvailable(_ deployment: Deployment) -> Bool {
        let available = deployment.status?.conditions?.condition("Available")?.status
        return deployment.availableReplicas >= 1 && available != "False"
    }
}
