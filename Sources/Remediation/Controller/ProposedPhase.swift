import Foundation
import KubeAPI
import KubeModels

/// Phase Proposed: first sight, validation and protection, the preview, TTL expiry, the finding
/// re-check, and the operator's decision.
extension Reconciler {
    func reconcileProposed(_ action: ActionObject) async throws -> TimeInterval? {
        let now = clock.now()
        if action.status.phase == nil { return try await acknowledge(action) }
        if let refusal = staticRefusal(action) {
            return try await terminate(action, .failed, refusal.reason, refusal.message)
        }
        switch action.spec.approvalState {
        case .rejected: return try await reject(action)
        case .approved: return try await approve(action)
        case .pending: break
        }
        let expiry = (action.createdAt ?? now).addingTimeInterval(TimeInterval(action.ttlMinutes) * 60)
        if now >= expiry {
            return try await terminate(
                action, .expired, .ttlExpired, "not approved within its TTL of \(action.ttlMinutes) minutes")
        }
        guard case .success(let impl) = implementation(action) else { return nil }
        let live = try await readTarget(action, impl)
        if live == nil, impl.targetMustExist {
            let (phase, reason, message) = missingTarget(action, impl)
            return try await terminate(action, phase, reason, message)
        }
        if let refusal = liveRefusal(action, impl, live: live) {
            return try await terminate(action, .failed, refusal.reason, refusal.message)
        }
        guard let preview = action.status.preview else { return try await recordPreview(action, impl, live: live) }
        if let drift = impl.drift(action.spec.action, preview: preview, live: live) {
            return try await terminate(action, .expired, .targetChanged, drift)
        }
        if await schedule.isDue(action.name, now: now, interval: configuration.findingRecheck) {
            let verdict = try await findings.verdict(for: action, now: now)
            await schedule.checked(action.name, at: now)
            if case .resolved(let message) = verdict {
                return try await terminate(action, .expired, .incidentResolved, message)
            }
        }
        return max(0.05, min(expiry.timeIntervalSince(now), configuration.findingRecheck))
    }

    /// First sight of a new action: phase Proposed and an Event.
    private func acknowledge(_ action: ActionObject) async throws -> TimeInterval? {
        var transition = Transition(from: action.status)
        let detector = action.detector.isEmpty ? "an unknown detector" : action.detector
        let message =
            "\(action.spec.action.type) \(action.targetDescription) proposed by \(detector)"
            + (action.spec.diagnosis.map { " for \($0.class)" } ?? "")
        transition.phase(.proposed, message: message, now: clock.now())
        transition.event(.proposed, message)
        try await commit(action, transition)
        return 0
    }

    /// The operator approved: phase Approved (execution follows at once).
    func approve(_ action: ActionObject) async throws -> TimeInterval? {
        var transition = Transition(from: action.status)
        let message = "approved by \(approverText(action))"
        transition.phase(.approved, message: message, now: clock.now())
        transition.condition(.approved, true, .approved, message, now: clock.now())
        transition.event(.approved, message)
        try await commit(action, transition)
        return 0
    }

    /// The operator rejected: phase Rejected.
    func reject(_ action: ActionObject) async throws -> TimeInterval? {
        var transition = Transition(from: action.status)
        let now = clock.now()
        var message = "rejected by \(approverText(action))"
        if let reason = action.spec.approval?.reason, !reason.isEmpty { message += ": \(reason)" }
        transition.phase(.rejected, message: message, now: now)
        transition.condition(.approved, false, .rejected, message, now: now)
        transition.status.removeCondition(.executionBlocked)
        transition.event(.rejected, message)
        try await commit(action, transition)
        await schedule.forget(action.name)
        return configuration.retention
    }

    func approverText(_ action: ActionObject) -> String {
        let who = action.spec.approval?.by.map { ActionText.line($0, limit: 256) } ?? "an unknown user"
        return action.spec.approval?.verified == false ? "\(who) (unverified)" : who
    }
}
