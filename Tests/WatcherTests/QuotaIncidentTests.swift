import Foundation
import KubeModels
import Notify
import Testing
import Watcher

@testable import KubeSim

/// The quota incident staged by KubeSim's controllers, watched over HTTPS.
@Suite("Watcher: quota incident", .serialized)
struct QuotaIncidentTests {
    @Test("the quota incident gives exactly one KarsSREAction and one message; a restart re-sends nothing")
    func quotaIncidentOnceAndRestart() async throws {
        let harness = try await WatcherHarness.start()
        let first = try harness.startWatcher()
        // Let it prime on the bootstrap's events first.
        try await first.waitUntilPrimed()

        let report = try await Stage.apply(.quota, on: harness.simulation)
        #expect(report.observed)
        #expect(try await eventually { try await harness.actions().count == 1 && first.messages.count == 1 })
        // More FailedCreate events for the same incident (the controller keeps retrying).
        await harness.simulation.advance(by: 120)
        #expect(try await eventually { await first.stats.actionsReused + first.stats.incidents + first.stats.eventsCovered > 1 })
        try await Task.sleep(for: .milliseconds(500))

        let actions = try await harness.actions()
        #expect(actions.count == 1)
        let action = try #require(actions.first)
        #expect(action[path: "spec", "action", "type"]?.stringValue == "DeleteResourceQuota")
        #expect(action[path: "spec", "action", "target", "name"]?.stringValue == "platform-hardening")
        #expect(action[path: "spec", "source", "detector"]?.stringValue == "watcher")
        #expect(action[path: "spec", "ttlMinutes"]?.intValue == 30)
        #expect(first.messages.count == 1)
        let message = try #require(first.messages.all.first)
        #expect(message.title == "QuotaExceeded: Deployment kars-research/research")
        #expect(message.symptom.contains("FailedCreate"))
        #expect(message.rootCause.contains("platform-hardening"))
        #expect(message.proposedFix.contains("DeleteResourceQuota kars-research/platform-hardening"))
        #expect(message.approval?.actionName == action[path: "metadata", "name"]?.stringValue)
        #expect(message.whySafe != nil && message.rollback != nil)
        await first.stop()

        // A new watcher process: bootstrapped from the KarsSREAction, primed on the existing events.
        let second = try harness.startWatcher()
        try await second.waitUntilPrimed()
        await harness.simulation.advance(by: 120)
        #expect(try await eventually { await second.stats.cycles > 0 })
        try await Task.sleep(for: .milliseconds(500))
        #expect(second.messages.count == 0)
        #expect(try await harness.actions().count == 1)
        #expect(await second.stats.actionsCreated == 0)
        await second.stop()
        await harness.stop()
    }

    @Test("an operator deleting the action clears the dedupe state at the next resync")
    func resyncClearsDeletedAction() async throws {
        let harness = try await WatcherHarness.start()
        let watcher = try harness.startWatcher()
        try await watcher.waitUntilPrimed()
        try await harness.stageQuotaIncident("kars-one")
        await harness.simulation.advance(by: 10)
        #expect(try await eventually { try await harness.actions().count == 1 })
        let name = try #require(try await harness.actions().first?[path: "metadata", "name"]?.stringValue)
        _ = try await harness.sim.store.delete(
            GroupResource(group: "kars.azure.com", resource: "karssreactions"), namespace: "kars-sre", name: name)
        #expect(try await eventually { await watcher.stats.knownActions == 0 })
        await harness.simulation.advance(by: 120)
        #expect(try await eventually { try await harness.actions().count == 1 })
        // The message is handed to the channel after the action is created, not with it.
        #expect(await eventually { watcher.messages.count == 2 }, "\(watcher.messages.count) messages")
        await watcher.stop()
        await harness.stop()
    }
}
