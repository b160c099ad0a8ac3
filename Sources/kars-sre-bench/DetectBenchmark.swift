// `kars-sre-bench detect [--incidents N] [--spacing-ms MS] [--poll-seconds S]`: detection latency of
// the watcher, from a failure event's creation to the KarsSREAction being created and the message
// handed to the channels, for watch mode and the polling mode side by side on one KubeSim.
#if KUBESIM_BENCH
import Foundation
import KubeAPI
import KubeModels
import KubeSim
import Notify
import Remediation
import Synchronization
import Watcher

enum DetectBenchmark {
    /// Wall-clock times per namespace, shared with the watchers' observers and the change feed.
    final class Timeline: Sendable {
        private let events = Mutex<[String: Date]>([:])
        private let records = Mutex<[String: [String: DetectionRecord]]>([:])

        func eventCreated(_ namespace: String, _ date: Date) {
            events.withLock { if $0[namespace] == nil { $0[namespace] = date } }
        }

        func record(_ mode: String, _ record: DetectionRecord) {
            guard let namespace = record.namespace else { return }
            records.withLock { $0[mode, default: [:]][namespace] = record }
        }

        func count(_ mode: String) -> Int { records.withLock { $0[mode]?.count ?? 0 } }

        /// Latencies in seconds: (to action created, to message handed over).
        func latencies(_ mode: String) -> (action: [Double], handed: [Double]) {
            let created = events.withLock { $0 }
            let done = records.withLock { $0[mode] ?? [:] }
            var action: [Double] = []
            var handed: [Double] = []
            for (namespace, record) in done {
                guard let start = created[namespace] else { continue }
                if let at = record.actionCreatedAt { action.append(at.timeIntervalSince(start)) }
                if let at = record.handedAt { handed.append(at.timeIntervalSince(start)) }
            }
            return (action.sorted(), handed.sorted())
        }
    }

    static func run(_ arguments: [String]) async throws {
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1])
            else { return fallback }
            return value
        }
        let incidents = option("--incidents", 100)
        let spacing = option("--spacing-ms", 150)
        let pollSeconds = option("--poll-seconds", 10)

        let sim = try await KubeSim.start(KubeSimOptions())
        try await sim.store.create(.customresourcedefinitions, actionCRD)
        for namespace in ["kars-sre", "kars-sre-poll"] {
            _ = try await sim.store.create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]])
        }
        let simulation = await KubeSimulation.start(store: sim.store, clock: ScaledClock())
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kars-bench-detect-\(getpid())")
        let kubeconfig = directory.appendingPathComponent("admin.kubeconfig").path
        try sim.writeKubeconfig(to: kubeconfig)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try KubeConfigLoader().resolve(kubeconfig: kubeconfig)

        let timeline = Timeline()
        let changes = await sim.store.changes()
        let feed = Task {
            for await change in changes where change.resource == .events {
                let object = change.object
                if change.type.rawValue == "ADDED", object["reason"]?.stringValue == "FailedCreate",
                    let namespace = object[path: "metadata", "namespace"]?.stringValue, namespace.hasPrefix("kars-bench-")
                {
                    timeline.eventCreated(namespace, Date())
                }
            }
        }

        var clients: [KubeClient] = []
        var tasks: [Task<Void, Never>] = []
        for (mode, actionNamespace) in [("watch", "kars-sre"), ("poll", "kars-sre-poll")] {
            var configuration = WatcherConfiguration()
            configuration.mode = mode == "watch" ? .watch : .poll(interval: .seconds(Int64(pollSeconds)))
            configuration.rateLimit = 100_000  // measure detection, not the message budget
            let client = try KubeClient(config: config)
            clients.append(client)
            let watcher = Watcher(
                configuration: configuration, client: client, actions: ActionClient(client: client, namespace: actionNamespace),
                dispatcher: nil, observer: { timeline.record(mode, $0) })
            tasks.append(Task { await watcher.run() })
        }
        try await Task.sleep(for: .seconds(2))

        print("detect: \(incidents) quota incidents, one every \(spacing) ms; watch mode vs polling every \(pollSeconds) s")
        let started = Date()
        for index in 1...incidents {
            try await stage(String(format: "kars-bench-%03d", index), in: sim.store)
            try await Task.sleep(for: .milliseconds(spacing))
        }
        let deadline = Date().addingTimeInterval(Double(pollSeconds) * 2 + 30)
        while Date() < deadline, timeline.count("watch") < incidents || timeline.count("poll") < incidents {
            try await Task.sleep(for: .milliseconds(200))
        }
        print(String(format: "staged and detected in %.1f s", Date().timeIntervalSince(started)))
        for mode in ["watch", "poll"] {
            let (action, handed) = timeline.latencies(mode)
            print(
                "\(mode): \(timeline.count(mode))/\(incidents) detected; event → action created p50 \(ms(percentile(action, 0.5))) "
                    + "p99 \(ms(percentile(action, 0.99))) max \(ms(action.last)); event → message handed p50 "
                    + "\(ms(percentile(handed, 0.5))) p99 \(ms(percentile(handed, 0.99)))")
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        feed.cancel()
        for client in clients { try? await client.shutdown() }
        await simulation.stop()
        await sim.stop()
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    static func ms(_ seconds: Double?) -> String {
        seconds.map { String(format: "%.0f ms", $0 * 1000) } ?? "n/a"
    }

    /// A Deployment whose pod a quota rejects: its ReplicaSet's FailedCreate is the failure event.
    static func stage(_ namespace: String, in store: ClusterStore) async throws {
        _ = try await store.create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]])
        _ = try await store.create(
            .resourcequotas, namespace: namespace,
            [
                "apiVersion": "v1", "kind": "ResourceQuota", "metadata": ["name": "cap", "namespace": .string(namespace)],
                "spec": ["hard": ["requests.memory": "50Mi"]],
            ])
        _ = try await store.create(
            .deployments, namespace: namespace,
            [
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": ["name": "app", "namespace": .string(namespace)],
                "spec": [
                    "replicas": 1, "selector": ["matchLabels": ["app": "app"]],
                    "template": [
                        "metadata": ["labels": ["app": "app"]],
                        "spec": [
                            "containers": [[
                                "name": "app", "image": "ghcr.io/acme/app:1.0.0",
                                "resources": ["requests": ["cpu": "10m", "memory": "128Mi"]],
                            ]]
                        ],
                    ],
                ],
            ])
    }

    /// A schemaless KarsSREAction CRD (the benchmark measures detection, not validation).
    static let actionCRD: JSONValue = [
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": ["name": "karssreactions.kars.azure.com"],
        "spec": [
            "group": "kars.azure.com", "scope": "Namespaced",
            "names": ["plural": "karssreactions", "singular": "karssreaction", "kind": "KarsSREAction", "listKind": "KarsSREActionList"],
            "versions": [[
                "name": "v1alpha1", "served": true, "storage": true, "subresources": ["status": .object([:])],
                "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
            ]],
        ],
    ]
}
#endif
