import ClusterState
import Foundation
import KubeModels

/// `ServiceNoEndpoints`: a Service has no ready endpoint because its selector matches no pod, or
/// the workload it selects is scaled to zero (then `ScaleDeployment` back to the count before the
/// scale-down). When its pods exist but are failing, the finding is only a symptom of theirs.
public struct ServiceNoEndpointsAnalyzer: Analyzer {
    public let findingClass = FindingClass.serviceNoEndpoints

    public init() {}

    public func analyze(_ context: AnalysisContext) -> [Finding] {
        context.state.services.compactMap { service in
            guard context.inScope(service.namespace), service.spec?.type != "ExternalName",
                let selector = service.spec?.selector, !selector.isEmpty
            else { return nil }
            return analyze(service: service, selector: selector, context: context)
        }
    }

    private func analyze(service: Service, selector: [String: String], context: AnalysisContext) -> Finding? {
        let root = ObjectKey(service)
        let selectorText = selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        let pods = context.state.pods(in: service.namespace, matchingLabels: selector).filter {
            $0.metadata.deletionTimestamp == nil && !["Succeeded", "Failed"].contains($0.status?.phase ?? "")
        }
        if !pods.isEmpty {
            guard !pods.contains(where: \.isReady) else { return nil }
            let roots = Array(Set(pods.map { context.root(of: $0) })).sorted()
            var finding = Finding(
                class: .serviceNoEndpoints, severity: .critical, root: root,
                summary: "Service \(service.name) has no ready endpoint: \(pods.count) pod\(pods.count == 1 ? "" : "s") match "
                    + "\(selectorText) but none is Ready",
                evidence: pods.prefix(5).map { "Pod \($0.name): \($0.status?.phase ?? "?"), not Ready" },
                actionWithheld: "the selected pods are failing: fix their cause")
            finding.symptomOf = roots
            return finding
        }
        let workloads = WorkloadTemplates.matching(selector: selector, namespace: service.namespace, state: context.state)
        if let scaledDown = workloads.first(where: { $0.kind == "Deployment" && $0.desired == 0 }) {
            return scaledToZero(service: service, deployment: scaledDown.key, selectorText: selectorText, context: context)
        }
        if let workload = workloads.first {
            var finding = Finding(
                class: .serviceNoEndpoints, severity: .critical, root: root,
                summary: "Service \(service.name) has no endpoint: \(workload.kind) \(workload.key.name) selected by "
                    + "\(selectorText) wants \(workload.desired) pod\(workload.desired == 1 ? "" : "s") but has none",
                evidence: ["\(workload.kind) \(workload.key.name): \(workload.desired) desired, 0 pods"],
                actionWithheld: "\(workload.kind) \(workload.key.name) creates no pods: fix that cause")
            finding.symptomOf = workloads.map(\.key)
            return finding
        }
        var evidence = ["Service \(service.name): selector \(selectorText) matches no pod in \(service.namespace ?? "?")"]
        evidence += Self.nearMisses(selector: selector, namespace: service.namespace, context: context)
        return Finding(
            class: .serviceNoEndpoints, severity: .critical, root: root,
            summary: "Service \(service.name) has no endpoint: its selector \(selectorText) matches no pod",
            evidence: evidence,
            actionWithheld: "no typed action edits selectors: fix the Service's selector or the pods' labels")
    }

    private func scaledToZero(service: Service, deployment: ObjectKey, selectorText: String, context: AnalysisContext) -> Finding {
        let scaleDown = ScaleDownEvent.latest(for: deployment, in: context.state)
        let replicas = scaleDown?.previousReplicas ?? 1
        var evidence = ["Deployment \(deployment.name): spec.replicas=0, selected by Service \(service.name) (\(selectorText))"]
        if let scaleDown { evidence.append(context.evidence(scaleDown.event)) }
        var finding = Finding(
            class: .serviceNoEndpoints, severity: .critical, root: ObjectKey(service),
            summary: "Service \(service.name) has no endpoint: Deployment \(deployment.name) is scaled to 0"
                + (scaleDown.map { " (was \($0.previousReplicas))" } ?? ""),
            evidence: evidence)
        guard let namespace = deployment.namespace else { return finding }
        let action = ProposedAction.scaleDeployment(namespace: namespace, name: deployment.name, replicas: replicas)
        if let refusal = context.protection.refusal(for: action) {
            finding.actionWithheld = refusal
        } else {
            finding.action = action
        }
        return finding
    }

    /// Pods whose labels have the selector's keys with other values: the likely typo.
    static func nearMisses(selector: [String: String], namespace: String?, context: AnalysisContext) -> [String] {
        var seen: Set<String> = []
        var lines: [String] = []
        for pod in context.state.pods where pod.namespace == namespace {
            let labels = pod.labels
            let differing = selector.filter { labels[$0.key] != nil && labels[$0.key] != $0.value }
            guard !differing.isEmpty, differing.count + selector.filter({ labels[$0.key] == $0.value }).count == selector.count else { continue }
            let text = differing.sorted { $0.key < $1.key }.map { "\($0.key)=\(labels[$0.key] ?? "")" }.joined(separator: ",")
            let owner = context.root(of: pod)
            guard seen.insert(text + owner.description).inserted else { continue }
            lines.append("Pods of \(owner.kind) \(owner.name) are labelled \(text) (selector wants "
                + differing.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + ")")
        }
        return Array(lines.prefix(3))
    }
}

/// Workloads whose pod template the selector matches, with their desired replica count.
enum WorkloadTemplates {
    struct Match {
        var key: ObjectKey
        var kind: String
        var desired: Int
    }

    static func matching(selector: [String: String], namespace: String?, state: ClusterState) -> [Match] {
        func matches(_ template: PodTemplateSpec?) -> Bool {
            let labels = template?.metadata?.labels ?? [:]
            return selector.allSatisfy { labels[$0.key] == $0.value }
        }
        var result: [Match] = []
        for deployment in state.deployments where deployment.namespace == namespace && matches(deployment.spec?.template) {
            result.append(Match(key: ObjectKey(deployment), kind: "Deployment", desired: deployment.spec?.replicas ?? 1))
        }
        for set in state.statefulSets where set.namespace == namespace && matches(set.spec?.template) {
            result.append(Match(key: ObjectKey(set), kind: "StatefulSet", desired: set.spec?.replicas ?? 1))
        }
        for set in state.daemonSets where set.namespace == namespace && matches(set.spec?.template) {
            result.append(Match(key: ObjectKey(set), kind: "DaemonSet", desired: set.status?.desiredNumberScheduled ?? 0))
        }
        return result
    }
}

/// The deployment controller's `Scaled down replica set NAME to 0 from N` event.
struct ScaleDownEvent {
    var event: NormalizedEvent
    var replicaSet: String
    var previousReplicas: Int

    init?(_ event: NormalizedEvent) {
        let message = event.plainMessage
        let prefix = "Scaled down replica set "
        guard event.reason == "ScalingReplicaSet", message.hasPrefix(prefix),
            let toZero = message.range(of: " to 0 from "),
            let previous = Int(message[toZero.upperBound...].prefix { $0.isNumber })
        else { return nil }
        self.event = event
        self.replicaSet = String(message[message.index(message.startIndex, offsetBy: prefix.count)..<toZero.lowerBound])
        self.previousReplicas = previous
    }

    static func latest(for deployment: ObjectKey, in state: ClusterState) -> ScaleDownEvent? {
        state.events(for: deployment).lazy.compactMap(ScaleDownEvent.init).first
    }
}
