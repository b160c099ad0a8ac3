import ClusterState
import KubeModels

/// `Unschedulable`: pods stay Pending because the scheduler finds no node
/// (`PodScheduled=False/Unschedulable`, `FailedScheduling`), quoting the scheduler's reasons.
public struct UnschedulableAnalyzer: Analyzer {
    public let findingClass = FindingClass.unschedulable

    public init() {}

    public func analyze(_ context: AnalysisContext) -> [Finding] {
        var byRoot: [ObjectKey: [(pod: Pod, message: String)]] = [:]
        for pod in context.state.pods where context.inScope(pod.namespace) && pod.metadata.deletionTimestamp == nil {
            guard pod.status?.phase == "Pending" || pod.status?.phase == nil, (pod.spec?.nodeName ?? "").isEmpty else { continue }
            let condition = pod.status?.conditions?.condition("PodScheduled")
            let events = context.recentEvents(for: pod, reasons: ["FailedScheduling"])
            let unschedulable = condition?.status == "False" && condition?.reason == "Unschedulable"
            guard unschedulable || !events.isEmpty else { continue }
            let message = events.first?.plainMessage ?? condition?.message ?? "no node fits the pod"
            byRoot[context.root(of: pod), default: []].append((pod, message))
        }
        return byRoot.map { root, pods in
            let message = pods[0].message
            var summary = "\(pods.count) pod\(pods.count == 1 ? "" : "s") cannot be scheduled: \(TerminalText.clean(Self.firstSentence(message), limit: 240))"
            if let requests = Self.requestsText(pods[0].pod) { summary += " (pod requests \(requests))" }
            var evidence = pods.prefix(5).map { entry in
                "Pod \(entry.pod.name): Pending, FailedScheduling: \(TerminalText.clean(entry.message, limit: 300))"
            }
            if let largest = Self.largestAllocatable(context.state) { evidence.append("Largest node allocatable: \(largest)") }
            var finding = Finding(
                class: .unschedulable, severity: context.severity(forWorkload: root), root: root, summary: summary,
                evidence: evidence,
                actionWithheld: "no typed action changes requests or capacity: lower the pod's requests, fix its node "
                    + "selector or tolerations, or add capacity")
            finding.symptomOf = Self.pendingClaims(of: pods.map(\.pod), context.state)
            return finding
        }
    }

    /// Pending claims the pods mount: when reported, they are the cause and this is their symptom.
    static func pendingClaims(of pods: [Pod], _ state: ClusterState) -> [ObjectKey] {
        let names = Set(pods.flatMap { ($0.spec?.volumes ?? []).compactMap { $0.persistentVolumeClaim?.claimName } })
        return state.persistentVolumeClaims
            .filter { names.contains($0.name) && $0.namespace == pods.first?.namespace && $0.status?.phase == "Pending" }
            .map { ObjectKey($0) }
    }

    /// The scheduler's verdict without the preemption tail.
    static func firstSentence(_ message: String) -> String {
        if let range = message.range(of: " preemption:") { return String(message[..<range.lowerBound]) }
        return message
    }

    static func requestsText(_ pod: Pod) -> String? {
        var totals: [String: Quantity] = [:]
        for container in pod.spec?.containers ?? [] {
            for (name, value) in container.resources?.requests ?? [:] where name == "cpu" || name == "memory" {
                totals[name] = (totals[name] ?? .zero) + value
            }
        }
        guard !totals.isEmpty else { return nil }
        return totals.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }

    static func largestAllocatable(_ state: ClusterState) -> String? {
        guard let node = state.nodes.max(by: {
            ($0.status?.allocatable?["memory"] ?? .zero) < ($1.status?.allocatable?["memory"] ?? .zero)
        }), let allocatable = node.status?.allocatable else { return nil }
        let parts = ["cpu", "memory"].compactMap { key in allocatable[key].map { "\(key)=\($0)" } }
        return "\(node.name) \(parts.joined(separator: ", "))"
    }
}
