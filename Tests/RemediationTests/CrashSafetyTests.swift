import Foundation
import KubeAPI
import KubeModels
import Testing

@testable import KubeSim
@testable import Remediation

/// The controller is killed at every step boundary of every action type (5 × 10 = 50 runs): a new
/// controller finishes the action, which is applied exactly once, never lost, and no one-shot Role
/// or RoleBinding survives.
@Suite("Crash safety")
struct CrashSafetyTests {
    @Test(arguments: CrashScenario.all)
    func killedAtEveryStepBoundary(_ scenario: CrashScenario) async throws {
        let harness = try await RemediationHarness.start()
        let started = Date()
        let counter = ApplicationCounter()
        await counter.start(await harness.sim.store.simpleChanges())
        for step in ExecutionStep.allCases {
            let namespace = "crash-\(step.rawValue.lowercased())"
            try await harness.seed(scenario.objects(namespace: namespace))
            let life = ProcessLife()
            let hook = CrashHook(step: step, life: life)
            let first = harness.run(try harness.controller(identity: "first", life: life, hook: hook))
            let created = try await harness.actions().create(scenario.draft(namespace: namespace))
            _ = try await harness.actions().approve(created.action.name, by: ApproverIdentity(name: "alice", verified: true))
            let killed = await eventually(timeout: 60) { hook.fired }
            #expect(killed, "\(scenario) never reached \(step)")
            trace("\(scenario) \(step): cancelling first")
            first.cancel()
            await first.value
            trace("\(scenario) \(step): first ended")

            let second = harness.run(try harness.controller(identity: "second"))
            let done = try await harness.wait(for: created.action.name, [.applied, .recovered, .failed, .expired], timeout: 60)
            #expect([.applied, .recovered].contains(done.phase), "\(scenario) killed at \(step): \(done.phase) \(done.status.message ?? "")")
            trace("\(scenario) \(step): \(done.phase)")
            let clean = try await eventually(timeout: 60) { try await harness.oneShotObjects().isEmpty }
            let left = try await harness.oneShotObjects()
            #expect(clean, "\(scenario) killed at \(step): left \(left)")
            trace("\(scenario) \(step): cancelling second")
            second.cancel()
            await second.value
            trace("\(scenario) \(step): second ended")
            try await Task.sleep(for: .milliseconds(100))  // the change feed catches up
            let applications = await counter.count(scenario.effect(namespace: namespace))
            #expect(applications == 1, "\(scenario) killed at \(step): applied \(applications) times")
            if ProcessInfo.processInfo.environment["KARS_TEST_VERBOSE"] != nil {
                print("crash \(scenario) at \(step): \(done.phase.rawValue), applied \(applications)×, \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            }
        }
        print("crash safety \(scenario): killed at \(ExecutionStep.allCases.count) step boundaries, each applied once, no grant left (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
        await counter.stop()
        await harness.stop()
    }
}

private func trace(_ line: String) {
    if ProcessInfo.processInfo.environment["KARS_TEST_TRACE"] != nil { print("trace: \(line)") }
}
