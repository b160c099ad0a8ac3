import Foundation
import KubeModels
import Testing
import Watcher

@testable import KubeSim

/// Detection through an unreliable API server.
@Suite("Watcher: fault injection", .serialized)
struct WatcherFaultInjectionTests {
    /// KubeSim either drops a watch after 10 s (reconnect from the last resourceVersion) or ends it
    /// with an ERROR 410 Expired (relist): both paths, under 10% 429/500/503 answers.
    @Test(
        "with 10% 429/5xx and watches cut or expired (410), 20 incidents give exactly 20 actions",
        arguments: ["watch-cut=10s,seed=11", "watch-expire=7s,seed=5"])
    func twentyIncidentsThroughFaults(watchFault: String) async throws {
        let harness = try await WatcherHarness.start(faults: "429=0.05,500=0.025,503=0.025,retry-after=0,\(watchFault)")
        let watcher = try harness.startWatcher { $0.resync = .milliseconds(700) }
        try await watcher.waitUntilPrimed()
        let namespaces = (1...20).map { String(format: "kars-f%02d", $0) }
        // Four waves, so the incidents straddle watch cuts and relists.
        for wave in 0..<4 {
            for namespace in namespaces[(wave * 5)..<(wave * 5 + 5)] {
                try await harness.stageQuotaIncident(namespace)
            }
            await harness.simulation.advance(by: 10)
            try await Task.sleep(for: .seconds(3))
        }
        let all = try await eventually(timeout: 40) { try await harness.actions().count >= 20 }
        #expect(all)
        // More FailedCreate retries of the same incidents must not add actions.
        await harness.simulation.advance(by: 60)
        try await Task.sleep(for: .seconds(2))
        let actions = try await harness.actions()
        let targets = actions.compactMap { $0[path: "spec", "action", "target", "namespace"]?.stringValue }
        #expect(actions.count == 20)
        #expect(Set(targets) == Set(namespaces))
        #expect(actions.allSatisfy { $0[path: "spec", "action", "type"]?.stringValue == "DeleteResourceQuota" })
        await watcher.stop()
        await harness.stop()
    }
}
