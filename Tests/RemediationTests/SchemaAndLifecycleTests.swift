import Foundation
import KubeAPI
import KubeModels
import Testing

@testable import KubeSim
@testable import Remediation

/// Bad CRs are rejected by the CRD's structural schema (KubeSim validates it as the API server
/// does); a CR whose target is gone ends Failed with a clear message; terminal actions are
/// garbage-collected; a workload that stays down gets a follow-up proposal and the action fails
/// after the recovery timeout.
@Suite("Schema, missing targets, follow-ups, garbage collection")
struct SchemaAndLifecycleTests {
    static func object(_ mutate: (inout JSONValue) -> Void) throws -> JSONValue {
        var object = try ActionDraft.explicit(.scaleDeployment, "shop", "web", replicas: 2).object(namespace: "kars-sre")
        mutate(&object)
        return object
    }

    @Test func schemaRejectsBadCRs() async throws {
        let harness = try await RemediationHarness.start()
        let cases: [(String, (inout JSONValue) -> Void, String)] = [
            ("unknown type", { $0["spec"]?["action"]?["type"] = "DeleteNamespace" }, "spec.action.type: Unsupported value: \"DeleteNamespace\""),
            ("ttl 0", { $0["spec"]?["ttlMinutes"] = 0 }, "spec.ttlMinutes: Invalid value: 0: spec.ttlMinutes in body should be greater than or equal to 1"),
            ("ttl 2000", { $0["spec"]?["ttlMinutes"] = 2000 }, "spec.ttlMinutes in body should be less than or equal to 1440"),
            ("replicas 51", { $0["spec"]?["action"]?["target"]?["replicas"] = 51 }, "spec.action.target.replicas in body should be less than or equal to 50"),
            ("control bytes", { $0["spec"]?["rationale"] = "ok\u{1B}[31m red" }, "spec.rationale in body should match"),
            ("too long", { $0["spec"]?["rationale"] = .string(String(repeating: "x", count: 4097)) }, "spec.rationale: Too long: may not be more than 4096"),
            ("approval state", { $0["spec"]?["approval"] = ["state": "Maybe"] }, "spec.approval.state: Unsupported value: \"Maybe\""),
            ("detector", { $0["spec"]?["source"]?["detector"] = "robot" }, "spec.source.detector: Unsupported value: \"robot\""),
            ("namespace", { $0["spec"]?["action"]?["target"]?["namespace"] = "Not_A_Namespace" }, "spec.action.target.namespace in body should match"),
            ("kind", { $0["spec"]?["action"]?["target"]?["kind"] = "KarsSandbox" }, "spec.action.target.kind: Unsupported value: \"KarsSandbox\""),
        ]
        for (label, mutate, message) in cases {
            do {
                _ = try await harness.admin.create(ActionObject.resource, try Self.object(mutate), namespace: "kars-sre")
                Issue.record("\(label): accepted")
            } catch let error as KubeAPIError {
                #expect(error.isInvalid, "\(label): \(error)")
                #expect(error.message.contains(message), "\(label): \(error.message)")
            }
        }
        // Tab and newline are allowed in free text.
        _ = try await harness.admin.create(
            ActionObject.resource, try Self.object { $0["spec"]?["rationale"] = "line one\n\tline two" }, namespace: "kars-sre")
        await harness.stop()
    }

    @Test func deletedTargetEndsFailedWithAClearMessage() async throws {
        let harness = try await RemediationHarness.start()
        try await harness.seed([Fixtures.namespace("shop")])
        let task = harness.run(try harness.controller())
        let object = try Self.object { _ in }
        let created = try ActionObject(raw: try await harness.admin.create(ActionObject.resource, object, namespace: "kars-sre"))
        let failed = try await harness.wait(for: created.name, [.failed])
        #expect(failed.status.condition(.terminated)?.reason == ActionReason.targetNotFound.rawValue)
        #expect(failed.status.message == "Deployment shop/web does not exist (deleted or misspelled): nothing to act on")
        let events = try await harness.actions().events(of: failed)
        #expect(events.contains { $0["reason"]?.stringValue == "TargetNotFound" && $0["type"]?.stringValue == "Warning" })
        task.cancel()
        await task.value
        await harness.stop()
    }

    @Test func stuckWorkloadGetsAFollowUpThenTheActionFails() async throws {
        let harness = try await RemediationHarness.start()
        try await harness.seed(Fixtures.quotaIncident(namespace: "lab"))
        let task = harness.run(
            try harness.controller {
                $0.followUpAfter = 1
                $0.recoveryTimeout = 3
            })
        let created = try await harness.actions().create(.explicit(.deleteResourceQuota, "lab", "platform-hardening"))
        _ = try await Lifecycle(harness: harness).waitForPreview(created.action.name)
        _ = try await Lifecycle(harness: harness).approveAndWait(created.action.name, [.applied])
        let failed = try await harness.wait(for: created.action.name, [.failed, .recovered], timeout: 60)
        #expect(failed.phase == .failed)
        #expect(failed.status.condition(.terminated)?.reason == ActionReason.recoveryTimedOut.rawValue)
        let message = failed.status.message ?? ""
        #expect(message.hasPrefix("no recovery within 3s of applying: Deployment research: 0/1 available"), "\(message)")
        let followUps = try #require(failed.status.followUps)
        #expect(followUps == ["\(created.action.name)-followup-1"])
        let followUp = try await harness.actions().get(followUps[0])
        #expect(followUp.actionType == .rolloutRestart)
        #expect(followUp.target.kind == "Deployment" && followUp.target.name == "research")
        #expect(followUp.spec.followUpOf == created.action.name)
        #expect(followUp.detector == "controller")
        #expect(followUp.phase == .proposed)
        #expect(followUp.spec.approvalState == .pending)
        task.cancel()
        await task.value
        await harness.stop()
    }

    @Test func terminalActionsAreDeletedAfterTheRetention() async throws {
        let harness = try await RemediationHarness.start()
        try await harness.seed([Fixtures.namespace("shop")])
        let task = harness.run(try harness.controller { $0.retention = 1 })
        let created = try ActionObject(
            raw: try await harness.admin.create(ActionObject.resource, try Self.object { _ in }, namespace: "kars-sre"))
        _ = try await harness.wait(for: created.name, [.failed])
        #expect(
            try await eventually(timeout: 60) { try await KubeActionStore(client: harness.admin).get(created.name) == nil })
        task.cancel()
        await task.value
        await harness.stop()
    }
}
