import Foundation
import KubeModels

extension KubeSimBenchmark {
    /// Numbers of one settle run.
    public struct SettleResult: Sendable, CustomStringConvertible {
        public var nodes: Int
        public var pods: Int
        /// Pods Ready at the end (equals `pods` when the cluster settled).
        public var readyPods: Int
        public var wallSeconds: Double
        /// CPU time of the process over the run (less sensitive than wall time to other load).
        public var cpuSeconds: Double
        /// Simulated time from the first Deployment to the last pod Ready.
        public var simulatedSeconds: Double
        public var peakMegabytes: Double
        public var reconciles: Int
        public var eventsWritten: Int

        public var description: String {
            String(
                format: "KubeSim settle: %d nodes, %d/%d pods Ready in %.2f s wall, %.2f s cpu (%.0f s simulated), %d reconciles, %d event writes; peak RSS %.0f MB",
                nodes, readyPods, pods, wallSeconds, cpuSeconds, simulatedSeconds, reconciles, eventsWritten, peakMegabytes)
        }
    }

    /// Settles a cluster from empty to all pods Ready: `nodes` worker nodes, then Deployments of 100
    /// replicas (over 10 namespaces) adding up to `pods`, with every controller running on a manual
    /// clock (as fast as the machine allows). Returns wall time and peak memory.
    public static func settle(nodes: Int = 200, pods: Int = 10_000) async -> SettleResult {
        let manual = ManualClock()
        let perNode = max(110, (pods + nodes - 1) / max(nodes, 1) * 2)
        let simulation = await KubeSimulation.start(
            clock: manual, options: SimulationOptions(),
            bootstrap: ClusterBootstrap(nodes: nodes, maxPods: perNode, coreDNS: false, namespaces: []), historySize: 10_000)
        let started = ContinuousClock.now
        let cpuStarted = clock()
        let simulatedStart = manual.now()
        let perDeployment = 100
        let deployments = (pods + perDeployment - 1) / perDeployment
        var names: [(String, String)] = []
        for index in 0..<deployments {
            let namespace = "bench-\(index % 10)"
            if index < 10 {
                _ = try? await simulation.store.create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]])
            }
            let replicas = min(perDeployment, pods - index * perDeployment)
            let name = "app-\(index)"
            let deployment: JSONValue = [
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": ["app": .string(name)]],
                "spec": [
                    "replicas": .int(Int64(replicas)), "selector": ["matchLabels": ["app": .string(name)]],
                    "template": [
                        "metadata": ["labels": ["app": .string(name)]],
                        "spec": ["containers": [[
                            "name": "app", "image": "nginx:1.25.3",
                            "resources": ["requests": ["cpu": "10m", "memory": "16Mi"], "limits": ["memory": "64Mi"]],
                        ]]],
                    ],
                ],
            ]
            _ = try? await simulation.store.create(.deployments, namespace: namespace, deployment)
            names.append((namespace, name))
        }
        let store = simulation.store
        let targets = names
        await simulation.advance(by: 3600) {
            for (namespace, name) in targets {
                guard let deployment = try? await store.get(.deployments, namespace: namespace, name: name) else { return false }
                if Int(deployment[path: "status", "availableReplicas"]?.intValue ?? 0) < deployment.specReplicas { return false }
            }
            return true
        }
        let elapsed = ContinuousClock.now - started
        let cpu = Double(clock() - cpuStarted) / Double(CLOCKS_PER_SEC)
        let ready = (try? await store.list(.pods).items.filter { $0.object.isReadyPod }.count) ?? 0
        let result = SettleResult(
            nodes: nodes, pods: pods, readyPods: ready,
            wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, cpuSeconds: cpu,
            simulatedSeconds: manual.now().timeIntervalSince(simulatedStart), peakMegabytes: peakMegabytes,
            reconciles: await simulation.manager.reconciles, eventsWritten: await simulation.manager.eventCounts.written)
        await simulation.stop()
        return result
    }
}
