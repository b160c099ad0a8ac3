import Foundation
import KubeAPI
import KubeModels

/// `DeletePod`: force-deletes (grace period 0) a pod stuck terminating, e.g. on a lost node. The
/// delete carries the previewed uid as a precondition, so a re-created pod of the same name (a
/// StatefulSet's) is never deleted by mistake. There is no undo: the pod's controller re-creates it.
public struct DeletePodAction: RemediationAction {
    public init() {}

    public var type: RemediationActionType { .deletePod }

    public func targetResource(_ target: KarsSREAction.Target) -> APIResource { .pods }

    public func validate(_ action: ActionSpec.Action) -> String? {
        unexpectedFields(action.target, allowed: [])
    }

    public func rules(_ action: ActionSpec.Action, plan: ActionPlan) -> [PolicyRule] {
        [.on(.pods, verbs: ["get", "delete"], names: [action.target.name])]
    }

    public func preview(
        _ action: ActionSpec.Action, live: JSONValue?, plan: ActionPlan, writer: KubeClient, now: Date
    ) async throws -> ActionPreview {
        let target = action.target
        guard let live else { throw RemediationError.targetNotFound("\(describe(target)) does not exist") }
        _ = try await writer.delete(
            .pods, name: target.name, namespace: target.namespace,
            options: DeleteOptions(
                gracePeriodSeconds: 0, preconditionUID: live[path: "metadata", "uid"]?.stringValue, dryRun: true))
        var summary = "would force-delete \(describe(target))"
        if let deletion = live[path: "metadata", "deletionTimestamp"]?.stringValue {
            summary += ", terminating since \(deletion)"
        }
        if let node = live[path: "spec", "nodeName"]?.stringValue { summary += " on node \(node)" }
        var preview = ActionPreview(summary: summary, dryRun: true, at: now)
        preview.record(object: live)
        preview.wouldDelete = [
            "phase": live[path: "status", "phase"] ?? .null, "nodeName": live[path: "spec", "nodeName"] ?? .null,
            "deletionTimestamp": live[path: "metadata", "deletionTimestamp"] ?? .null,
            "owner": live[path: "metadata", "ownerReferences"]?[0]?["name"] ?? .null,
        ]
        return preview
    }

    public func drift(_ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?) -> String? {
        guard let live, let uid = preview.uid, live[path: "metadata", "uid"]?.stringValue != uid else { return nil }
        return "\(describe(action.target)) was replaced by a new pod of the same name since the preview"
    }

    public func isApplied(
        _ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?, execution: ExecutionContext
    ) -> Bool {
        guard let live else { return true }
        guard let uid = preview.uid else { return false }
        return live[path: "metadata", "uid"]?.stringValue != uid
    }

    public func apply(
        _ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?, execution: ExecutionContext,
        writer: KubeClient
    ) async throws {
        guard let uid = preview.uid else {
            throw RemediationError.executionFailed("the preview did not record the pod's uid; refusing an unconditional delete")
        }
        do {
            try await writer.delete(
                .pods, name: action.target.name, namespace: action.target.namespace,
                options: DeleteOptions(gracePeriodSeconds: 0, preconditionUID: uid))
        } catch let error as KubeAPIError where error.isNotFound {
            return
        }
    }

    public func rollback(_ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?) -> ActionRollback {
        ActionRollback(note: "a deleted pod is not restored: its controller creates a replacement")
    }

    public func inverse(_ action: ActionSpec.Action, rollback: ActionRollback?) throws -> ActionSpec.Action {
        throw RemediationError.notUndoable("a DeletePod cannot be undone: the pod's controller creates a replacement")
    }
}
