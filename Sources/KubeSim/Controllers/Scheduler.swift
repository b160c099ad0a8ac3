import Foundation
import KubeModels

/// The default scheduler: binds pending pods to nodes.
///
/// Filters in the real plugin order: `NodeUnschedulable`, `TaintToleration` (NoSchedule and
/// NoExecute taints, e.g. `node.kubernetes.io/unreachable` on a lost node), `NodeAffinity`
/// (`nodeSelector` and required node affinity), `NodeResourcesFit` (requests against allocatable
/// minus the requests of the pods already on the node, and the pod count). Among feasible nodes it
/// picks the least allocated (ties by name). A bound pod gets `PodScheduled=True` and a `Scheduled`
/// event; an unschedulable one `PodScheduled=False/Unschedulable` and a `FailedScheduling` event with
/// the real message (`0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are
/// available: 3 No preemption victims found for incoming pod.`), and is retried when nodes or pods
/// change, or after 5 minutes. Events are written in the events.k8s.io shape (`eventTime`, `series`).
final class Scheduler: SimController {
    let name = "default-scheduler"
    let watches: Set<GroupResource> = [.pods, .nodes]
    static let retrySeconds = 300.0

    private var placed: [ObjectKey: (node: String, amounts: ResourceAmounts)] = [:]
    private var used: [String: ResourceAmounts] = [:]
    private var waiting: Set<ObjectKey> = []
    /// What scheduling needs of each node, kept from node changes (no JSON access per pod).
    private var nodeInfo: [String: NodeInfo] = [:]
    private var nodeOrder: [String] = []

    struct NodeInfo {
        var node: JSONValue
        var allocatable: ResourceAmounts
        var labels: [String: String]
        var unschedulable: Bool
        /// NoSchedule and NoExecute taints.
        var taints: [JSONValue]
    }

    func handle(_ change: CacheChange, manager: isolated ControllerManager) {
        if change.resource == .nodes {
            let node = change.object
            if change.type == .deleted {
                nodeInfo[node.name] = nil
            } else {
                nodeInfo[node.name] = NodeInfo(
                    node: node, allocatable: ResourceAmounts.allocatable(ofNode: node), labels: node.labels,
                    unschedulable: node[path: "spec", "unschedulable"]?.boolValue == true,
                    taints: (node[path: "spec", "taints"]?.arrayValue ?? []).filter {
                        let effect = $0["effect"]?.stringValue ?? ""
                        return effect == "NoSchedule" || effect == "NoExecute"
                    })
            }
            if change.type != .modified { nodeOrder = nodeInfo.keys.sorted() }
            if change.type != .modified || Self.schedulingView(change.object) != change.old.map(Self.schedulingView) {
                requeueWaiting(manager)
            }
            return
        }
        let pod = change.object
        let key = change.key
        let holdsResources = change.type != .deleted && !pod.nodeName.isEmpty
            && pod.podPhase != "Succeeded" && pod.podPhase != "Failed"
        if holdsResources {
            account(key, node: pod.nodeName, amounts: ResourceAmounts.requests(ofPod: pod))
        } else if placed[key] != nil {
            release(key)
            requeueWaiting(manager)
        }
        if change.type == .deleted {
            waiting.remove(key)
            return
        }
        // A pod already waiting is retried on cluster changes and its timer, not on its own status.
        let specChanged = change.type == .added || change.old?["spec"] != pod["spec"] || change.old?.labels != pod.labels
        if pod.nodeName.isEmpty, !pod.isBeingDeleted, Self.isOurs(pod), specChanged || !waiting.contains(key) {
            manager.enqueue(self, key)
        }
    }

    /// What of a node matters to scheduling (heartbeats do not).
    static func schedulingView(_ node: JSONValue) -> JSONValue {
        [
            "spec": node["spec"] ?? .null, "labels": node[path: "metadata", "labels"] ?? .null,
            "allocatable": node[path: "status", "allocatable"] ?? .null,
        ]
    }

    static func isOurs(_ pod: JSONValue) -> Bool {
        let scheduler = pod[path: "spec", "schedulerName"]?.stringValue ?? "default-scheduler"
        return scheduler == "default-scheduler"
    }

    private func account(_ key: ObjectKey, node: String, amounts: ResourceAmounts) {
        if let previous = placed[key] {
            if previous.node == node, previous.amounts == amounts { return }
            used[previous.node, default: ResourceAmounts()] = used[previous.node, default: ResourceAmounts()] - previous.amounts
        }
        placed[key] = (node, amounts)
        used[node, default: ResourceAmounts()] = used[node, default: ResourceAmounts()] + amounts
    }

    private func release(_ key: ObjectKey) {
        guard let previous = placed.removeValue(forKey: key) else { return }
        used[previous.node, default: ResourceAmounts()] = used[previous.node, default: ResourceAmounts()] - previous.amounts
    }

    private func requeueWaiting(_ manager: isolated ControllerManager) {
        for key in waiting.sorted() { manager.enqueue(self, key) }
    }

    /// Why a node cannot take a pod: the reason text and whether preemption could help.
    struct Rejection: Hashable {
        var reason: String
        var resolvable: Bool
    }

    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {
        guard let pod = manager.cache.get(.pods, key), pod.nodeName.isEmpty, !pod.isBeingDeleted, Self.isOurs(pod) else {
            waiting.remove(key)
            return
        }
        let request = ResourceAmounts.requests(ofPod: pod)
        let constraints = PodConstraints(pod)
        var feasible: [(node: JSONValue, score: Double)] = []
        var histogram: [Rejection: Int] = [:]
        for name in nodeOrder {
            guard let info = nodeInfo[name] else { continue }
            let usage = used[name] ?? ResourceAmounts()
            let rejections = Self.filter(constraints, request: request, node: info, used: usage)
            if rejections.isEmpty {
                feasible.append((info.node, Self.score(request: request, allocatable: info.allocatable, used: usage)))
            } else {
                for rejection in rejections { histogram[rejection, default: 0] += 1 }
            }
        }
        if let best = feasible.min(by: { $0.score == $1.score ? $0.node.name < $1.node.name : $0.score < $1.score }) {
            await bind(pod, to: best.node, request: request, manager: manager)
            return
        }
        let message = Self.failureMessage(nodeCount: nodeOrder.count, histogram: histogram)
        waiting.insert(key)
        var conditions = pod[path: "status", "conditions"]?.arrayValue ?? []
        SimObjects.setCondition(
            &conditions, type: "PodScheduled", status: "False", reason: "Unschedulable", message: message, now: manager.now,
            probeTimes: true)
        var status = pod["status"] ?? .object([:])
        status["conditions"] = .array(conditions)
        if status != pod["status"] { await manager.writeStatus(.pods, pod, status: status) }
        await manager.seriesEvent(
            pod, type: "Warning", reason: "FailedScheduling", message: message, controller: name,
            instance: "\(name)-kubesim", action: "Scheduling")
        manager.enqueue(self, key, after: Self.retrySeconds)
    }

    private func bind(_ pod: JSONValue, to node: JSONValue, request: ResourceAmounts, manager: isolated ControllerManager) async {
        var bound = pod
        bound.setValue(.string(node.name), at: ["spec", "nodeName"])
        bound.setValue(nil, at: ["metadata", "resourceVersion"])
        var conditions = pod[path: "status", "conditions"]?.arrayValue ?? []
        SimObjects.setCondition(&conditions, type: "PodScheduled", status: "True", reason: nil, message: nil, now: manager.now, probeTimes: true)
        bound.setValue(.array(conditions), at: ["status", "conditions"])
        do {
            _ = try await manager.store.update(.pods, namespace: pod.namespace, bound, options: WriteOptions(preserveStatus: true))
        } catch {
            return
        }
        let key = ObjectKey(namespace: pod.namespace, name: pod.name)
        waiting.remove(key)
        account(key, node: node.name, amounts: request)
        await manager.seriesEvent(
            pod, type: "Normal", reason: "Scheduled",
            message: "Successfully assigned \(pod.namespace)/\(pod.name) to \(node.name)", controller: name,
            instance: "\(name)-kubesim", action: "Binding")
    }

    // MARK: - Filters

    /// What of a pod constrains its placement, read once per scheduling attempt.
    struct PodConstraints {
        var tolerations: [JSONValue]
        var pod: JSONValue
        var hasSelection: Bool

        init(_ pod: JSONValue) {
            self.pod = pod
            tolerations = pod[path: "spec", "tolerations"]?.arrayValue ?? []
            hasSelection = pod[path: "spec", "nodeSelector"]?.objectValue?.isEmpty == false
                || pod[path: "spec", "affinity", "nodeAffinity"] != nil
        }
    }

    static func filter(_ pod: PodConstraints, request: ResourceAmounts, node: NodeInfo, used: ResourceAmounts) -> [Rejection] {
        if node.unschedulable,
            !tolerates(pod.tolerations, taint: ["key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"])
        {
            return [Rejection(reason: "node(s) were unschedulable", resolvable: false)]
        }
        for taint in node.taints where !tolerates(pod.tolerations, taint: taint) {
            let key = taint["key"]?.stringValue ?? ""
            let value = taint["value"]?.stringValue ?? ""
            return [Rejection(reason: "node(s) had untolerated taint {\(key): \(value)}", resolvable: false)]
        }
        if pod.hasSelection, !matchesNodeSelection(pod.pod, labels: node.labels) {
            return [Rejection(reason: "node(s) didn't match Pod's node affinity/selector", resolvable: false)]
        }
        let allocatable = node.allocatable
        var rejections: [Rejection] = []
        if used.pods + 1 > allocatable.pods { rejections.append(Rejection(reason: "Too many pods", resolvable: true)) }
        if request.milliCPU > 0, used.milliCPU + request.milliCPU > allocatable.milliCPU {
            rejections.append(Rejection(reason: "Insufficient cpu", resolvable: true))
        }
        if request.memory > 0, used.memory + request.memory > allocatable.memory {
            rejections.append(Rejection(reason: "Insufficient memory", resolvable: true))
        }
        return rejections
    }

    static func tolerates(_ tolerations: [JSONValue], taint: JSONValue) -> Bool {
        let key = taint["key"]?.stringValue ?? ""
        let value = taint["value"]?.stringValue ?? ""
        let effect = taint["effect"]?.stringValue ?? ""
        return tolerations.contains { toleration in
            let tolerationEffect = toleration["effect"]?.stringValue ?? ""
            guard tolerationEffect.isEmpty || tolerationEffect == effect else { return false }
            let tolerationKey = toleration["key"]?.stringValue ?? ""
            let op = toleration["operator"]?.stringValue ?? "Equal"
            if tolerationKey.isEmpty { return op == "Exists" }
            guard tolerationKey == key else { return false }
            return op == "Exists" || (toleration["value"]?.stringValue ?? "") == value
        }
    }

    static func matchesNodeSelection(_ pod: JSONValue, node: JSONValue) -> Bool {
        matchesNodeSelection(pod, labels: node.labels)
    }

    static func matchesNodeSelection(_ pod: JSONValue, labels: [String: String]) -> Bool {
        for (key, value) in pod[path: "spec", "nodeSelector"]?.objectValue ?? [:] where labels[key] != value.stringValue {
            return false
        }
        guard
            let terms = pod[path: "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]?
                .arrayValue, !terms.isEmpty
        else { return true }
        return terms.contains { term in
            (term["matchExpressions"]?.arrayValue ?? []).allSatisfy { expression in
                let key = expression["key"]?.stringValue ?? ""
                let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue)
                switch expression["operator"]?.stringValue ?? "" {
                case "In": return labels[key].map(values.contains) ?? false
                case "NotIn": return !(labels[key].map(values.contains) ?? false)
                case "Exists": return labels[key] != nil
                case "DoesNotExist": return labels[key] == nil
                default: return false
                }
            }
        }
    }

    /// Lower is better: the larger of the CPU and memory shares the node would have allocated.
    static func score(request: ResourceAmounts, allocatable: ResourceAmounts, used: ResourceAmounts) -> Double {
        let cpu = allocatable.milliCPU > 0 ? Double(used.milliCPU + request.milliCPU) / Double(allocatable.milliCPU) : 1
        let memory = allocatable.memory > 0 ? Double(used.memory + request.memory) / Double(allocatable.memory) : 1
        let pods = allocatable.pods > 0 ? Double(used.pods + 1) / Double(allocatable.pods) : 1
        return max(cpu, memory) + pods / 1000
    }

    /// The FitError message of the real scheduler, with the preemption post-filter's message.
    static func failureMessage(nodeCount: Int, histogram: [Rejection: Int]) -> String {
        guard nodeCount > 0 else { return "no nodes available to schedule pods" }
        let reasons = histogram.map { "\($0.value) \($0.key.reason)" }.sorted()
        var message = "0/\(nodeCount) nodes are available: \(reasons.joined(separator: ", "))."
        let notHelpful = histogram.filter { !$0.key.resolvable }.reduce(0) { $0 + $1.value }
        let noVictims = max(0, nodeCount - notHelpful)
        var preemption: [String] = []
        if notHelpful > 0 { preemption.append("\(notHelpful) Preemption is not helpful for scheduling") }
        if noVictims > 0 { preemption.append("\(noVictims) No preemption victims found for incoming pod") }
        message += " preemption: 0/\(nodeCount) nodes are available: \(preemption.sorted().joined(separator: ", "))."
        return message
    }
}
