import Foundation
import KubeAPI
import KubeModels
import Testing
import Watcher

@testable import KubeSim

/// The cool-down of findings without an action survives a restart of the watcher.
@Suite("Watcher: persisted cool-down", .serialized)
struct CooldownPersistenceTests {
    /// A Deployment whose pod asks for more memory than any node has: Unschedulable (no action).
    static func stageUnschedulable(_ harness: WatcherHarness, namespace: String) async throws {
        let store = harness.sim.store
        _ = try await store.create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]])
        _ = try await store.create(
            .deployments, namespace: namespace,
            [
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": ["name": "trainer", "namespace": .string(namespace), "labels": ["app": "trainer"]],
                "spec": [
                    "replicas": 1, "selector": ["matchLabels": ["app": "trainer"]],
                    "template": [
                        "metadata": ["labels": ["app": "trainer"]],
                        "spec": [
                            "containers": [[
                                "name": "trainer", "image": "ghcr.io/acme/trainer:4.2.0",
                                "resources": ["requests": ["cpu": "100m", "memory": "512Gi"]],
                            ]]
                        ],
                    ],
                ],
            ])
    }

    static func pendingPod(_ harness: WatcherHarness, namespace: String) async throws -> String? {
        try await harness.sim.store.list(.pods, namespace: namespace).items.first?.object.name
    }

    @Test("a finding without an action is announced once; a restarted watcher reads the cool-down back and re-sends nothing")
    func restartResendsNothing() async throws {
        let harness = try await WatcherHarness.start()
        let first = try harness.startWatcher()
        var second: RunningWatcher?
        do {
            try await first.waitUntilPrimed()
            try await Self.stageUnschedulable(harness, namespace: "kars-ml")
            await harness.simulation.advance(by: 10)
            #expect(await eventually(timeout: 60) { first.messages.count == 1 })
            let message = try #require(first.messages.all.first)
            #expect(message.title == "Unschedulable: Deployment kars-ml/trainer")
            #expect(message.approval == nil)
            #expect(try await harness.actions().isEmpty)
            // The announcement is written to the ConfigMap.
            let stored = await eventually(timeout: 60) {
                let map = try? await harness.sim.store.get(.configmaps, namespace: "kars-sre", name: "kars-sre-watcher-state")
                return map?[path: "data", "Unschedulable.kars-ml.trainer"]?.stringValue?.hasSuffix(" Unschedulable/kars-ml/trainer") == true
            }
            #expect(stored)
            await first.stop()

            let restarted = try harness.startWatcher()
            second = restarted
            try await restarted.waitUntilPrimed()
            #expect(await restarted.stats.cooldownsRestored == 1)
            // The scheduler keeps failing: a fresh FailedScheduling event for the pending pod.
            let pod = try #require(try await Self.pendingPod(harness, namespace: "kars-ml"))
            try await harness.recordEvent(
                namespace: "kars-ml", pod: pod, reason: "FailedScheduling",
                message: "0/3 nodes are available: 3 Insufficient memory.", index: 1)
            #expect(await eventually(timeout: 60) { await restarted.stats.incidents > 0 })
            try await Task.sleep(for: .milliseconds(500))
            #expect(restarted.messages.count == 0)
        } catch {
            Issue.record(error)
        }
        await first.stop()
        await second?.stop()
        await harness.stop()
    }

    @Test("the watcher's own identity (deploy/rbac/controller.yaml) can create, read and patch its ConfigMap, and no other")
    func storeWorksWithTheWatchersPermissions() async throws {
        let harness = try await WatcherHarness.start()
        var client: KubeClient?
        do {
            let text = try String(
                contentsOf: WatcherHarness.root.appendingPathComponent("deploy/rbac/controller.yaml"), encoding: .utf8)
            for document in text.components(separatedBy: "\n---\n") {
                let object = try BodyDecoding.decode(Array(document.utf8), contentType: "application/yaml")
                if !object.isNull { try await harness.sim.store.seed(object) }
            }
            let minted = try await harness.sim.store.requestToken(
                namespace: "kars-sre", serviceAccount: "kars-sre", request: ["spec": ["expirationSeconds": 3600]])
            let path = harness.directory.file("watcher.kubeconfig")
            try harness.sim.writeKubeconfig(
                to: path, token: minted[path: "status", "token"]?.stringValue ?? "", namespace: "kars-sre")
            let watcherClient = try KubeClient(config: try KubeConfigLoader().resolve(kubeconfig: path))
            client = watcherClient
            let store = ConfigMapCooldownStore(client: watcherClient, namespace: "kars-sre", name: "kars-sre-watcher-state")
            #expect(try await store.load().isEmpty)
            let first = Date(timeIntervalSince1970: 1_795_856_400)
            try await store.save(["OOMKilled/batch/worker": first], forget: [])  // creates it
            try await store.save(["NodeNotReady//worker-3": first.addingTimeInterval(60)], forget: [])  // patches it
            var loaded = try await store.load()
            #expect(loaded == ["OOMKilled/batch/worker": first, "NodeNotReady//worker-3": first.addingTimeInterval(60)])
            try await store.save([:], forget: ["OOMKilled/batch/worker"])
            loaded = try await store.load()
            #expect(loaded == ["NodeNotReady//worker-3": first.addingTimeInterval(60)])
            // The same rights do not reach any other ConfigMap (the kill switch, say).
            let other = ConfigMapCooldownStore(client: watcherClient, namespace: "kars-sre", name: "kars-sre-control")
            await #expect(throws: KubeAPIError.self) {
                try await other.save(["x/y/z": first], forget: [])
            }
        } catch {
            Issue.record(error)
        }
        try? await client?.shutdown()
        await harness.stop()
    }
}
