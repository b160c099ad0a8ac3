import ClusterState
import KubeModels

/// `MountFailure`: a pod is stuck in `ContainerCreating` because a volume cannot be mounted or
/// attached (`FailedMount`, `FailedAttachVolume`).
public struct MountFailureAnalyzer: Analyzer {
    public let findingClass = FindingClass.mountFailure
    static let reasons: Set<String> = ["FailedMount", "FailedAttachVolume"]

    public init() {}

    public func analyze(_ context: AnalysisContext) -> [Finding] {
        var byRoot: [ObjectKey: [(pod: Pod, event: NormalizedEvent)]] = [:]
        for pod in context.state.pods where context.inScope(pod.namespace) && pod.metadata.deletionTimestamp == nil {
            guard Self.isStuckCreating(pod), let event = context.recentEvents(for: pod, reasons: Self.reasons).first else { continue }
            byRoot[context.root(of: pod), default: []].append((pod, event))
        }
        return byRoot.map { root, entries in
            let first = entries[0]
            var summary = "\(entries.count) pod\(entries.count == 1 ? "" : "s") stuck in ContainerCreating: "
                + TerminalText.clean(first.event.plainMessage, limit: 220)
            if let availability = context.availabilityText(of: root) { summary += "; \(availability)" }
            let evidence = entries.prefix(5).map { context.evidence($0.event) }
            return Finding(
                class: .mountFailure, severity: context.severity(forWorkload: root), root: root, summary: summary,
                evidence: evidence,
                actionWithheld: "no typed action fixes volumes: create the missing ConfigMap/Secret/claim, or detach the "
                    + "volume from the node that still holds it")
        }
    }

    /// Pending on a node with no container started yet.
    static func isStuckCreating(_ pod: Pod) -> Bool {
        guard pod.status?.phase == "Pending", !(pod.spec?.nodeName ?? "").isEmpty else { return false }
        let statuses = pod.allContainerStatuses
        if statuses.isEmpty { return true }
        return statuses.contains { ["ContainerCreating", "PodInitializing"].contains($0.state?.waiting?.reason ?? "") }
            && !statuses.contains { $0.state?.running != nil }
    }
}
