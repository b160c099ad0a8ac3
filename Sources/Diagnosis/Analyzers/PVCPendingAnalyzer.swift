import ClusterState
import KubeModels

/// `PVCPending`: a PersistentVolumeClaim stays `Pending` (`FailedBinding`, `ProvisioningFailed`),
/// so the pods that mount it cannot be scheduled.
public struct PVCPendingAnalyzer: Analyzer {
    public let findingClass = FindingClass.pvcPending
    static let reasons: Set<String> = ["FailedBinding", "ProvisioningFailed", "ExternalProvisioning", "Provisioning"]

    public init() {}

    public func analyze(_ context: AnalysisContext) -> [Finding] {
        context.state.persistentVolumeClaims.compactMap { claim in
            guard context.inScope(claim.namespace), claim.status?.phase == "Pending" else { return nil }
            let key = ObjectKey(claim)
            let events = context.recentEvents(for: key)
            let failures = events.filter { $0.isWarning && Self.reasons.contains($0.reason) }
            let waitingForConsumer = events.contains { $0.reason == "WaitForFirstConsumer" }
            let users = Self.pods(using: claim, context.state)
            let blockedUsers = users.filter { pod in
                (pod.spec?.nodeName ?? "").isEmpty
                    && pod.status?.conditions?.condition("PodScheduled")?.status == "False"
            }
            guard !failures.isEmpty || (!waitingForConsumer && !blockedUsers.isEmpty) else { return nil }
            let reason = failures.first.map { TerminalText.clean($0.plainMessage, limit: 200) } ?? "claim is not bound"
            var summary = "Claim \(claim.name) is Pending: \(reason)"
            let storageClass = claim.spec?.storageClassName
            summary += storageClass.map { " (storageClass \($0))" } ?? " (no storageClass)"
            if !users.isEmpty { summary += "; blocks \(users.count) pod\(users.count == 1 ? "" : "s")" }
            var evidence = failures.prefix(3).map { context.evidence($0) }
            let size = claim.spec?.resources?.requests?["storage"]?.text ?? "?"
            evidence.append("PersistentVolumeClaim \(claim.name): Pending, requests \(size), accessModes "
                + (claim.spec?.accessModes ?? []).joined(separator: ","))
            evidence += users.prefix(3).map { "Pod \($0.name) mounts it: \($0.status?.phase ?? "?")" }
            return Finding(
                class: .pvcPending, severity: users.isEmpty ? .warning : .critical, root: key, summary: summary,
                evidence: evidence,
                actionWithheld: "no typed action provisions storage: set a valid storageClassName or create a matching PersistentVolume")
        }
    }

    static func pods(using claim: PersistentVolumeClaim, _ state: ClusterState) -> [Pod] {
        state.pods(in: claim.namespace).filter { pod in
            (pod.spec?.volumes ?? []).contains { $0.persistentVolumeClaim?.claimName == claim.name }
        }
    }
}
