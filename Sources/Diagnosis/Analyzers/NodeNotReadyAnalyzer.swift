import ClusterState
import KubeModels

/// `NodeNotReady`: a node's `Ready` condition is `False` or `Unknown` (kubelet down, node lost).
public struct NodeNotReadyAnalyzer: Analyzer {
    public let findingClass = FindingClass.nodeNotReady

    public init() {}

    public func analyze(_ context: AnalysisContext) -> [Finding] {
        context.state.nodes.compactMap { node in
            guard let ready = node.readyCondition, ready.status != "True" else { return nil }
            let since = ready.lastTransitionTime.map { " for \(Age.format(context.now.timeIntervalSince($0)))" } ?? ""
            let pods = context.state.pods.filter { $0.spec?.nodeName == node.name }
            let summary = "Node \(node.name) is NotReady (Ready=\(ready.status), \(ready.reason ?? "no reason"))\(since); "
                + "\(pods.count) pod\(pods.count == 1 ? "" : "s") scheduled on it"
            var evidence = ["Node \(node.name): Ready=\(ready.status) \(ready.reason ?? ""): \(TerminalText.clean(ready.message ?? "", limit: 200))"]
            if let taints = node.spec?.taints, !taints.isEmpty {
                evidence.append("Node \(node.name) taints: " + taints.map { "\($0.key):\($0.effect)" }.joined(separator: ", "))
            }
            evidence += context.recentEvents(for: ObjectKey(node)).prefix(3).map { context.evidence($0) }
            return Finding(
                class: .nodeNotReady, severity: .critical, root: ObjectKey(node), summary: summary, evidence: evidence,
                actionWithheld: "no typed action repairs nodes: check the kubelet and the machine, or drain and replace the node")
        }
    }
}
