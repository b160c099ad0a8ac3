import Foundation
import KubeAPI
import KubeModels

/// `ScaleDeployment`: sets a Deployment's replicas (0...50) through the scale subresource, with a
/// JSON patch that tests the previewed count first. Undo proposes the previous count.
public struct ScaleDeploymentAction: RemediationAction {
    public static let maxReplicas = 50

    public init() {}

    public var type: RemediationActionType { .scaleDeployment }

    public func targetResource(_ target: KarsSREAction.Target) -> APIResource { .deployments }

    public func validate(_ action: ActionSpec.Action) -> String? {
        if let unexpected = unexpectedFields(action.target, allowed: ["replicas"]) { return unexpected }
        guard let replicas = action.target.replicas else { return "ScaleDeployment needs target.replicas" }
        guard (0...Self.maxReplicas).contains(replicas) else {
            return "target.replicas \(replicas) is outside 0...\(Self.maxReplicas)"
        }
        return nil
    }

    public func rules(_ action: ActionSpec.Action, plan: ActionPlan) -> [PolicyRule] {
        [.on(.deployments, subresource: "scale", verbs: ["get", "patch"], names: [action.target.name])]
    }

    static func replicas(_ object: JSONValue?) -> Int? {
        (object?[path: "spec", "replicas"]?.intValue).map { Int($0) }
    }

    static func conditionalPatch(before: Int, after: Int) -> JSONValue {
        [
            ["op": "test", "path": "/spec/replicas", "value": .int(Int64(before))],
            ["op": "replace", "path": "/spec/replicas", "value": .int(Int64(after))],
        ]
    }

    public func preview(
        _ action: ActionSpec.Action, live: JSONValue?, plan: ActionPlan, writer: KubeClient, now: Date
    ) async throws -> ActionPreview {
        let target = action.target
        guard let live, let replicas = target.replicas else {
            throw RemediationError.targetNotFound("\(describe(target)) does not exist")
        }
        let before = Self.replicas(live) ?? 1
        let answer = try await writer.patch(
            .deployments, name: target.name, namespace: target.namespace,
            patch: Self.conditionalPatch(before: before, after: replicas), type: .json, subresource: "scale",
            options: .dryRun)
        let after = Self.replicas(answer) ?? replicas
        var preview = ActionPreview(
            summary: "would scale \(describe(target)) from \(before) to \(after) replicas", dryRun: true, at: now)
        preview.record(object: live)
        preview.replicasBefore = before
        preview.replicasAfter = after
        return preview
    }

    public func drift(_ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?) -> String? {
        guard let live, let before = preview.replicasBefore else { return nil }
        let current = Self.replicas(live) ?? 1
        guard current != before, current != action.target.replicas else { return nil }
        return "the replicas of \(describe(action.target)) changed since the preview: \(before) → \(current)"
    }

    public func isApplied(
        _ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?, execution: ExecutionContext
    ) -> Bool {
        guard let live else { return false }
        return (Self.replicas(live) ?? 1) == action.target.replicas
    }

    public func apply(
        _ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?, execution: ExecutionContext,
        writer: KubeClient
    ) async throws {
        let target = action.target
        guard let replicas = target.replicas, let before = preview.replicasBefore else {
            throw RemediationError.executionFailed("the preview did not record the replica count")
        }
        _ = try await writer.patch(
            .deployments, name: target.name, namespace: target.namespace,
            patch: Self.conditionalPatch(before: before, after: replicas), type: .json, subresource: "scale")
    }

    public func rollback(_ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?) -> ActionRollback {
        ActionRollback(previousReplicas: Self.replicas(live) ?? preview.replicasBefore)
    }

    public func inverse(_ action: ActionSpec.Action, rollback: ActionRollback?) throws -> ActionSpec.Action {
        guard let previous = rollback?.previousReplicas else {
            throw RemediationError.notUndoable("no rollback data: the previous replica count was not recorded")
        }
        return ActionSpec.Action(
            type: type.rawValue,
            target: KarsSREAction.Target(namespace: action.target.namespace, name: action.target.name, replicas: previous))
    }
}
