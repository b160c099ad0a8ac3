import Foundation
import KubeModels

/// The daemonset controller: one pod per Ready node that the pod template selects and tolerates.
///
/// Pods are created bound to their node (as the controller's node affinity pins them), with the
/// tolerations the real controller adds (`not-ready`/`unreachable` NoExecute, pressure taints
/// NoSchedule), so a lost node keeps its daemon pod. Pods on nodes that no longer qualify are
/// deleted; every template has a `ControllerRevision` (`ControllerHistory`); a template change
/// replaces pods one node at a time. Status: desired, current, ready,
/// available, updated, misscheduled.
final class DaemonSetController: SimController {
    let name = "daemonset-controller"
    let watches: Set<GroupResource> = [.daemonsets, .pods, .nodes]
    static let source = EventSource(component: "daemonset-controller")
    static let addedTolerations: [JSONValue] = [
        ["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"],
        ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"],
        ["key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"],
        ["key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"],
        ["key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"],
        ["key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"],
    ]

    func handle(_ change: CacheChange, manager: isolated ControllerManager) {
        switch change.resource {
        case .daemonsets:
            manager.enqueue(self, change.key)
        case .nodes:
            let relevant = change.type != .modified || change.old?.conditionStatus("Ready") != change.object.conditionStatus("Ready")
                || change.old?["spec"] != change.object["spec"] || change.old?.labels != change.object.labels
            guard relevant else { return }
            for set in manager.cache.list(.daemonsets) { manager.enqueue(self, ObjectKey(namespace: set.namespace, name: set.name)) }
        default:
            for pod in [change.object, change.old].compactMap({ $0 }) {
                guard let owner = pod.controllerReference, owner["kind"]?.stringValue == "DaemonSet",
                    let name = owner["name"]?.stringValue
                else { continue }
                manager.enqueue(self, ObjectKey(namespace: pod.namespace, name: name))
            }
        }
    }

    /// Whether the daemon should run on a node.
    static func eligible(_ node: JSONValue, template: JSONValue) -> Bool {
        guard node.conditionStatus("Ready") == "True" else { return false }
        let pod: JSONValue = ["spec": template["spec"] ?? .object([:])]
        guard Scheduler.matchesNodeSelection(pod, node: node) else { return false }
        let tolerations = (template[path: "spec", "tolerations"]?.arrayValue ?? []) + addedTolerations
        for taint in node[path: "spec", "taints"]?.arrayValue ?? [] {
            let effect = taint["effect"]?.stringValue ?? ""
            if effect == "NoSchedule" || effect == "NoExecute", !Scheduler.tolerates(tolerations, taint: taint) { return false }
        }
        return true
    }

    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {
        guard let set = manager.cache.get(.daemonsets, key), !set.isBeingDeleted else { return }
        let template = set[path: "spec", "template"] ?? .object([:])
        let hash = TemplateHash.hash(template)
        let nodes = manager.cache.list(.nodes)
        let pods = manager.cache.controlled(by: set.uid, .pods).filter { !$0.isBeingDeleted }
        let inUse = Set(pods.compactMap { $0.labels["controller-revision-hash"] }.map { "\(set.name)-\($0)" })
        await ControllerHistory(owner: set, hashLabel: ControllerHistory.daemonSetHashLabel)
            .sync(template: template, hash: hash, inUse: inUse, manager: manager)
        var byNode: [String: [JSONValue]] = [:]
        for pod in pods { byNode[pod.nodeName, default: []].append(pod) }
        var desired = 0
        var replacedOne = false
        for node in nodes {
            let running = byNode[node.name] ?? []
            if Self.eligible(node, template: template) {
                desired += 1
                if running.isEmpty {
                    await createPod(set, on: node.name, template: template, hash: hash, manager: manager)
                } else {
                    for extra in running.dropFirst() { await deletePod(extra, set: set, manager: manager) }
                    if let pod = running.first, pod.labels["controller-revision-hash"] != hash, !replacedOne {
                        replacedOne = true
                        await deletePod(pod, set: set, manager: manager)
                    }
                }
            } else if node.conditionStatus("Ready") == "True" {
                for pod in running { await deletePod(pod, set: set, manager: manager) }
            }
        }
        let current = manager.cache.controlled(by: set.uid, .pods).filter { !$0.isBeingDeleted }
        let scheduled = Set(current.map(\.nodeName))
        let eligibleNodes = Set(nodes.filter { Self.eligible($0, template: template) }.map(\.name))
        let ready = current.filter(\.isReadyPod).count
        let updated = current.filter { $0.labels["controller-revision-hash"] == hash }.count
        let status: JSONValue = [
            "currentNumberScheduled": .int(Int64(scheduled.intersection(eligibleNodes).count)),
            "desiredNumberScheduled": .int(Int64(desired)),
            "numberMisscheduled": .int(Int64(scheduled.subtracting(eligibleNodes).count)),
            "numberReady": .int(Int64(ready)), "numberAvailable": .int(Int64(ready)),
            "numberUnavailable": .int(Int64(max(0, desired - ready))), "updatedNumberScheduled": .int(Int64(updated)),
            "observedGeneration": .int(set.generation),
        ]
        if set["status"] != status { await manager.writeStatus(.daemonsets, set, status: status) }
    }

    private func createPod(_ set: JSONValue, on node: String, template: JSONValue, hash: String, manager: isolated ControllerManager) async {
        let name = manager.generatedName(prefix: "\(set.name)-")
        var pod = SimObjects.pod(
            from: template, name: name, generateName: "\(set.name)-", namespace: set.namespace, owner: set,
            extraLabels: ["controller-revision-hash": hash, "pod-template-generation": String(set.generation)])
        pod.setValue(.string(node), at: ["spec", "nodeName"])
        pod.setValue(.array((template[path: "spec", "tolerations"]?.arrayValue ?? []) + Self.addedTolerations), at: ["spec", "tolerations"])
        switch await manager.create(.pods, pod) {
        case .success(let created):
            await manager.event(set, reason: "SuccessfulCreate", message: "Created pod: \(created.name)", source: Self.source)
        case .failure(let error):
            await manager.event(
                set, type: "Warning", reason: "FailedCreate", message: "Error creating: \(error.message)", source: Self.source)
        }
    }

    private func deletePod(_ pod: JSONValue, set: JSONValue, manager: isolated ControllerManager) async {
        guard await manager.delete(.pods, namespace: pod.namespace, name: pod.name, uid: pod.uid) == nil else { return }
        await manager.event(set, reason: "SuccessfulDelete", message: "Deleted pod: \(pod.name)", source: Self.source)
    }
}
