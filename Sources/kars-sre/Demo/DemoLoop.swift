import Diagnosis
import Foundation
import KubeAPI
import KubeModels
import KubeSim
import Remediation
import Watcher

/// Drives one staged incident through detection, proposal, approval, execution and recovery,
/// narrating each step on the timeline. Returns the action when it recovered; throws why not.
struct DemoLoop {
    let actions: ActionClient
    let client: KubeClient
    let timeline: DemoTimeline
    let approve: @Sendable (ActionObject) async throws -> Bool
    let timeout: TimeInterval

    /// Why the loop did not end in Recovered.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Waits for the watcher's KarsSREAction, then follows it to a terminal phase.
    func follow(detections: AsyncStream<DetectionRecord>) async throws -> ActionObject {
        let deadline = Date().addingTimeInterval(timeout)
        var detection: DetectionRecord?
        for await record in detections where record.actionName != nil {
            detection = record
            break
        }
        guard let detection, let name = detection.actionName else {
            throw Failure(
                description: "no KarsSREAction was proposed within the timeout: the watcher saw no failure it could act on "
                    + "(rerun with --verbose to see its log)")
        }
        let latency = (detection.actionCreatedAt ?? Date()).timeIntervalSince(detection.receivedAt)
        // A failure that developed later (a pod stuck Terminating) is found by a re-check, seconds on.
        let after = latency < 10 ? "\(Int((latency * 1000).rounded())) ms" : String(format: "%.1f s", latency)
        timeline.step("incident detected: KarsSREAction \(name) proposed \(after) after the failure event arrived")

        let proposed = try await wait(name, until: deadline, "a dry-run preview") { $0.status.preview != nil || $0.phase.isTerminal }
        describe(proposed)
        guard proposed.phase == .proposed else { throw Failure(description: "\(name) ended \(proposed.phase.rawValue) before approval: \(proposed.status.message ?? "")") }

        guard try await approve(proposed) else {
            throw Failure(description: "\(name) was not approved: nothing was changed")
        }
        let approver = try await approver()
        _ = try await actions.approve(name, by: approver)
        timeline.step("approved by \(approver.name)\(approver.verified ? "" : " (unverified)")")

        let applied = try await wait(name, until: deadline, "execution") { $0.phase != .proposed && $0.phase != .approved }
        guard applied.phase == .applied || applied.phase == .recovered else {
            throw Failure(description: "\(name) ended \(applied.phase.rawValue): \(applied.status.message ?? "")")
        }
        timeline.step(
            "applied with one-shot least privilege (Role + RoleBinding for sre-writer, 10-minute token, both deleted)",
            detail: [applied.status.message ?? ""])

        let ended = try await wait(name, until: deadline, "recovery") { $0.phase.isTerminal }
        guard ended.phase == .recovered else {
            throw Failure(description: "\(name) ended \(ended.phase.rawValue): \(ended.status.message ?? "")")
        }
        timeline.step("recovered", detail: [ended.status.message ?? ""])
        return ended
    }

    private func describe(_ action: ActionObject) {
        var detail: [String] = []
        if let diagnosis = action.spec.diagnosis {
            detail.append("diagnosis: \(diagnosis.class)\(diagnosis.summary.map { ": \($0)" } ?? "")")
            detail += (diagnosis.evidence ?? []).prefix(3).map { "  - \(TerminalText.clean($0, limit: 160))" }
        }
        detail.append("fix: \(action.spec.action.type) \(action.targetDescription)")
        if let preview = action.status.preview { detail.append("preview (server-side dry run): \(preview.summary)") }
        timeline.step("diagnosed and previewed", detail: detail)
    }

    private func approver() async throws -> ApproverIdentity {
        try await ApproverIdentity.resolve(client: client, kubeconfigUser: nil)
    }

    private func wait(
        _ name: String, until deadline: Date, _ what: String, _ done: (ActionObject) -> Bool
    ) async throws -> ActionObject {
        while Date() < deadline {
            if let action = try? await actions.get(name), done(action) { return action }
            try await Task.sleep(for: .milliseconds(100))
        }
        let last = try? await actions.get(name)
        throw Failure(
            description: "timed out waiting for \(what) of \(name) (phase \(last?.phase.rawValue ?? "unknown")); "
                + "raise --timeout or see `kars-sre show \(name)`")
    }
}
