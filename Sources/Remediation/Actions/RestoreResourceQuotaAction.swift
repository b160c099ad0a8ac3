import Foundation
import KubeAPI
import KubeModels

/// `RestoreResourceQuota` (internal, reachable only through `kars-sre undo` of a
/// DeleteResourceQuota): re-creates the deleted quota from the rollback data carried in
/// `spec.action.restore`. The created quota is annotated with the action's name, which is how a
/// repeated attempt recognises it as already applied. Undo proposes deleting it again.
public struct RestoreResourceQuotaAction: RemediationAction {
    /// Marks the quota a RestoreResourceQuota created.
    public static let restoredByAnnotation = "kars.azure.com/restored-by"

    public init() {}

    public var type: RemediationActionType { .restoreResourceQuota }
    public var targetMustExist: Bool { false }

    public func targetResource(_ target: KarsSREAction.Target) -> APIResource { .resourceQuotas }

    public func validate(_ action: ActionSpec.Action) -> String? {
        if let unexpected = unexpectedFields(action.target, allowed: []) { return unexpected }
        guard let hard = action.restore?.hard, !hard.isEmpty else {
            return "RestoreResourceQuota needs spec.action.restore.hard (it is proposed by `kars-sre undo`)"
        }
        return nil
    }

    /// RBAC cannot restrict `create` by name: the grant allows creating a quota in the target namespace
    /// and reading only this one.
    public func rules(_ action: ActionSpec.Action, plan: ActionPlan) -> [PolicyRule] {
        [
            .on(.resourceQuotas, verbs: ["create"], names: nil),
            .on(.resourceQuotas, verbs: ["get"], names: [action.target.name]),
        ]
    }

    func quota(_ action: ActionSpec.Action, restoredBy name: String) -> JSONValue {
        let restore = action.restore ?? QuotaRestoreSpec()
        var annotations = (restore.annotations ?? [:]).mapValues(JSONValue.string)
        annotations[Self.restoredByAnnotation] = .string(name)
        var spec: [String: JSONValue] = ["hard": .object(restore.hard ?? [:])]
        if let scopes = restore.scopes, !scopes.isEmpty { spec["scopes"] = .array(scopes.map(JSONValue.string)) }
        if let selector = restore.scopeSelector { spec["scopeSelector"] = selector }
        var metadata: [String: JSONValue] = [
            "name": .string(action.target.name), "namespace": .string(action.target.namespace),
            "annotations": .object(annotations),
        ]
        if let labels = restore.labels, !labels.isEmpty { metadata["labels"] = .object(labels.mapValues(JSONValue.string)) }
        return ["apiVersion": "v1", "kind": "ResourceQuota", "metadata": .object(metadata), "spec": .object(spec)]
    }

    public func preview(
        _ action: ActionSpec.Action, live: JSONValue?, plan: ActionPlan, writer: KubeClient, now: Date
    ) async throws -> ActionPreview {
        let target = action.target
        let object = quota(action, restoredBy: "preview")
        let answer = try await writer.create(.resourceQuotas, object, namespace: target.namespace, options: .dryRun)
        let hard = QuotaRestoreSpec(hard: answer[path: "spec", "hard"]?.objectValue).hardDescription
        var preview = ActionPreview(
            summary: "would re-create ResourceQuota \(target.namespace)/\(target.name) (hard: \(hard))", dryRun: true,
            at: now)
        preview.kind = "ResourceQuota"
        preview.namespace = target.namespace
        preview.name = target.name
        preview.wouldCreate = ["hard": answer[path: "spec", "hard"] ?? .object([:])]
        return preview
    }

    public func drift(_ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?) -> String? {
        guard let live, live[path: "metadata", "annotations", Self.restoredByAnnotation] == nil else { return nil }
        return "a ResourceQuota \(action.target.namespace)/\(action.target.name) exists again; nothing to restore"
    }

    public func isApplied(
        _ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?, execution: ExecutionContext
    ) -> Bool {
        guard let live else { return false }
        return live[path: "metadata", "annotations", Self.restoredByAnnotation]?.stringValue == execution.actionName
    }

    public func apply(
        _ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?, execution: ExecutionContext,
        writer: KubeClient
    ) async throws {
        let object = quota(action, restoredBy: execution.actionName)
        do {
            _ = try await writer.create(.resourceQuotas, object, namespace: action.target.namespace)
        } catch let error as KubeAPIError where error.isAlreadyExists {
            return  // the caller re-reads: ours (applied) or someone else's (fails)
        }
    }

    public func rollback(_ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?) -> ActionRollback {
        ActionRollback(quota: action.restore)
    }

    public func inverse(_ action: ActionSpec.Action, rollback: ActionRollback?) throws -> ActionSpec.Action {
        ActionSpec.Action(
            type: RemediationActionType.deleteResourceQuota.rawValue,
            target: KarsSREAction.Target(namespace: action.target.namespace, name: action.target.name))
    }
}
