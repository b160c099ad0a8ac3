import Foundation
import KubeAPI
import KubeModels

/// Benchmark hooks for `kars-sre-bench`: a full LIST of N pods as the server answers it, and one
/// watch fanned out to many HTTPS watchers while pods change. Targets: 10,000 pods listed in under
/// 1 s and 500 MB; 20 watchers receiving 1,000 changes each.
public enum KubeSimBenchmark {
    /// Timings of one LIST run.
    public struct Result: Sendable {
        public var pods: Int
        public var seedSeconds: Double
        public var listSeconds: Double
        public var responseBytes: Int
        /// Peak resident memory of the process so far (Linux `VmHWM`), in MB; 0 where unknown.
        public var peakMegabytes: Double
    }

    /// Timings of one watch fan-out run.
    public struct FanOutResult: Sendable {
        public var watchers: Int
        public var changes: Int
        /// From the first change to the last event arriving at the last watcher.
        public var deliverySeconds: Double
        /// Events received, all watchers together (watchers × changes when nothing was lost).
        public var eventsDelivered: Int
        public var peakMegabytes: Double
    }

    public static func listPods(count: Int, namespaces: Int = 10) async throws -> Result {
        let store = await ClusterStore(configuration: StoreConfiguration(historySize: 1000))
        let clock = ContinuousClock()
        let seedStart = clock.now
        for index in 0..<count {
            let namespace = "ns-\(index % max(namespaces, 1))"
            try await store.seed(samplePod(name: "pod-\(index)", namespace: namespace, index: index))
        }
        let seedTime = clock.now - seedStart
        let listStart = clock.now
        let result = try await store.list(.pods)
        let bytes = APIServer.encodeList(result, apiVersion: "v1", kind: "PodList")
        let listTime = clock.now - listStart
        return Result(
            pods: result.items.count, seedSeconds: seconds(seedTime), listSeconds: seconds(listTime), responseBytes: bytes.count,
            peakMegabytes: peakMegabytes)
    }

    /// Starts KubeSim, opens `watchers` HTTPS watches on pods, changes `changes` pods (status
    /// patches, as kubelets do) and times until every watcher has every event.
    public static func watchFanOut(watchers: Int = 20, changes: Int = 1000) async throws -> FanOutResult {
        let sim = try await KubeSim.start(KubeSimOptions(store: StoreConfiguration(historySize: max(10_000, changes * 2))))
        defer { Task { await sim.stop() } }
        for index in 0..<changes {
            try await sim.store.seed(samplePod(name: "pod-\(index)", namespace: "bench", index: index))
        }
        let config = KubeClientConfig(
            server: sim.serverURL, tls: TLSSettings(certificateAuthorityPEM: Data(sim.caPEM.utf8)), credentials: .bearerToken(sim.adminToken))
        // One client per watcher: a client pools at most 8 connections to a host, and every watch
        // holds one for its whole life.
        var transports: [HTTPClientTransport] = []
        let from = String(await sim.store.currentResourceVersion)
        var streams: [KubeStreamingResponse] = []
        for _ in 0..<watchers {
            let transport = try HTTPClientTransport(config: config)
            transports.append(transport)
            let request = KubeRequest(
                path: "/api/v1/namespaces/bench/pods",
                query: [QueryItem("watch", "true"), QueryItem("resourceVersion", from), QueryItem("timeoutSeconds", "600")])
            streams.append(try await transport.stream(request))
        }
        let clock = ContinuousClock()
        let start = clock.now
        let delivered = try await withThrowingTaskGroup(of: Int.self) { group in
            for stream in streams {
                group.addTask {
                    var count = 0
                    for try await chunk in stream.body {
                        count += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                        if count >= changes { break }
                    }
                    return count
                }
            }
            for index in 0..<changes {
                try await sim.store.patch(
                    .pods, namespace: "bench", name: "pod-\(index)", type: .merge, body: ["status": ["message": .string("change \(index)")]],
                    subresource: "status")
            }
            var total = 0
            for try await count in group { total += count }
            return total
        }
        let elapsed = clock.now - start
        for transport in transports { try? await transport.shutdown() }
        return FanOutResult(
            watchers: watchers, changes: changes, deliverySeconds: seconds(elapsed), eventsDelivered: delivered, peakMegabytes: peakMegabytes)
    }

    /// Runs a benchmark by name for `kars-sre-bench` and prints its numbers; false for an unknown name.
    ///   sim-list [--pods N]                      (default 10,000)
    ///   sim-watch [--watchers N] [--changes N]   (defaults 20 and 1,000)
    ///   sim-settle [--nodes N] [--pods N]        (defaults 200 and 10,000)
    public static func run(_ name: String, arguments: [String]) async throws -> Bool {
        func option(_ flag: String, _ fallback: Int) -> Int {
            guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count, let value = Int(arguments[index + 1]) else { return fallback }
            return value
        }
        switch name {
        case "sim-list":
            let result = try await listPods(count: option("--pods", 10_000))
            print(String(
                format: "KubeSim LIST of %d pods: %.3f s, %.1f MB response (seeding took %.2f s); peak RSS %.0f MB",
                result.pods, result.listSeconds, Double(result.responseBytes) / 1_048_576, result.seedSeconds, result.peakMegabytes))
            return true
        case "sim-watch":
            let result = try await watchFanOut(watchers: option("--watchers", 20), changes: option("--changes", 1000))
            print(String(
                format: "KubeSim watch fan-out: %d changes to %d watchers delivered in %.3f s (%d of %d events); peak RSS %.0f MB",
                result.changes, result.watchers, result.deliverySeconds, result.eventsDelivered, result.changes * result.watchers,
                result.peakMegabytes))
            return true
        case "sim-settle":
            let result = await settle(nodes: option("--nodes", 200), pods: option("--pods", 10_000))
            print(result)
            return true
        default:
            return false
        }
    }

    /// Peak resident set size of this process in MB (Linux), 0 elsewhere.
    public static var peakMegabytes: Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Double($0) }
            return (digits.first ?? 0) / 1024
        }
        return 0
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func samplePod(name: String, namespace: String, index: Int) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": [
                "name": .string(name), "namespace": .string(namespace),
                "labels": ["app": .string("app-\(index % 50)"), "pod-template-hash": "84dwh4l6hs"],
                "ownerReferences": [["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": .string("app-\(index % 50)-84dwh4l6hs"), "uid": "00000000-0000-0000-0000-000000000000", "controller": true]],
            ],
            "spec": [
                "nodeName": .string("node-\(index % 20)"), "restartPolicy": "Always", "serviceAccountName": "default",
                "containers": [[
                    "name": "main", "image": "registry.example.com/app:1.2.3",
                    "ports": [["containerPort": 8080, "protocol": "TCP"]],
                    "resources": ["requests": ["cpu": "100m", "memory": "128Mi"], "limits": ["cpu": "500m", "memory": "256Mi"]],
                    "env": [["name": "MODE", "value": "production"]],
                ]],
            ],
            "status": [
                "phase": "Running", "podIP": .string("10.0.\(index / 250 % 250).\(index % 250)"),
                "conditions": [["type": "Ready", "status": "True"]],
                "containerStatuses": [["name": "main", "ready": true, "restartCount": 0, "image": "registry.example.com/app:1.2.3", "state": ["running": ["startedAt": "2026-11-28T00:00:00Z"]]]],
            ],
        ]
    }
}
