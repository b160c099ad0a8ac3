import Foundation
import KubeAPI
import KubeModels

/// `RolloutRestart`: what `kubectl rollout restart` does, on a Deployment, StatefulSet or DaemonSet
/// (default Deployment): sets the pod template annotation `kubectl.kubernetes.io/restartedAt`. The
/// value is the execution's stamp, the same on every attempt, so a repeated write is a no-op and
/// never a second restart. There is no undo.
public struct RolloutRestartAction: RemediationAction {
    public static let restartedAtAnnotation = "kubectl.kubernetes.io/restartedAt"
    static let kinds: [String: APIResource] = [
        "Deployment": .deployments, "StatefulSet": .statefulSets, "DaemonSet": .daemonSets,
    ]
    /// Kinds named only to be refused by the protection rules (governance is never mutated).
    static let governanceKinds: [String: APIResource] = ["KarsSandbox": .karsSandboxes, "KarsSREAction": .karsSREActions]

    public init() {}

    public var type: RemediationActionType { .rolloutRestart }

    public func targetResource(_ target: KarsSREAction.Target) -> APIResource {
        let kind = target.kind ?? "Deployment"
        return Self.kinds[kind] ?? Self.governanceKinds[kind] ?? .deployments
    }

    public func validate(_ action: ActionSpec.Action) -> String? {
        if let unexpected = unexpectedFields(action.target, allowed: ["kind"]) { return unexpected }
        if let kind = action.target.kind, Self.kinds[kind] == nil {
            return "RolloutRestart restarts a Deployment, StatefulSet or DaemonSet, not a \(kind)"
        }
        return nil
    }

    public func rules(_ action: ActionSpec.Action, plan: ActionPlan) -> [PolicyRule] {
        [.on(targetResource(action.target), verbs: ["get", "patch"], names: [action.target.name])]
    }

    static func patch(stamp: String) -> JSONValue {
        ["spec": ["template": ["metadata": ["annotations": [restartedAtAnnotation: .string(stamp)]]]]]
    }

    static func restartedAt(_ object: JSONValue?) -> String? {
        object?[path: "spec", "template", "metadata", "annotations", restartedAtAnnotation]?.stringValue
    }

    public func preview(
        _ action: ActionSpec.Action, live: JSONValue?, plan: ActionPlan, writer: KubeClient, now: Date
    ) async throws -> ActionPreview {
        let target = action.target
        guard let live else { throw RemediationError.targetNotFound("\(describe(target)) does not exist") }
        let resource = targetResource(target)
        _ = try await writer.patch(
            resource, name: target.name, namespace: target.namespace, patch: Self.patch(stamp: KubeTime.format(now)),
            type: .merge, options: .dryRun)
        let replicas = live[path: "spec", "replicas"]?.intValue.map { " (\($0) pods)" } ?? ""
        var preview = ActionPreview(
            summary: "would restart \(describe(target)): a rollout replaces its pods\(replicas)", dryRun: true, at: now)
        preview.record(object: live)
        preview.wouldCreate = ["restartedAtBefore": Self.restartedAt(live).map(JSONValue.string) ?? .null]
        return preview
    }

    public func drift(_ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?) -> String? {
        guard let live, let generation = preview.generation else { return nil }
        let current = live[path: "metadata", "generation"]?.intValue
        guard let current, current != generation else { return nil }
        return "\(describe(action.target)) changed since the preview (generation \(generation) → \(current)): "
            + "a rollout happened meanwhile"
    }

    public func isApplied(
        _ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?, execution: ExecutionContext
    ) -> Bool {
        Self.restartedAt(live) == execution.stamp
    }

    public func apply(
        _ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?, execution: ExecutionContext,
        writer: KubeClient
    ) async throws {
        let target = action.target
        _ = try await writer.patch(
            targetResource(target), name: target.name, namespace: target.namespace,
            patch: Self.patch(stamp: execution.stamp),
            type: .merge)
    }

    public func rollback(_ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?) -> ActionRollback {
        ActionRollback(note: "a restart cannot be undone: the pods were replaced")
    }

    public func inverse(_ action: ActionSpec.Action, rollback: ActionRollback?) throws -> ActionSpec.Action {
        throw RemediationError.notUndoable("a RolloutRestart cannot be undone: its pods were replaced")
    }
}
