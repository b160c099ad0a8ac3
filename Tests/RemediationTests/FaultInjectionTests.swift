import Foundation
import KubeAPI
import KubeModels
import Testing

@testable import KubeSim
@testable import Remediation

/// Every action type executed while KubeSim injects 429s, 500s, 503s and cuts watches, with one
/// controller killed half-way: every action is applied exactly once, none is lost, no one-shot
/// grant is left.
@Suite("Fault injection")
struct FaultInjectionTests {
    /// Retries an operator's call through injected faults (KubeSim fails before doing anything).
    func retrying<T>(_ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as KubeAPIError where (error.httpCode ?? 0) >= 429 && attempt < 20 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// Nothing simulates recovery here: the test is about execution, so Applied actions must not
    /// time out into Failed while the test checks them one by one.
    static func noRecoveryDeadline(_ configuration: inout ControllerConfiguration) {
        configuration.recoveryTimeout = 600
        configuration.followUpAfter = 600
    }

    @Test(arguments: [7, 42])
    func actionsSurviveFaultsAndACrash(seed: Int) async throws {
        var options = KubeSimOptions()
        options.faults = try FaultOptions(spec: "429=0.1,500=0.05,503=0.05,watch-cut=10s,seed=\(seed)")
        let harness = try await RemediationHarness.start(options)
        let counter = ApplicationCounter()
        await counter.start(await harness.sim.store.simpleChanges())
        var names: [(String, CrashScenario, String)] = []
        for scenario in CrashScenario.all {
            let namespace = "faults-\(scenario.type.rawValue.lowercased())"
            try await harness.seed(scenario.objects(namespace: namespace))
        }
        let life = ProcessLife()
        let hook = CrashHook(step: .targetWritten, life: life)
        let first = harness.run(try harness.controller(identity: "first", life: life, hook: hook, configure: Self.noRecoveryDeadline))
        let client = harness.actions()
        for scenario in CrashScenario.all {
            let namespace = "faults-\(scenario.type.rawValue.lowercased())"
            let created = try await retrying { try await client.create(scenario.draft(namespace: namespace)) }
            _ = try await retrying { try await client.approve(created.action.name, by: ApproverIdentity(name: "alice", verified: true)) }
            names.append((created.action.name, scenario, namespace))
        }
        #expect(await eventually(timeout: 90) { hook.fired }, "the first controller reaches a write")
        first.cancel()
        await first.value
        let second = harness.run(try harness.controller(identity: "second", configure: Self.noRecoveryDeadline))
        for (name, scenario, namespace) in names {
            let done = try await harness.wait(for: name, [.applied, .recovered, .failed, .expired], timeout: 120)
            #expect([.applied, .recovered].contains(done.phase), "\(scenario): \(done.phase) \(done.status.message ?? "")")
            try await Task.sleep(for: .milliseconds(50))
            #expect(await counter.count(scenario.effect(namespace: namespace)) == 1, "\(scenario) applied more or less than once")
        }
        #expect(try await eventually(timeout: 15) { try await harness.oneShotObjects().isEmpty })
        second.cancel()
        await second.value
        await counter.stop()
        await harness.stop()
    }
}
