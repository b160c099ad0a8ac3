import Foundation
import KubeAPI
import KubeModels

/// Execution of a claimed attempt: recognise an action that is already applied, otherwise make
/// the conditional write as the writer identity inside a one-shot grant, verify it, and record
/// phase Applied with the rollback data.
extension Reconciler {
    func execute(_ action: ActionObject, _ impl: any RemediationAction, resumed: Bool) async throws -> TimeInterval? {
        guard let record = action.status.execution, let preview = action.status.preview else {
            return try await terminate(action, .failed, .executionFailed, "execution record or preview missing")
        }
        let context = ExecutionContext(actionName: action.name, record: record)
        let spec = action.spec.action
        let live = try await readTarget(action, impl)
        let already = impl.isApplied(spec, preview: preview, live: live, execution: context)
        if !already {
            if live == nil, impl.targetMustExist {
                return try await terminate(
                    action, .failed, .targetNotFound,
                    "\(impl.targetResource(action.target).kind) \(action.targetDescription) disappeared before the write")
            }
            if let drift = impl.drift(spec, preview: preview, live: live) {
                return try await terminate(action, .failed, .targetChanged, "changed during execution: \(drift)")
            }
        }
        do {
            let plan = try await impl.plan(spec, reader: client, now: clock.now())
            let hook = self.hook
            let name = action.name
            try await session.run(
                action: action.name, namespace: action.target.namespace, purpose: .execute,
                rules: impl.rules(spec, plan: plan)
            ) { writer in
                if !already {
                    try await ForbiddenRetry.run {
                        try await impl.apply(spec, preview: preview, live: live, execution: context, writer: writer)
                    }
                    try await hook.reached(.targetWritten, action: name)
                }
                try await ForbiddenRetry.run {
                    try await impl.followThrough(spec, plan: plan, execution: context, writer: writer)
                }
                try await hook.reached(.followedThrough, action: name)
            }
            let after = try await readTarget(action, impl)
            guard impl.isApplied(spec, preview: preview, live: after, execution: context) else {
                throw RemediationError.executionFailed("the write was accepted but the target does not show it")
            }
        } catch {
            return try await attemptFailed(action, impl, error)
        }
        return try await recordApplied(action, preview: preview, alreadyApplied: already)
    }

    private func recordApplied(_ action: ActionObject, preview: ActionPreview, alreadyApplied: Bool) async throws
        -> TimeInterval?
    {
        let now = clock.now()
        var transition = Transition(from: action.status)
        let message =
            alreadyApplied
            ? "the action was already applied by an earlier attempt; not applied again"
            : "applied: " + preview.summary.replacingOccurrences(of: "would ", with: "")
        transition.phase(.applied, message: message, now: now)
        transition.status.appliedAt = now
        transition.status.execution?.lastError = nil
        transition.condition(.executing, false, alreadyApplied ? .alreadyApplied : .applied, "attempt finished", now: now)
        transition.condition(.applied, true, alreadyApplied ? .alreadyApplied : .applied, message, now: now)
        transition.event(alreadyApplied ? .alreadyApplied : .applied, message)
        let updated = try await commit(action, transition)
        try await hook.reached(.appliedRecorded, action: updated.name)
        return 0
    }

    /// A failed attempt: retry with backoff, or fail after `maxAttempts` (unless the target shows
    /// the action applied after all).
    private func attemptFailed(_ action: ActionObject, _ impl: any RemediationAction, _ error: Error) async throws
        -> TimeInterval?
    {
        if error is CancellationError || Task.isCancelled { throw CancellationError() }
        let message = Self.describe(error)
        if case RemediationError.beyondCeiling = error {
            return try await terminate(action, .failed, .protected, message)
        }
        let attempts = action.status.execution?.attempts ?? 1
        let transient = (error as? KubeAPIError)?.isTransient == true
        let started = action.status.execution?.startedAt ?? clock.now()
        let withinTransientWindow =
            transient && clock.now().timeIntervalSince(started) < configuration.transientRetryWindow
        if attempts >= configuration.maxAttempts, !withinTransientWindow {
            return try await terminate(
                action, .failed, .executionFailed, "execution failed after \(attempts) attempts: \(message)")
        }
        let doublings = Double(min(attempts, configuration.maxAttempts) - 1)
        let delay = min(30, configuration.retryBase * pow(2, doublings))
        var transition = Transition(from: action.status)
        transition.status.execution?.lastError = ActionText.clip(message)
        transition.event(.executionRetrying, "attempt \(attempts) failed: \(message); retrying in \(Int(delay.rounded(.up))) s")
        try await commit(action, transition)
        return delay
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? KubeAPIError { return error.description }
        if let error = error as? RemediationError { return error.description }
        return "\(error)"
    }
}
