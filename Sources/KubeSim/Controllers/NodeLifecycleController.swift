import Foundation
import KubeModels

/// The node lifecycle controller and the taint-eviction controller.
///
/// A node whose kubelet (stopped) has not renewed its Lease for the grace period (40 s) gets every condition
/// set to `Unknown` (`NodeStatusUnknown`, `Kubelet stopped posting node status.`); a node whose
/// `Ready` is `Unknown` or `False` (also when a stage sets it directly) gets the taints
/// `node.kubernetes.io/unreachable` (or `not-ready`) `NoSchedule` and `NoExecute`, a `NodeNotReady`
/// event, and its pods `Ready=False` with a `NodeNotReady` event each. Pods that do not tolerate the
/// `NoExecute` taint are evicted after their `tolerationSeconds` (300 s, the admission default,
/// when they have no toleration): a `TaintManagerEviction` event and a graceful delete, which on a
/// lost node hangs in Terminating because no kubelet confirms it. When the node is Ready again the
/// taints go.
final class NodeLifecycleController: SimController {
    let name = "node-lifecycle-controller"
    let watches: Set<GroupResource> = [.nodes, SimResource.leases]
    static let source = EventSource(component: "node-controller")
    static let evictionSource = EventSource(component: "taint-eviction-controller")
    static let defaultTolerationSeconds: Int64 = 300

    private var markedNotReady: Set<String> = []

    func handle(_ change: CacheChange, manager: isolated ControllerManager) {
        if change.resource == .nodes {
            if change.type != .deleted { manager.enqueue(self, ObjectKey(namespace: "", name: change.object.name)) }
        } else if change.object.namespace == "kube-node-lease" {
            manager.enqueue(self, ObjectKey(namespace: "", name: change.object.name))
        }
    }

    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {
        guard var node = manager.cache.get(.nodes, "", key.name) else {
            markedNotReady.remove(key.name)
            return
        }
        let now = manager.now
        let grace = manager.options.nodeMonitorGraceSeconds
        let ready = node.conditionStatus("Ready")
        if ready == "True" {
            let renewed = lastRenewal(node, manager: manager)
            // Heartbeats are only really missed when the kubelet is stopped; a late renewal of a
            // running kubelet is the simulation lagging behind a fast clock, not a lost node.
            if now.timeIntervalSince(renewed) > grace, !Kubelet.isRunning(node) {
                node = await markUnknown(node, manager: manager) ?? node
            } else {
                markedNotReady.remove(node.name)
                await setTaints(node, condition: nil, manager: manager)
                manager.enqueue(self, key, at: renewed.addingTimeInterval(grace + 1))
                return
            }
        }
        let condition = node.conditionStatus("Ready") ?? "Unknown"
        guard condition != "True" else { return }
        node = await setTaints(node, condition: condition, manager: manager) ?? node
        if !markedNotReady.contains(node.name) {
            markedNotReady.insert(node.name)
            await manager.event(
                node, type: "Warning", reason: "NodeNotReady", message: "Node \(node.name) status is now: NodeNotReady",
                source: Self.source)
            for pod in manager.cache.pods(onNode: node.name) where pod.isActivePod {
                await markPodNotReady(pod, manager: manager)
            }
        }
        await evict(node, manager: manager)
    }

    private func lastRenewal(_ node: JSONValue, manager: isolated ControllerManager) -> Date {
        if let lease = manager.cache.get(SimResource.leases, "kube-node-lease", node.name),
            let text = lease[path: "spec", "renewTime"]?.stringValue, let date = KubeTime.parse(text)
        {
            return date
        }
        if let text = node.condition("Ready")?["lastHeartbeatTime"]?.stringValue, let date = KubeTime.parse(text) {
            return max(date, manager.now.addingTimeInterval(-manager.options.nodeMonitorGraceSeconds / 2))
        }
        return manager.now
    }

    private func markUnknown(_ node: JSONValue, manager: isolated ControllerManager) async -> JSONValue? {
        var status = node["status"] ?? .object([:])
        var conditions = status["conditions"]?.arrayValue ?? []
        for index in conditions.indices {
            let type = conditions[index]["type"]?.stringValue ?? ""
            SimObjects.setCondition(
                &conditions, type: type, status: "Unknown", reason: "NodeStatusUnknown",
                message: "Kubelet stopped posting node status.", now: manager.now)
            if let heartbeat = node.condition(type)?["lastHeartbeatTime"] { conditions[index]["lastHeartbeatTime"] = heartbeat }
        }
        status["conditions"] = .array(conditions)
        return await manager.writeStatus(.nodes, node, status: status)
    }

    /// Sets (or, with nil, removes) the not-ready/unreachable taints.
    @discardableResult
    private func setTaints(_ node: JSONValue, condition: String?, manager: isolated ControllerManager) async -> JSONValue? {
        let managed = ["node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready"]
        let existing = node[path: "spec", "taints"]?.arrayValue ?? []
        var taints = existing.filter { !managed.contains($0["key"]?.stringValue ?? "") }
        if let condition {
            let key = condition == "Unknown" ? "node.kubernetes.io/unreachable" : "node.kubernetes.io/not-ready"
            for effect in ["NoSchedule", "NoExecute"] {
                let previous = existing.first { $0["key"]?.stringValue == key && $0["effect"]?.stringValue == effect }
                taints.append(["key": .string(key), "effect": .string(effect), "timeAdded": previous?["timeAdded"] ?? SimObjects.time(manager.now)])
            }
        }
        guard taints != existing else { return node }
        return await manager.patch(.nodes, namespace: "", name: node.name, ["spec": ["taints": taints.isEmpty ? .null : .array(taints)]])
    }

    private func markPodNotReady(_ pod: JSONValue, manager: isolated ControllerManager) async {
        var status = pod["status"] ?? .object([:])
        var conditions = status["conditions"]?.arrayValue ?? []
        let names = (pod[path: "spec", "containers"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let message = "containers with unready status: [\(names.joined(separator: " "))]"
        SimObjects.setCondition(&conditions, type: "Ready", status: "False", reason: "NodeNotReady", message: message, now: manager.now, probeTimes: true)
        SimObjects.setCondition(&conditions, type: "ContainersReady", status: "False", reason: "ContainersNotReady", message: message, now: manager.now, probeTimes: true)
        status["conditions"] = .array(conditions)
        if var statuses = status["containerStatuses"]?.arrayValue {
            for index in statuses.indices { statuses[index]["ready"] = false }
            status["containerStatuses"] = .array(statuses)
        }
        await manager.writeStatus(.pods, pod, status: status)
        await manager.event(pod, type: "Warning", reason: "NodeNotReady", message: "Node is not ready", source: Self.source)
    }

    private func evict(_ node: JSONValue, manager: isolated ControllerManager) async {
        let now = manager.now
        for taint in node[path: "spec", "taints"]?.arrayValue ?? [] where taint["effect"]?.stringValue == "NoExecute" {
            let added = taint["timeAdded"]?.stringValue.flatMap(KubeTime.parse) ?? now
            for pod in manager.cache.pods(onNode: node.name) where !pod.isBeingDeleted {
                guard pod.podPhase != "Succeeded", pod.podPhase != "Failed" else { continue }
                let tolerations = pod[path: "spec", "tolerations"]?.arrayValue ?? []
                var seconds: Int64? = Self.defaultTolerationSeconds
                let matching = tolerations.filter { Scheduler.tolerates([$0], taint: taint) }
                if !matching.isEmpty {
                    let bounded = matching.compactMap { $0["tolerationSeconds"]?.intValue }
                    seconds = bounded.count == matching.count ? bounded.max() : nil
                }
                guard let seconds else { continue }
                let due = added.addingTimeInterval(Double(max(seconds, 0)))
                if now >= due {
                    await manager.event(
                        pod, reason: "TaintManagerEviction", message: "Marking for deletion Pod \(pod.namespace)/\(pod.name)",
                        source: Self.evictionSource)
                    await manager.delete(.pods, namespace: pod.namespace, name: pod.name, uid: pod.uid)
                } else {
                    manager.enqueue(self, ObjectKey(namespace: "", name: node.name), at: due)
                }
            }
        }
    }
}
