import ClusterState
import Diagnosis
import Foundation
import KubeAPI
import KubeModels
import Testing

@testable import KubeSim
@testable import Remediation

@Suite("DeleteResourceQuota end to end")
struct DeleteResourceQuotaTests {
    /// The draft the diagnosis proposes for the cluster's QuotaExceeded finding.
    static func proposal(_ harness: RemediationHarness, namespace: String) async throws -> ActionDraft {
        let (state, _) = try await LiveLoader(client: harness.admin).load(namespace: namespace)
        let report = Diagnoser().diagnose(AnalysisContext(state: state, namespaces: [namespace]))
        let finding = try #require(report.findings.first { $0.class == .quotaExceeded })
        let action = try #require(finding.action, "\(finding)")
        return ActionDraft(finding: finding, action: action, detector: .cli)
    }

    @Test func proposedApprovedAppliedRecoveredWithLeastPrivilege() async throws {
        let harness = try await RemediationHarness.start()
        try await harness.seed(Fixtures.quotaIncident())
        let controller = try harness.controller(findings: nil)
        let task = harness.run(controller)

        let draft = try await Self.proposal(harness, namespace: "team-a")
        let created = try await harness.actions().create(draft)
        #expect(created.created)
        let name = created.action.name
        #expect(name.hasPrefix("deleteresourcequota-"))
        // The same incident is not proposed twice while live.
        #expect(try await harness.actions().create(draft).created == false)

        var previewed: ActionObject?
        try #require(
            await eventually {
                previewed = try await harness.actions().get(name)
                return previewed?.status.preview != nil
            })
        let preview = try #require(previewed?.status.preview)
        #expect(previewed?.phase == .proposed)
        #expect(preview.dryRun)
        #expect(preview.summary.contains("would delete ResourceQuota team-a/platform-hardening"), "\(preview.summary)")
        #expect(preview.nudge == ["ReplicaSet/research-84dwh4l6hs"])
        #expect(preview.wouldDelete?["hard"]?["requests.memory"]?.stringValue == "50Mi")
        #expect(try await harness.sim.store.get(.resourcequotas, namespace: "team-a", name: "platform-hardening").name == "platform-hardening")
        #expect(try await harness.oneShotObjects().isEmpty)

        let (alice, identity) = try await harness.approver("alice")
        #expect(identity == ApproverIdentity(name: "alice", verified: true))
        let approvedAt = Date()
        let approved = try await alice.approve(name, by: identity)
        #expect(approved.spec.approval?.by == "alice" && approved.spec.approval?.verified == true)

        let applied = try await harness.wait(for: name, [.applied, .failed, .expired])
        let applyLatency = Date().timeIntervalSince(approvedAt)
        #expect(applied.phase == .applied, "\(applied.status.message ?? "")")
        await #expect(throws: APIError.self) {
            _ = try await harness.sim.store.get(.resourcequotas, namespace: "team-a", name: "platform-hardening")
        }
        let replicaSet = try await harness.sim.store.get(.replicasets, namespace: "team-a", name: "research-84dwh4l6hs")
        #expect(replicaSet[path: "metadata", "annotations", DeleteResourceQuotaAction.nudgeAnnotation] != nil)
        #expect(applied.status.rollback?.quota?.hard?["requests.memory"]?.stringValue == "50Mi")
        #expect(applied.status.execution?.holder == "controller-a")
        #expect(applied.status.condition(.applied)?.status == "True")
        #expect(try await harness.oneShotObjects().isEmpty)

        let recoveryStarted = Date()
        try await harness.markAvailable(namespace: "team-a", name: "research")
        let recovered = try await harness.wait(for: name, [.recovered, .failed])
        let recoveryLatency = Date().timeIntervalSince(recoveryStarted)
        #expect(recovered.phase == .recovered, "\(recovered.status.message ?? "")")
        #expect(recovered.status.recoveredAt != nil)
        #expect(recoveryLatency >= 0.5, "the settle window must pass after the workloads became available")
        #expect(try await harness.oneShotObjects().isEmpty)

        var reasons: [String] = []
        _ = try await eventually {
            reasons = try await harness.actions().events(of: recovered).compactMap { $0["reason"]?.stringValue }
            return reasons.contains(ActionReason.recovered.rawValue)
        }
        for reason in [ActionReason.proposed, .previewSucceeded, .approved, .executionStarted, .applied, .workloadsAvailable, .recovered] {
            #expect(reasons.contains(reason.rawValue), "\(reasons)")
        }
        print("demo loop on KubeSim: approve → Applied \(String(format: "%.2f", applyLatency)) s, available → Recovered \(String(format: "%.2f", recoveryLatency)) s (settle 0.5 s)")
        task.cancel()
        await task.value
        await harness.stop()
    }
}
