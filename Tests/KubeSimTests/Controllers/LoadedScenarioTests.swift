import Foundation
import KubeModels
import Testing
@testable import KubeSim

/// A public scenario loaded into KubeSim with the controllers on carries on as a live cluster would.
@Suite("Loaded scenarios go live")
struct LoadedScenarioTests {
    static let scenarios = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/scenarios")

    static func file(_ name: String) -> String { scenarios.appendingPathComponent(name).appendingPathComponent("cluster.json").path }

    static var available: Bool { FileManager.default.fileExists(atPath: file("quota-blocks-sandbox")) }

    /// A store seeded from a scenario, with the simulation started at the scenario's time.
    static func load(_ name: String) async throws -> KubeSimulation {
        let store = await ClusterStore()
        try await SnapshotLoader.load(file: file(name), into: store)
        let start = try #require(KubeTime.parse("2026-11-28T10:00:00Z"))
        return await KubeSimulation.start(store: store, clock: ManualClock(start: start), bootstrap: nil)
    }

    @Test("the quota scenario keeps failing until the quota goes and the ReplicaSet is nudged", .enabled(if: available))
    func quota() async throws {
        let sim = try await Self.load("quota-blocks-sandbox")
        await sim.advance(by: 60)
        let before = await sim.events("kars-research", reason: "FailedCreate").count
        #expect(before > 4)
        // Running pods of the snapshot are adopted, not restarted.
        let controller = try #require(await sim.object(.pods, "kars-system", "kars-controller-lq4vhvcpv9-2f8br"))
        #expect(controller[path: "status", "containerStatuses"]?[0]?["restartCount"]?.intValue == 0)
        #expect(controller[path: "status", "podIP"]?.stringValue == "10.244.1.234")
        #expect(controller.isReadyPod)
        try await sim.store.delete(.resourcequotas, namespace: "kars-research", name: "platform-hardening")
        _ = try await sim.store.patch(
            .replicasets, namespace: "kars-research", name: "research-84dwh4l6hs", type: .merge,
            body: ["metadata": ["annotations": [SimAnnotations.nudge: "2026-11-28T10:01:00Z"]]])
        #expect(await sim.advance(by: 60) { await sim.deploymentAvailable("kars-research", "research") })
        await sim.stop()
    }

    @Test("a node lost in the snapshot stays lost until its kubelet is started", .enabled(if: available))
    func nodeLost() async throws {
        let sim = try await Self.load("node-lost-stuck-terminating")
        await sim.advance(by: 120)
        #expect(await sim.object(.nodes, nil, "worker-2")?.conditionStatus("Ready") == "Unknown")
        #expect(await sim.object(.pods, "data", "db-0")?.isBeingDeleted == true)
        try await Stage.apply(.nodeLost, reset: true, on: sim)
        #expect(await sim.object(.nodes, nil, "worker-2")?.conditionStatus("Ready") == "True")
        let db = try #require(await sim.object(.pods, "data", "db-0"))
        #expect(!db.isBeingDeleted && db.isReadyPod)
        await sim.stop()
    }
}
