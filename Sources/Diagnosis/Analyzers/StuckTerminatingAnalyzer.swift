import ClusterState
import Foundation
import KubeModels

/// `StuckTerminating`: a pod's deletion is well past its grace period (typically its node is lost
/// and nobody confirms the kill). Proposes a force delete of the stuck pod.
public struct StuckTerminatingAnalyzer: Analyzer {
    public let findingClass = FindingClass.stuckTerminating
    /// How far past `deletionTimestamp` (which already includes the grace period) counts as stuck.
    public static let minimumOverrun: TimeInterval = 60

    public init() {}

    public func analyze(_ context: AnalysisContext) -> [Finding] {
        var byRoot: [ObjectKey: [(pod: Pod, overrun: TimeInterval)]] = [:]
        for pod in context.state.pods where context.inScope(pod.namespace) {
            guard let deadline = pod.metadata.deletionTimestamp else { continue }
            let grace = TimeInterval(pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30)
            let overrun = context.now.timeIntervalSince(deadline)
            guard overrun > max(Self.minimumOverrun, grace) else { continue }
            byRoot[context.root(of: pod), default: []].append((pod, overrun))
        }
        return byRoot.map { root, entries in
            let sorted = entries.sorted { $0.overrun > $1.overrun }
            let first = sorted[0]
            let nodeName = first.pod.spec?.nodeName
            let node = nodeName.flatMap { context.state.node(named: $0) }
            let nodeText = node.map { $0.isReady ? "on node \($0.name)" : "on node \($0.name), which is NotReady" } ?? ""
            let summary = "Pod \(first.pod.name) has been terminating for \(Age.format(first.overrun)) past its "
                + "deletion deadline \(nodeText)".trimmingCharacters(in: .whitespaces)
                + (sorted.count > 1 ? " (\(sorted.count) pods stuck)" : "")
            var evidence = sorted.prefix(5).map { entry in
                "Pod \(entry.pod.name): deletionTimestamp \(entry.pod.metadata.deletionTimestamp.map(KubeTime.format) ?? "?"), "
                    + "grace \(entry.pod.metadata.deletionGracePeriodSeconds ?? 30)s, node \(entry.pod.spec?.nodeName ?? "none")"
            }
            if let node, let ready = node.readyCondition, ready.status != "True" {
                evidence.append("Node \(node.name): Ready=\(ready.status) (\(ready.reason ?? "?"))")
            }
            evidence += sorted.flatMap { context.recentEvents(for: ObjectKey($0.pod)) }.prefix(3).map { context.evidence($0) }
            var finding = Finding(
                class: .stuckTerminating, severity: .critical, root: root, summary: summary, evidence: evidence)
            if let namespace = first.pod.namespace {
                let action = ProposedAction.deletePod(namespace: namespace, name: first.pod.name)
                if let refusal = context.protection.refusal(for: action) {
                    finding.actionWithheld = refusal
                } else {
                    finding.action = action
                }
            }
            return finding
        }
    }
}
