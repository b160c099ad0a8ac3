import Foundation
import KubeModels
import Testing

@testable import KubeSim
@testable import Remediation

/// Drives one action through Proposed → Approved → Applied → Recovered against a running
/// controller, checking the invariants every action shares (preview before approval, verified
/// approver, rollback recorded, no one-shot grant left), and reports the loop's timings.
struct Lifecycle {
    let harness: RemediationHarness

    struct Timings {
        var approveToApplied: TimeInterval
        var availableToRecovered: TimeInterval
    }

    /// Creates the draft, waits for its preview, approves it as `approver`, waits for Applied,
    /// runs `recover` (the simulated recovery) and waits for Recovered.
    func run(
        _ draft: ActionDraft, approver: String = "alice", recover: () async throws -> Void,
        checkPreview: (ActionPreview) throws -> Void = { _ in }, checkApplied: (ActionObject) async throws -> Void
    ) async throws -> (ActionObject, Timings) {
        let created = try await harness.actions().create(draft)
        let name = created.action.name
        let previewed = try await waitForPreview(name)
        let preview = try #require(previewed.status.preview)
        #expect(previewed.phase == .proposed)
        #expect(preview.dryRun)
        try checkPreview(preview)
        #expect(try await harness.oneShotObjects().isEmpty, "the preview's grant is gone")

        let (client, identity) = try await harness.approver(approver)
        let approvedAt = Date()
        _ = try await client.approve(name, by: identity)
        let applied = try await harness.wait(for: name, [.applied, .failed, .expired, .recovered])
        let approveToApplied = Date().timeIntervalSince(approvedAt)
        #expect(applied.phase == .applied, "\(applied.status.message ?? "")")
        #expect(applied.spec.approval?.by == approver && applied.spec.approval?.verified == true)
        #expect(applied.status.rollback != nil)
        #expect(applied.status.condition(.executing)?.status == "False")
        try await checkApplied(applied)
        #expect(try await harness.oneShotObjects().isEmpty, "the execution's grant is gone")

        let recoveryStarted = Date()
        try await recover()
        let recovered = try await harness.wait(for: name, [.recovered, .failed])
        let availableToRecovered = Date().timeIntervalSince(recoveryStarted)
        #expect(recovered.phase == .recovered, "\(recovered.status.message ?? "")")
        #expect(try await harness.oneShotObjects().isEmpty)
        return (recovered, Timings(approveToApplied: approveToApplied, availableToRecovered: availableToRecovered))
    }

    func waitForPreview(_ name: String, timeout: TimeInterval = 60) async throws -> ActionObject {
        var current: ActionObject?
        let ok = try await eventually(timeout: timeout) {
            current = try await harness.actions().get(name)
            return current?.status.preview != nil || current?.phase.isTerminal == true
        }
        guard ok, let current else { throw TimedOut(description: "no preview for \(name)") }
        return current
    }

    /// Approves as an operator and waits for a phase.
    /// Approves unless the controller ended the action first (its re-check of a Proposed action
    /// may refuse or expire it before the approval lands), then waits for one of `phases`.
    func approveUnlessEnded(_ name: String, _ phases: Set<ActionPhase>, approver: String = "alice") async throws
        -> ActionObject
    {
        let (client, identity) = try await harness.approver(approver)
        do {
            _ = try await client.approve(name, by: identity)
        } catch RemediationError.wrongPhase {
            // Already ended: what it ended as is checked by the caller.
        }
        return try await harness.wait(for: name, phases)
    }

    func approveAndWait(_ name: String, _ phases: Set<ActionPhase>, approver: String = "alice") async throws -> ActionObject {
        let (client, identity) = try await harness.approver(approver)
        _ = try await client.approve(name, by: identity)
        return try await harness.wait(for: name, phases)
    }
}

extension ActionDraft {
    /// An explicit action as an operator proposes it (no finding).
    static func explicit(_ type: RemediationActionType, _ namespace: String, _ name: String, kind: String? = nil,
        container: String? = nil, image: String? = nil, replicas: Int? = nil) -> ActionDraft
    {
        ActionDraft(
            action: ActionSpec.Action(
                type: type.rawValue,
                target: KarsSREAction.Target(
                    namespace: namespace, name: name, kind: kind, container: container, image: image, replicas: replicas)),
            rationale: "test", detector: .cli)
    }
}
