import Foundation
import KubeAPI
import KubeModels
import Testing

@testable import KubeSim
@testable import Remediation

/// A managed quota, a protected namespace and a kars.azure.com target are refused with a clear
/// message at proposal, and again at execution when the CR got past the proposal checks.
@Suite("Protection")
struct ProtectionTests {
    static func sandboxOwned(_ deployment: JSONValue) -> JSONValue {
        var owned = deployment
        owned["metadata"]?["ownerReferences"] = [
            ["apiVersion": "kars.azure.com/v1alpha1", "kind": "KarsSandbox", "name": "research", "uid": "u-1", "controller": true]
        ]
        return owned
    }

    @Test func refusedAtProposal() async throws {
        let harness = try await RemediationHarness.start()
        let (web, _) = Fixtures.deployment("web", namespace: "sbx", now: Date())
        try await harness.seed(
            Fixtures.quotaIncident(namespace: "team-a", labels: ["kars.azure.com/managed-by": "controller"])
                + Fixtures.quotaIncident(namespace: "kube-system") + [Fixtures.namespace("sbx"), Self.sandboxOwned(web)])
        let client = harness.actions()
        let cases: [(ActionDraft, String)] = [
            (.explicit(.deleteResourceQuota, "team-a", "platform-hardening"),
             "refused: ResourceQuota team-a/platform-hardening is labelled kars.azure.com/managed-by=controller"),
            (.explicit(.deleteResourceQuota, "kube-system", "platform-hardening"),
             "refused: namespace kube-system is protected: kars-sre never writes there"),
            (.explicit(.scaleDeployment, "kars-sre", "anything", replicas: 1), "refused: namespace kars-sre is protected"),
            (.explicit(.rolloutRestart, "sbx", "research", kind: "KarsSandbox"),
             "refused: research is a kars.azure.com resource: governance objects are never mutated"),
            (.explicit(.rolloutRestart, "sbx", "web", kind: "Deployment"),
             "refused: Deployment sbx/web is managed by KarsSandbox research (kars.azure.com): governance objects are never mutated"),
        ]
        for (draft, message) in cases {
            do {
                _ = try await client.create(draft)
                Issue.record("\(draft.action.type) \(draft.action.target.namespace)/\(draft.action.target.name) was not refused")
            } catch let error as RemediationError {
                #expect(error.description.hasPrefix(message), "\(error)")
            }
        }
        #expect(try await client.list().isEmpty)
        await harness.stop()
    }

    @Test func refusedAgainAtExecution() async throws {
        let harness = try await RemediationHarness.start()
        let (web, webSet) = Fixtures.deployment("web", namespace: "sbx", now: Date())
        try await harness.seed(
            Fixtures.quotaIncident(namespace: "team-a") + Fixtures.quotaIncident(namespace: "kube-system")
                + [Fixtures.namespace("sbx"), web, webSet])
        let task = harness.run(try harness.controller())
        let lifecycle = Lifecycle(harness: harness)

        // The quota becomes controller-managed after the proposal.
        let quota = try await harness.actions().create(.explicit(.deleteResourceQuota, "team-a", "platform-hardening"))
        _ = try await lifecycle.waitForPreview(quota.action.name)
        var live = try await harness.sim.store.get(.resourcequotas, namespace: "team-a", name: "platform-hardening")
        live["metadata"]?["labels"] = ["kars.azure.com/managed-by": "controller"]
        try await harness.sim.store.seed(live)
        let refusedQuota = try await lifecycle.approveUnlessEnded(quota.action.name, [.failed, .applied])
        #expect(refusedQuota.phase == .failed)
        #expect(refusedQuota.status.condition(.terminated)?.reason == ActionReason.protected.rawValue)
        #expect(refusedQuota.status.message?.contains("kars.azure.com/managed-by=controller") == true, "\(refusedQuota.status.message ?? "")")
        #expect(refusedQuota.status.execution == nil)
        #expect(try await harness.sim.store.get(.resourcequotas, namespace: "team-a", name: "platform-hardening").name == "platform-hardening")

        // The Deployment comes under a KarsSandbox after the proposal.
        let restart = try await harness.actions().create(.explicit(.rolloutRestart, "sbx", "web", kind: "Deployment"))
        _ = try await lifecycle.waitForPreview(restart.action.name)
        try await harness.sim.store.seed(Self.sandboxOwned(try await harness.sim.store.get(.deployments, namespace: "sbx", name: "web")))
        let refusedRestart = try await lifecycle.approveUnlessEnded(restart.action.name, [.failed, .applied])
        #expect(refusedRestart.phase == .failed)
        #expect(refusedRestart.status.message?.contains("managed by KarsSandbox research (kars.azure.com)") == true)
        let restarted = try await harness.sim.store.get(.deployments, namespace: "sbx", name: "web")
        #expect(restarted[path: "spec", "template", "metadata", "annotations"] == nil)

        // A CR written straight to the API (no CLI checks), already approved, in a protected namespace.
        var direct = try ActionDraft.explicit(.deleteResourceQuota, "kube-system", "platform-hardening").object(namespace: "kars-sre")
        direct["spec"]?["approval"] = ["state": "Approved", "by": "mallory", "verified": false]
        let created = try ActionObject(raw: try await harness.admin.create(ActionObject.resource, direct, namespace: "kars-sre"))
        let refusedDirect = try await harness.wait(for: created.name, [.failed, .applied])
        #expect(refusedDirect.phase == .failed)
        #expect(refusedDirect.status.message == "refused: namespace kube-system is protected: kars-sre never writes there")
        #expect(try await harness.sim.store.get(.resourcequotas, namespace: "kube-system", name: "platform-hardening").name == "platform-hardening")

        #expect(try await harness.oneShotObjects().isEmpty)
        task.cancel()
        await task.value
        await harness.stop()
    }
}
