import Foundation
import KubeModels

/// A synthetic metrics-server: `metrics.k8s.io` PodMetrics for running pods and NodeMetrics for
/// nodes with a running kubelet, seeded into the store (which serves them read-only).
///
/// Usage is derived from requests: each container uses a stable share (30–70 %, from its pod's
/// name) of its CPU and memory requests (or 10m and 32Mi without requests); a container that is
/// OOM-killed shows its memory limit. A node uses its pods' usage plus a system overhead of 150m and
/// 900Mi. Node metrics are refreshed every `metricsSeconds`; a lost node has none, as metrics-server
/// cannot scrape it.
final class MetricsController: SimController {
    let name = "metrics-server"
    let watches: Set<GroupResource> = [.pods, .nodes]
    private var seededPods: Set<ObjectKey> = []
    private var seededNodes: Set<String> = []

    func handle(_ change: CacheChange, manager: isolated ControllerManager) {
        if change.resource == .nodes {
            if change.type == .added || change.old.map(Kubelet.isRunning) != Kubelet.isRunning(change.object) {
                manager.enqueue(self, ObjectKey(namespace: "", name: change.object.name))
            }
            return
        }
        let running = change.type != .deleted && change.object.podPhase == "Running" && !change.object.isBeingDeleted
        let wasRunning = change.old.map { $0.podPhase == "Running" && !$0.isBeingDeleted } ?? false
        if running != wasRunning || (!running && seededPods.contains(change.key)) { manager.enqueue(self, change.key) }
    }

    static func share(_ name: String) -> Double {
        var hasher = Hasher64()
        hasher.combine(name)
        return 0.3 + Double(hasher.value % 400) / 1000
    }

    static func usage(of pod: JSONValue) -> [(name: String, cpuNano: Int64, memory: Int64)] {
        let share = share(pod.name)
        let statuses = pod[path: "status", "containerStatuses"]?.arrayValue ?? []
        return (pod[path: "spec", "containers"]?.arrayValue ?? []).map { container in
            let name = container["name"]?.stringValue ?? ""
            let cpuRequest = ResourceAmounts.milli(container[path: "resources", "requests", "cpu"])
            let memoryRequest = ResourceAmounts.bytes(container[path: "resources", "requests", "memory"])
            var memory = Int64(Double(memoryRequest > 0 ? memoryRequest : 32 * 1024 * 1024) * share)
            let status = statuses.first { $0["name"]?.stringValue == name }
            if status?[path: "lastState", "terminated", "reason"]?.stringValue == "OOMKilled" {
                memory = max(memory, ResourceAmounts.bytes(container[path: "resources", "limits", "memory"]))
            }
            let cpu = Int64(Double(cpuRequest > 0 ? cpuRequest : 10) * share * 1_000_000)
            return (name, cpu, memory)
        }
    }

    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {
        if key.namespace.isEmpty {
            await refreshNode(key.name, manager: manager)
            return
        }
        let now = SimObjects.time(manager.now)
        guard let pod = manager.cache.get(.pods, key), pod.podPhase == "Running", !pod.isBeingDeleted else {
            if seededPods.remove(key) != nil {
                await manager.delete(SimResource.podMetrics, namespace: key.namespace, name: key.name)
            }
            return
        }
        let containers: [JSONValue] = Self.usage(of: pod).map { usage in
            ["name": .string(usage.name), "usage": ["cpu": .string("\(usage.cpuNano)n"), "memory": .string("\(usage.memory / 1024)Ki")]]
        }
        var metadata: [String: JSONValue] = ["name": .string(pod.name), "namespace": .string(pod.namespace), "creationTimestamp": now]
        if let labels = pod[path: "metadata", "labels"] { metadata["labels"] = labels }
        let metrics: JSONValue = [
            "apiVersion": "metrics.k8s.io/v1beta1", "kind": "PodMetrics", "metadata": .object(metadata),
            "timestamp": now, "window": "15.011s", "containers": .array(containers),
        ]
        if (try? await manager.store.seed(metrics)) != nil { seededPods.insert(key) }
    }

    private func refreshNode(_ name: String, manager: isolated ControllerManager) async {
        guard let node = manager.cache.get(.nodes, "", name), Kubelet.isRunning(node) else {
            if seededNodes.remove(name) != nil { await manager.delete(SimResource.nodeMetrics, namespace: "", name: name) }
            return
        }
        var cpu: Int64 = 150 * 1_000_000
        var memory: Int64 = 900 * 1024 * 1024
        for pod in manager.cache.pods(onNode: name) where pod.podPhase == "Running" {
            for usage in Self.usage(of: pod) {
                cpu += usage.cpuNano
                memory += usage.memory
            }
        }
        let now = SimObjects.time(manager.now)
        var metadata: [String: JSONValue] = ["name": .string(name), "creationTimestamp": now]
        if let labels = node[path: "metadata", "labels"] { metadata["labels"] = labels }
        let metrics: JSONValue = [
            "apiVersion": "metrics.k8s.io/v1beta1", "kind": "NodeMetrics", "metadata": .object(metadata),
            "timestamp": now, "window": "20.023s", "usage": ["cpu": .string("\(cpu)n"), "memory": .string("\(memory / 1024)Ki")],
        ]
        if (try? await manager.store.seed(metrics)) != nil { seededNodes.insert(name) }
        manager.enqueue(self, ObjectKey(namespace: "", name: name), after: manager.options.metricsSeconds)
    }
}
