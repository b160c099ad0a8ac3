import Foundation
import KubeAPI
import KubeModels

/// The preview: a server-side dry run as the writer identity (through a one-shot grant, like
/// execution), stored in `status.preview` before approval.
extension Reconciler {
    /// Computes and stores the preview; returns when to look again. Ends the action when the API
    /// server rejects the change itself.
    func recordPreview(_ action: ActionObject, _ impl: any RemediationAction, live: JSONValue?) async throws
        -> TimeInterval?
    {
        let now = clock.now()
        var transition = Transition(from: action.status)
        do {
            let plan = try await impl.plan(action.spec.action, reader: client, now: now)
            let spec = action.spec.action
            let preview = try await session.run(
                action: action.name, namespace: action.target.namespace, purpose: .preview,
                rules: impl.rules(spec, plan: plan)
            ) { writer in
                try await ForbiddenRetry.run {
                    try await impl.preview(spec, live: live, plan: plan, writer: writer, now: now)
                }
            }
            transition.status.preview = preview
            transition.condition(.previewed, true, .previewSucceeded, preview.summary, now: now)
            transition.event(.previewSucceeded, preview.summary)
            try await commit(action, transition)
            try await hook.reached(.previewRecorded, action: action.name)
            return 0
        } catch let error as RemediationError {
            switch error {
            case .targetNotFound(let message): return try await terminate(action, .failed, .targetNotFound, message)
            case .beyondCeiling(let message): return try await terminate(action, .failed, .protected, message)
            case .invalidSpec(let message): return try await terminate(action, .failed, .invalidSpec, message)
            default: return try await previewFailed(action, transition, "\(error)")
            }
        } catch let error as KubeAPIError where error.isInvalid || error.httpCode == 400 {
            return try await terminate(
                action, .failed, .previewFailed, "the API server rejects this change (dry run): \(error.message)")
        } catch let error as KubeAPIError {
            return try await previewFailed(action, transition, error.message)
        }
    }

    /// Records a preview that could not be made (yet) and retries later.
    private func previewFailed(_ action: ActionObject, _ base: Transition, _ message: String) async throws
        -> TimeInterval?
    {
        var transition = base
        let now = clock.now()
        let previous = action.status.condition(.previewed)
        let text = "the dry run failed, retrying: \(message)"
        transition.condition(.previewed, false, .previewFailed, text, now: now)
        if previous?.message != ActionText.clip(text) { transition.event(.previewFailed, text) }
        try await commit(action, transition)
        return min(configuration.resync, 10)
    }
}
