import ClusterState
import KubeModels

/// `QuotaExceeded`: a workload controller cannot create pods because a ResourceQuota rejects them
/// (`FailedCreate` with `exceeded quota: NAME`), and the workload is short of replicas now.
public struct QuotaExceededAnalyzer: Analyzer {
    public let findingClass = FindingClass.quotaExceeded

    public init() {}

    public func analyze(_ context: AnalysisContext) -> [Finding] {
        var eventsByController: [ObjectKey: [NormalizedEvent]] = [:]
        for event in context.state.events
        where event.reason == "FailedCreate" && event.message.contains("exceeded quota: ")
            && context.state.isRecent(event, within: context.lookback)
        {
            guard let key = ObjectKey(event.object, defaultNamespace: event.namespace) else { continue }
            eventsByController[key, default: []].append(event)
        }
        var byRoot: [ObjectKey: [(controller: ObjectKey, events: [NormalizedEvent])]] = [:]
        for (controller, events) in eventsByController where isShortOfReplicas(controller, context) {
            byRoot[context.root(of: controller), default: []].append((controller, events))
        }
        return byRoot.compactMap { root, groups in
            guard context.inScope(root.namespace) else { return nil }
            let events = groups.flatMap(\.events).sorted { ($0.lastSeen ?? .distantPast) > ($1.lastSeen ?? .distantPast) }
            guard let newest = events.first, let message = QuotaMessage(newest.plainMessage) else { return nil }
            var summary = "Pods cannot be created: \(message.explanation)"
            if let availability = context.availabilityText(of: root) { summary += " (\(availability))" }
            var evidence = groups.sorted { $0.controller < $1.controller }.map { group -> String in
                let count = group.events.reduce(0) { $0 + $1.count }
                let newestOfGroup = group.events.max { ($0.lastSeen ?? .distantPast) < ($1.lastSeen ?? .distantPast) } ?? newest
                var line = context.evidence(newestOfGroup)
                if group.events.count > 1 {
                    line = "\(group.controller.kind) \(group.controller.name): FailedCreate x\(count) (\(group.events.count) events): "
                        + TerminalText.clean(newestOfGroup.plainMessage, limit: 300)
                }
                return line
            }
            let quotaObject = context.state.resourceQuotas.first { $0.namespace == root.namespace && $0.name == message.quota }
            if let quotaObject {
                let hard = (quotaObject.spec?.hard ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                evidence.append("ResourceQuota \(message.quota): hard \(hard.joined(separator: ", "))")
            }
            var finding = Finding(
                class: .quotaExceeded, severity: context.severity(forWorkload: root), root: root,
                summary: summary, evidence: evidence)
            guard let namespace = root.namespace else { return finding }
            if let quotaObject {
                let action = ProposedAction.deleteResourceQuota(namespace: namespace, name: message.quota)
                if let refusal = context.protection.refusal(for: action, quotaLabels: quotaObject.metadata.labels) {
                    finding.actionWithheld = refusal
                } else {
                    finding.action = action
                }
            } else {
                finding.actionWithheld =
                    "ResourceQuota \(namespace)/\(message.quota) no longer exists; the controller retries with a growing backoff, "
                    + "so a RolloutRestart (`kars-sre propose`) brings the workload back sooner"
            }
            return finding
        }
    }

    /// The controller that emitted FailedCreate still has fewer pods than it wants.
    private func isShortOfReplicas(_ controller: ObjectKey, _ context: AnalysisContext) -> Bool {
        let state = context.state
        switch controller.kind {
        case "ReplicaSet":
            guard let set = state.replicaSet(namespace: controller.namespace, name: controller.name) else { return false }
            return (set.status?.replicas ?? 0) < (set.spec?.replicas ?? 1)
        case "StatefulSet":
            guard let set = state.statefulSet(namespace: controller.namespace, name: controller.name) else { return false }
            return (set.status?.replicas ?? 0) < (set.spec?.replicas ?? 1)
                || (set.status?.readyReplicas ?? 0) < (set.spec?.replicas ?? 1)
        case "DaemonSet":
            guard let set = state.daemonSet(namespace: controller.namespace, name: controller.name) else { return false }
            return (set.status?.currentNumberScheduled ?? 0) < (set.status?.desiredNumberScheduled ?? 1)
        case "Job":
            guard let job = state.job(namespace: controller.namespace, name: controller.name) else { return false }
            return !job.isFinished && (job.status?.active ?? 0) < (job.spec?.parallelism ?? 1)
        default:
            return context.availability(of: context.root(of: controller)).map { $0.available < $0.desired } ?? false
        }
    }
}
