import Foundation
import KubeModels
import Testing
@testable import KubeSim

/// The quota incident end to end on a deterministic clock: sandbox → quota → FailedCreate with
/// back-off → quota removed → recovery at the next retry, or at once after a nudge.
@Suite("Quota loop")
struct QuotaLoopTests {
    @Test("a quota blocks the rescheduled sandbox pod with aggregated FailedCreate events")
    func quotaBlocks() async throws {
        let sim = await KubeSimulation.start()
        let report = try await Stage.apply(.quota, on: sim)
        #expect(report.observed, "\(report)")
        let sandbox = try #require(await sim.object(SimResource.karssandboxes, "kars-system", "research"))
        #expect(sandbox[path: "status", "phase"]?.stringValue == "Running")
        #expect(sandbox[path: "status", "namespace"]?.stringValue == "kars-research")

        await sim.advance(by: 600)
        let failed = await sim.events("kars-research", reason: "FailedCreate")
        #expect(!failed.isEmpty)
        for event in failed {
            #expect(event[path: "type"]?.stringValue == "Warning")
            #expect(event[path: "source", "component"]?.stringValue == "replicaset-controller")
            #expect(event[path: "involvedObject", "kind"]?.stringValue == "ReplicaSet")
            let message = event["message"]?.stringValue ?? ""
            #expect(message.contains("Error creating: pods \"research-"), "\(message)")
            #expect(message.contains("is forbidden: exceeded quota: platform-hardening, requested: requests.memory=320Mi"), "\(message)")
        }
        // Ten distinct messages within ten minutes are combined into one event that keeps counting.
        let combined = failed.filter { ($0["message"]?.stringValue ?? "").hasPrefix("(combined from similar events): ") }
        #expect(combined.count == 1)
        #expect((combined.first?["count"]?.intValue ?? 0) > 1)
        #expect(failed.count == 10)
        // Still blocked, and the Sandbox still says Running.
        #expect(await sim.pods("kars-research", app: "research").filter(\.isActivePod).isEmpty)
        #expect(await sim.deploymentAvailable("kars-research", "research") == false)
        let after = try #require(await sim.object(SimResource.karssandboxes, "kars-system", "research"))
        #expect(after[path: "status", "phase"]?.stringValue == "Running")
        await sim.stop()
    }

    @Test("without a nudge, a workload recovers only at its next back-off retry")
    func recoversAtNextRetry() async throws {
        let sim = await KubeSimulation.start()
        try await Stage.apply(.quota, on: sim)
        // After half an hour the per-item back-off has reached its 1000 s ceiling.
        await sim.advance(by: 1800)
        let rsName = try #require(await sim.objects(.replicasets, "kars-research").first?.name)
        let failures = await sim.manager.replicaSetFailures(namespace: "kars-research", name: rsName)
        #expect(failures >= 18, "failures: \(failures)")
        try await sim.store.delete(.resourcequotas, namespace: "kars-research", name: "platform-hardening")
        let removedAt = sim.clock.now()
        await sim.advance(by: 60)
        #expect(await sim.deploymentAvailable("kars-research", "research") == false)
        let recovered = await sim.advance(by: 1100) { await sim.deploymentAvailable("kars-research", "research") }
        #expect(recovered)
        let waited = sim.clock.now().timeIntervalSince(removedAt)
        #expect(waited > 60 && waited <= 1010, "recovered after \(waited) s")
        await sim.stop()
    }

    @Test("an annotation nudge on the ReplicaSet retries at once")
    func nudgeRecoversAtOnce() async throws {
        let sim = await KubeSimulation.start()
        try await Stage.apply(.quota, on: sim)
        await sim.advance(by: 1800)
        try await sim.store.delete(.resourcequotas, namespace: "kars-research", name: "platform-hardening")
        await sim.advance(by: 5)
        let rs = try #require(await sim.objects(.replicasets, "kars-research").first)
        _ = try await sim.store.patch(
            .replicasets, namespace: "kars-research", name: rs.name, type: .merge,
            body: ["metadata": ["annotations": ["kars.azure.com/nudged-at": "now"]]])
        let nudgedAt = sim.clock.now()
        let recovered = await sim.advance(by: 120) { await sim.deploymentAvailable("kars-research", "research") }
        #expect(recovered)
        #expect(sim.clock.now().timeIntervalSince(nudgedAt) < 30)
        await sim.stop()
    }

    @Test("stage --reset deletes the quota, nudges and waits for recovery")
    func resetRecovers() async throws {
        let sim = await KubeSimulation.start()
        try await Stage.apply(.quota, on: sim)
        await sim.advance(by: 1200)
        let report = try await Stage.apply(.quota, reset: true, on: sim)
        #expect(report.observed, "\(report)")
        #expect(await sim.object(.resourcequotas, "kars-research", "platform-hardening") == nil)
        await sim.stop()
    }

    @Test("the back-off doubles from 5 ms to a 1000 s ceiling")
    func backoffSchedule() {
        #expect(ReplicaSetController.backoff(failures: 1) == 0.005)
        #expect(ReplicaSetController.backoff(failures: 2) == 0.01)
        #expect(ReplicaSetController.backoff(failures: 18) == 0.005 * 131_072)
        #expect(ReplicaSetController.backoff(failures: 19) == 1000)
        #expect(ReplicaSetController.backoff(failures: 60) == 1000)
    }
}
