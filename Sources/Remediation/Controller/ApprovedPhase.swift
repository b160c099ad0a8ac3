import Foundation
import KubeAPI
import KubeModels

/// Phase Approved before execution: everything is checked again (protection, target, preview
/// drift, the finding, the kill switch, the budget), then the intent is recorded in status, and
/// only then does anything touch the target.
extension Reconciler {
    func reconcileApproved(_ action: ActionObject) async throws -> TimeInterval? {
        if action.status.execution != nil { return try await resume(action) }
        if action.spec.approvalState == .rejected { return try await reject(action) }
        if let refusal = staticRefusal(action) {
            return try await terminate(action, .failed, refusal.reason, refusal.message)
        }
        guard case .success(let impl) = implementation(action) else { return nil }
        let now = clock.now()
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
        if case .resolved(let message) = try await findings.verdict(for: action, now: now) {
            return try await terminate(action, .expired, .incidentResolved, message)
        }
        if let wait = try await valveWait(action) { return wait }
        guard leadership.isLeader else { return configuration.resync }
        return try await start(action, impl, preview: preview, live: live)
    }

    /// Records the intent (the at-most-once claim), then executes.
    private func start(_ action: ActionObject, _ impl: any RemediationAction, preview: ActionPreview, live: JSONValue?)
        async throws -> TimeInterval?
    {
        let now = clock.now()
        var transition = Transition(from: action.status)
        let record = ExecutionRecord(
            attempt: UUID().uuidString.lowercased(), holder: configuration.identity, startedAt: now,
            stamp: KubeTime.format(now))
        transition.status.execution = record
        transition.status.rollback = impl.rollback(action.spec.action, preview: preview, live: live)
        if action.status.condition(.executionBlocked) != nil {
            transition.status.removeCondition(.executionBlocked)
            transition.event(.unblocked, "execution may proceed")
        }
        let message = "executing \(action.spec.action.type) \(action.targetDescription) (attempt \(record.attempt))"
        transition.condition(.executing, true, .executionStarted, message, now: now)
        transition.event(.executionStarted, message)
        let claimed = try await commit(action, transition)
        try await hook.reached(.intentRecorded, action: action.name)
        return try await execute(claimed, impl, resumed: false)
    }

    /// A recorded intent found again (after a crash, a restart, a takeover or a failed attempt):
    /// claim the next attempt in status first, so two replicas never run the same attempt.
    private func resume(_ action: ActionObject) async throws -> TimeInterval? {
        guard leadership.isLeader else { return configuration.resync }
        guard case .success(let impl) = implementation(action), var record = action.status.execution,
            let preview = action.status.preview
        else { return nil }
        let paused = try await killSwitch.state()
        if paused.paused {
            let live = try await readTarget(action, impl)
            let context = ExecutionContext(actionName: action.name, record: record)
            if !impl.isApplied(action.spec.action, preview: preview, live: live, execution: context) {
                try await block(action, .paused, Self.pauseMessage(paused))
                return configuration.resync
            }
        }
        var transition = Transition(from: action.status)
        let previousHolder = record.holder ?? "unknown"
        record.attempts = (record.attempts ?? 1) + 1
        record.holder = configuration.identity
        transition.status.execution = record
        if action.status.condition(.executionBlocked) != nil {
            transition.status.removeCondition(.executionBlocked)
            transition.event(.unblocked, "execution may proceed")
        }
        let message =
            "resuming execution (attempt \(record.attempts ?? 2), previously held by \(previousHolder)): "
            + "checking whether the action is already applied"
        transition.condition(.executing, true, .executionResumed, message, now: clock.now())
        transition.event(.executionResumed, message)
        let claimed = try await commit(action, transition)
        return try await execute(claimed, impl, resumed: true)
    }

    /// The kill switch and the budget: a delay to wait, or nil when execution may proceed.
    func valveWait(_ action: ActionObject) async throws -> TimeInterval? {
        let now = clock.now()
        let state = try await killSwitch.state()
        if state.paused {
            try await block(action, .paused, Self.pauseMessage(state))
            return configuration.resync
        }
        let starts = ExecutionBudget.starts(of: try await store.list())
        if case .exhausted(let used, let nextSlot) = configuration.budget.verdict(starts: starts, now: now) {
            let message =
                "the execution budget is spent (\(used) of \(configuration.budget.limit) in the last "
                + "\(Int(configuration.budget.window / 60)) minutes); next slot at \(KubeTime.format(nextSlot))"
            try await block(action, .budgetExhausted, message)
            return max(0.05, min(nextSlot.timeIntervalSince(now), configuration.resync))
        }
        return nil
    }

    static func pauseMessage(_ state: KillSwitch.State) -> String {
        var message = "execution is paused (kars-sre pause)"
        if let by = state.by { message += " by \(by)" }
        if let reason = state.reason, !reason.isEmpty { message += ": \(reason)" }
        return message
    }

    /// Sets ExecutionBlocked (with an Event only when the reason changes).
    func block(_ action: ActionObject, _ reason: ActionReason, _ message: String) async throws {
        let current = action.status.condition(.executionBlocked)
        guard current?.reason != reason.rawValue || current?.message != ActionText.clip(message) else { return }
        var transition = Transition(from: action.status)
        transition.condition(.executionBlocked, true, reason, message, now: clock.now())
        if current?.reason != reason.rawValue { transition.event(reason, message) }
        try await commit(action, transition)
    }
}
