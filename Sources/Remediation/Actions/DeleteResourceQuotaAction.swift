import Foundation
import KubeAPI
import KubeModels

/// `DeleteResourceQuota`: deletes the quota named in the `exceeded quota` events (only the one
/// previewed: the delete carries its uid as a precondition), then nudges each controller the
/// quota blocked with an annotation so it retries pod creation at once instead of after its
/// backoff. Undo re-creates the quota (RestoreResourceQuota).
public struct DeleteResourceQuotaAction: RemediationAction {
    /// The annotation that nudges a blocked controller.
    public static let nudgeAnnotation = "kars.azure.com/nudged-at"

    public var finder: BlockedControllerFinder

    public init(finder: BlockedControllerFinder = BlockedControllerFinder()) {
        self.finder = finder
    }

    public var type: RemediationActionType { .deleteResourceQuota }

    public func targetResource(_ target: KarsSREAction.Target) -> APIResource { .resourceQuotas }

    public func validate(_ action: ActionSpec.Action) -> String? {
        unexpectedFields(action.target, allowed: [])
    }

    public func refusal(_ action: ActionSpec.Action, live: JSONValue?, policy: ProtectionPolicyCheck) -> String? {
        let labels = live?[path: "metadata", "labels"]?.objectValue?.compactMapValues(\.stringValue)
        return policy.refusal(
            type: type, target: action.target, resource: .resourceQuotas, quotaLabels: labels ?? [:])
    }

    public func plan(_ action: ActionSpec.Action, reader: KubeClient, now: Date) async throws -> ActionPlan {
        let blocked = try await finder.find(
            quota: action.target.name, namespace: action.target.namespace, reader: reader, now: now)
        return ActionPlan(companions: blocked)
    }

    public func rules(_ action: ActionSpec.Action, plan: ActionPlan) -> [PolicyRule] {
        var rules = [PolicyRule.on(.resourceQuotas, verbs: ["get", "delete"], names: [action.target.name])]
        let byResource = Dictionary(grouping: plan.companions.compactMap { ref in ref.resource.map { ($0, ref.name) } }) {
            $0.0
        }
        for (resource, entries) in byResource.sorted(by: { $0.key.name < $1.key.name }) {
            rules.append(.on(resource, verbs: ["get", "patch"], names: entries.map(\.1).sorted()))
        }
        return rules
    }

    public func preview(
        _ action: ActionSpec.Action, live: JSONValue?, plan: ActionPlan, writer: KubeClient, now: Date
    ) async throws -> ActionPreview {
        let target = action.target
        let answer = try await writer.delete(
            .resourceQuotas, name: target.name, namespace: target.namespace,
            options: DeleteOptions(preconditionUID: live?[path: "metadata", "uid"]?.stringValue, dryRun: true))
        let quota = live ?? answer
        let restore = QuotaRestoreSpec(quota: quota)
        var summary = "would delete ResourceQuota \(target.namespace)/\(target.name)"
        if !restore.hardDescription.isEmpty { summary += " (hard: \(restore.hardDescription))" }
        if plan.companions.isEmpty {
            summary += "; no blocked controller to nudge"
        } else {
            summary += " and nudge \(plan.companions.map(\.description).joined(separator: ", "))"
        }
        var preview = ActionPreview(summary: summary, dryRun: true, at: now)
        preview.record(object: quota)
        preview.wouldDelete = [
            "hard": quota[path: "spec", "hard"] ?? .object([:]), "used": quota[path: "status", "used"] ?? .object([:]),
        ]
        preview.nudge = plan.companions.map(\.description)
        return preview
    }

    public func drift(_ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?) -> String? {
        guard let live else { return nil }
        let uid = live[path: "metadata", "uid"]?.stringValue
        if let expected = preview.uid, uid != expected {
            return "ResourceQuota \(action.target.namespace)/\(action.target.name) was re-created since the preview"
        }
        let hardNow = live[path: "spec", "hard"] ?? .object([:])
        if let hardBefore = preview.wouldDelete?["hard"], hardBefore != hardNow {
            return "the hard limits of ResourceQuota \(action.target.namespace)/\(action.target.name) changed since "
                + "the preview: \(QuotaRestoreSpec(hard: hardBefore.objectValue).hardDescription) → "
                + QuotaRestoreSpec(hard: hardNow.objectValue).hardDescription
        }
        return nil
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
            throw RemediationError.executionFailed("the preview did not record the quota's uid; refusing an unconditional delete")
        }
        do {
            try await writer.delete(
                .resourceQuotas, name: action.target.name, namespace: action.target.namespace,
                options: DeleteOptions(preconditionUID: uid))
        } catch let error as KubeAPIError where error.isNotFound {
            return  // gone already: the caller re-reads and decides
        }
    }

    public func followThrough(
        _ action: ActionSpec.Action, plan: ActionPlan, execution: ExecutionContext, writer: KubeClient
    ) async throws {
        let stamp = execution.stamp
        for companion in plan.companions {
            guard let resource = companion.resource else { continue }
            do {
                _ = try await writer.patch(
                    resource, name: companion.name, namespace: action.target.namespace,
                    patch: ["metadata": ["annotations": [Self.nudgeAnnotation: .string(stamp)]]], type: .merge)
            } catch let error as KubeAPIError where error.isNotFound {
                continue
            }
        }
    }

    public func rollback(_ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?) -> ActionRollback {
        if let live { return ActionRollback(quota: QuotaRestoreSpec(quota: live)) }
        return ActionRollback(quota: QuotaRestoreSpec(hard: preview.wouldDelete?["hard"]?.objectValue))
    }

    public func inverse(_ action: ActionSpec.Action, rollback: ActionRollback?) throws -> ActionSpec.Action {
        guard let quota = rollback?.quota, !(quota.hard ?? [:]).isEmpty else {
            throw RemediationError.notUndoable("no rollback data: the deleted quota's limits were not recorded")
        }
        return ActionSpec.Action(
            type: RemediationActionType.restoreResourceQuota.rawValue,
            target: KarsSREAction.Target(namespace: action.target.namespace, name: action.target.name),
            restore: quota)
    }
}
