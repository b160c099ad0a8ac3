import Foundation
import KubeModels
import Notify
import Testing
import Watcher

@testable import KubeSim

/// Failures that develop after their last event, caught by re-diagnosis on the engine's clock.
@Suite("Watcher: re-checks of failures without an action", .serialized)
struct RecheckTests {
    @Test("a pod stuck Terminating on a lost node: the NodeNotReady finding is announced once, then one DeletePod action")
    func nodeLostStuckTerminating() async throws {
        let harness = try await WatcherHarness.start()
        let watcher = try harness.startWatcher(
            { $0.scope = NamespaceScope(include: ["data"], exclude: []) }, simulatedClock: true)
        do {
            try await watcher.waitUntilPrimed()
            let report = try await Stage.apply(.nodeLost, on: harness.simulation)
            #expect(report.observed, "\(report)")
            // NodeNotReady (a finding without an action) is announced; the pod is not stuck yet.
            #expect(await eventually(timeout: 60) { watcher.messages.all.contains { $0.title.hasPrefix("NodeNotReady:") } })
            #expect(try await harness.actions().isEmpty)
            #expect(await watcher.stats.rechecking > 0)

            // No further event arrives for the pod: only a re-check sees it pass its deletion deadline.
            let proposed = try await eventually(timeout: 120, interval: .milliseconds(200)) {
                await harness.simulation.advance(by: 5)
                return try await !harness.actions().isEmpty
            }
            let stats = await watcher.stats
            #expect(proposed, "stats: \(stats)")
            #expect(await watcher.stats.rechecks > 0)
            // More re-checks and time change nothing: the open action stands for the incident.
            let rechecks = await watcher.stats.rechecks
            await harness.simulation.advance(by: 60)
            #expect(await eventually(timeout: 60) { await watcher.stats.rechecks > rechecks || watcher.messages.count > 2 })
            let actions = try await harness.actions()
            #expect(actions.count == 1)
            let action = try #require(actions.first)
            #expect(action[path: "spec", "action", "type"]?.stringValue == "DeletePod")
            #expect(action[path: "spec", "action", "target", "namespace"]?.stringValue == "data")
            #expect(action[path: "spec", "action", "target", "name"]?.stringValue == "db-0")
            #expect(action[path: "spec", "diagnosis", "class"]?.stringValue == "StuckTerminating")
            let titles = watcher.messages.all.map(\.title)
            #expect(titles.filter { $0.hasPrefix("NodeNotReady:") }.count == 1, "\(titles)")
            #expect(titles.filter { $0.hasPrefix("StuckTerminating:") }.count == 1, "\(titles)")
            let stuck = try #require(watcher.messages.all.first { $0.title.hasPrefix("StuckTerminating:") })
            #expect(stuck.approval?.actionName == action[path: "metadata", "name"]?.stringValue)
        } catch {
            Issue.record(error)
        }
        await watcher.stop()
        await harness.stop()
    }

    @Test("an event whose object never develops a finding stops being re-checked after the window")
    func recheckWindowEnds() async throws {
        let harness = try await WatcherHarness.start()
        let watcher = try harness.startWatcher(
            {
                $0.recheckInterval = 10
                $0.recheckWindow = 60
            }, simulatedClock: true)
        do {
            try await watcher.waitUntilPrimed()
            _ = try await harness.sim.store.create(
                .namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "kars-quiet"]])
            // A failure event about a pod that does not exist: nothing to diagnose, ever.
            try await harness.recordEvent(
                namespace: "kars-quiet", pod: "ghost-0", reason: "FailedMount", message: "MountVolume.SetUp failed", index: 0)
            #expect(await eventually(timeout: 60) { await watcher.stats.rechecking == 1 })
            let rechecked = await eventually(timeout: 60, interval: .milliseconds(200)) {
                await harness.simulation.advance(by: 5)
                return await watcher.stats.rechecks >= 2
            }
            #expect(rechecked)
            // Past the window the entry is dropped and the re-checks stop.
            await harness.simulation.advance(by: 120)
            #expect(await eventually(timeout: 60) { await watcher.stats.rechecking == 0 })
            let settled = await watcher.stats.rechecks
            await harness.simulation.advance(by: 60)
            try await Task.sleep(for: .seconds(2))
            #expect(await watcher.stats.rechecks == settled)
            #expect(watcher.messages.count == 0)
        } catch {
            Issue.record(error)
        }
        await watcher.stop()
        await harness.stop()
    }
}
