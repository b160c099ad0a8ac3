import Foundation
import KubeAPI
import KubeModels
import Testing

@testable import KubeSim
@testable import Remediation

/// The safety valves: an action whose finding no longer holds or whose target changed is never
/// applied; TTL expiry; the kill switch; the hourly budget.
@Suite("Safety valves")
struct ValveTests {
    @Test func healedIncidentExpiresInsteadOfBeingApplied() async throws {
        let harness = try await RemediationHarness.start()
        try await harness.seed(Fixtures.quotaIncident())
        let task = harness.run(try harness.controller(findings: nil))
        let lifecycle = Lifecycle(harness: harness)
        let draft = try await DeleteResourceQuotaTests.proposal(harness, namespace: "team-a")

        // Healed while waiting for approval (Approved path): the re-check before execution catches it.
        let pending = try await harness.actions().create(draft)
        _ = try await lifecycle.waitForPreview(pending.action.name)
        try await harness.markAvailable(namespace: "team-a", name: "research")
        try await harness.markAvailable(.replicasets, namespace: "team-a", name: "research-84dwh4l6hs")
        let expired = try await harness.wait(for: pending.action.name, [.expired, .applied, .failed], timeout: 60)
        #expect(expired.phase == .expired)
        #expect(expired.status.condition(.terminated)?.reason == ActionReason.incidentResolved.rawValue)
        #expect(expired.status.message?.contains("the incident resolved itself") == true, "\(expired.status.message ?? "")")
        #expect(try await harness.sim.store.get(.resourcequotas, namespace: "team-a", name: "platform-hardening").name == "platform-hardening")
        task.cancel()
        await task.value
        await harness.stop()
    }

    @Test func targetChangedSinceThePreviewIsNotApplied() async throws {
        let harness = try await RemediationHarness.start()
        let (web, set) = Fixtures.deployment("web", namespace: "shop", image: "nginx:1.25.33", now: Date())
        try await harness.seed([Fixtures.namespace("shop"), web, set])
        let task = harness.run(try harness.controller())
        let lifecycle = Lifecycle(harness: harness)
        let created = try await harness.actions().create(
            .explicit(.patchDeploymentImage, "shop", "web", container: "main", image: "nginx:1.25.3"))
        _ = try await lifecycle.waitForPreview(created.action.name)
        // Someone fixes it differently before approval.
        var live = try await harness.sim.store.get(.deployments, namespace: "shop", name: "web")
        live["spec"]?["template"]?["spec"]?["containers"] = [["name": "main", "image": "nginx:1.27.0"]]
        try await harness.sim.store.seed(live)
        // The controller notices the change before the approval lands (the Proposed re-check) or
        // after it (the re-check before execution): either way the action ends Expired, unapplied.
        let expired = try await lifecycle.approveUnlessEnded(created.action.name, [.expired, .applied, .failed])
        #expect(expired.phase == .expired)
        #expect(expired.status.condition(.terminated)?.reason == ActionReason.targetChanged.rawValue)
        #expect(expired.status.message == "the image of container main of Deployment shop/web changed since the preview: nginx:1.25.33 → nginx:1.27.0")
        let after = try await harness.sim.store.get(.deployments, namespace: "shop", name: "web")
        #expect(after[path: "spec", "template", "spec", "containers"]?[0]?["image"]?.stringValue == "nginx:1.27.0")
        task.cancel()
        await task.value
        await harness.stop()
    }

    @Test func proposalExpiresAfterItsTTL() async throws {
        let harness = try await RemediationHarness.start()
        let (web, set) = Fixtures.deployment("web", namespace: "shop", now: Date())
        try await harness.seed([Fixtures.namespace("shop"), web, set])
        let clock = OffsetClock()
        let task = harness.run(try harness.controller(clock: clock))
        var draft = ActionDraft.explicit(.scaleDeployment, "shop", "web", replicas: 2)
        draft.ttlMinutes = 5
        let created = try await harness.actions().create(draft)
        _ = try await Lifecycle(harness: harness).waitForPreview(created.action.name)
        clock.advance(4 * 60)
        try await Task.sleep(for: .milliseconds(800))
        #expect(try await harness.actions().get(created.action.name).phase == .proposed)
        clock.advance(61)
        let expired = try await harness.wait(for: created.action.name, [.expired])
        #expect(expired.status.condition(.terminated)?.reason == ActionReason.ttlExpired.rawValue)
        #expect(expired.status.message == "not approved within its TTL of 5 minutes")
        // An expired action can no longer be approved.
        await #expect(throws: RemediationError.self) {
            _ = try await harness.actions().approve(created.action.name, by: ApproverIdentity(name: "alice", verified: true))
        }
        task.cancel()
        await task.value
        await harness.stop()
    }

    @Test func killSwitchStopsExecutionUntilResumed() async throws {
        let harness = try await RemediationHarness.start()
        let (web, set) = Fixtures.deployment("web", namespace: "shop", replicas: 1, now: Date())
        try await harness.seed([Fixtures.namespace("shop"), web, set])
        let task = harness.run(try harness.controller())
        let lifecycle = Lifecycle(harness: harness)
        let killSwitch = KillSwitch(client: harness.admin)
        try await killSwitch.set(paused: true, by: "oncall", reason: "change freeze")
        let created = try await harness.actions().create(.explicit(.scaleDeployment, "shop", "web", replicas: 4))
        _ = try await lifecycle.waitForPreview(created.action.name)
        let (client, identity) = try await harness.approver("alice")
        _ = try await client.approve(created.action.name, by: identity)
        var blocked: ActionObject?
        try #require(
            await eventually {
                blocked = try await harness.actions().get(created.action.name)
                return blocked?.status.condition(.executionBlocked)?.status == "True"
            })
        #expect(blocked?.phase == .approved)
        #expect(blocked?.status.condition(.executionBlocked)?.reason == ActionReason.paused.rawValue)
        #expect(blocked?.status.condition(.executionBlocked)?.message == "execution is paused (kars-sre pause) by oncall: change freeze")
        try await Task.sleep(for: .seconds(1.5))  // a resync or two
        #expect(try await harness.sim.store.get(.deployments, namespace: "shop", name: "web")[path: "spec", "replicas"]?.intValue == 1)
        #expect(try await harness.actions().get(created.action.name).status.execution == nil)

        try await killSwitch.set(paused: false, by: "oncall", reason: nil)
        let applied = try await harness.wait(for: created.action.name, [.applied, .recovered])
        #expect(applied.status.condition(.executionBlocked) == nil)
        #expect(try await harness.sim.store.get(.deployments, namespace: "shop", name: "web")[path: "spec", "replicas"]?.intValue == 4)
        task.cancel()
        await task.value
        await harness.stop()
    }

    @Test func hourlyBudgetIsEnforced() async throws {
        let harness = try await RemediationHarness.start()
        var objects = [Fixtures.namespace("shop")]
        for index in 1...3 {
            let (deployment, set) = Fixtures.deployment("web\(index)", namespace: "shop", now: Date())
            objects += [deployment, set]
        }
        try await harness.seed(objects)
        let task = harness.run(try harness.controller { $0.budget = ExecutionBudget(limit: 2) })
        let lifecycle = Lifecycle(harness: harness)
        var names: [String] = []
        for index in 1...3 {
            let created = try await harness.actions().create(.explicit(.scaleDeployment, "shop", "web\(index)", replicas: 2))
            _ = try await lifecycle.waitForPreview(created.action.name)
            names.append(created.action.name)
        }
        for name in names.prefix(2) {
            _ = try await lifecycle.approveAndWait(name, [.applied, .recovered])
        }
        let (client, identity) = try await harness.approver("bob")
        _ = try await client.approve(names[2], by: identity)
        var third: ActionObject?
        try #require(
            await eventually {
                third = try await harness.actions().get(names[2])
                return third?.status.condition(.executionBlocked) != nil
            })
        #expect(third?.phase == .approved)
        #expect(third?.status.condition(.executionBlocked)?.reason == ActionReason.budgetExhausted.rawValue)
        #expect(third?.status.condition(.executionBlocked)?.message?.hasPrefix("the execution budget is spent (2 of 2 in the last 60 minutes)") == true)
        #expect(try await harness.sim.store.get(.deployments, namespace: "shop", name: "web3")[path: "spec", "replicas"]?.intValue == 1)
        task.cancel()
        await task.value
        await harness.stop()
    }

    @Test func budgetVerdictCountsTheWindow() {
        let now = Date()
        let budget = ExecutionBudget(limit: 2, window: 3600)
        #expect(budget.verdict(starts: [now.addingTimeInterval(-4000), now.addingTimeInterval(-10)], now: now) == .allowed(used: 1))
        let old = now.addingTimeInterval(-3000)
        #expect(budget.verdict(starts: [old, now.addingTimeInterval(-5)], now: now) == .exhausted(used: 2, nextSlot: old.addingTimeInterval(3600)))
    }
}
