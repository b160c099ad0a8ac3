import Foundation
import KubeAPI
import KubeModels

/// `PatchDeploymentImage`: sets one container's image on a Deployment (a new rollout). The JSON
/// patch tests the previewed image first, so it never overwrites someone else's change and never
/// applies twice. Undo proposes the previous image.
public struct PatchDeploymentImageAction: RemediationAction {
    public init() {}

    public var type: RemediationActionType { .patchDeploymentImage }

    public func targetResource(_ target: KarsSREAction.Target) -> APIResource { .deployments }

    public func validate(_ action: ActionSpec.Action) -> String? {
        let target = action.target
        if let unexpected = unexpectedFields(target, allowed: ["container", "image"]) { return unexpected }
        guard !(target.container ?? "").isEmpty else { return "PatchDeploymentImage needs target.container" }
        guard let image = target.image, !image.isEmpty else { return "PatchDeploymentImage needs target.image" }
        if image.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            return "target.image \"\(ActionText.line(image, limit: 80))\" contains whitespace or control characters"
        }
        return nil
    }

    public func rules(_ action: ActionSpec.Action, plan: ActionPlan) -> [PolicyRule] {
        [.on(.deployments, verbs: ["get", "patch"], names: [action.target.name])]
    }

    public func preview(
        _ action: ActionSpec.Action, live: JSONValue?, plan: ActionPlan, writer: KubeClient, now: Date
    ) async throws -> ActionPreview {
        let target = action.target
        guard let live, let container = target.container, let image = target.image else {
            throw RemediationError.targetNotFound("\(describe(target)) does not exist")
        }
        guard let locator = ContainerLocator(container, in: live), let before = locator.image else {
            throw RemediationError.invalidSpec("\(describe(target)) has no container \(container)")
        }
        let answer = try await writer.patch(
            .deployments, name: target.name, namespace: target.namespace,
            patch: locator.conditionalImagePatch(container: container, before: before, after: image), type: .json,
            options: .dryRun)
        let after = ContainerLocator(container, in: answer)?.image ?? image
        var preview = ActionPreview(
            summary: "would set the image of container \(container) of \(describe(target)) from \(before) to \(after) "
                + "(a new rollout)",
            dryRun: true, at: now)
        preview.record(object: live)
        preview.container = container
        preview.imageBefore = before
        preview.imageAfter = after
        return preview
    }

    public func drift(_ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?) -> String? {
        guard let live, let container = action.target.container else { return nil }
        guard let current = ContainerLocator(container, in: live)?.image else {
            return "container \(container) is gone from \(describe(action.target))"
        }
        if current == action.target.image { return nil }
        if let before = preview.imageBefore, current != before {
            return "the image of container \(container) of \(describe(action.target)) changed since the preview: "
                + "\(before) → \(current)"
        }
        return nil
    }

    public func isApplied(
        _ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?, execution: ExecutionContext
    ) -> Bool {
        guard let live, let container = action.target.container else { return false }
        return ContainerLocator(container, in: live)?.image == action.target.image
    }

    public func apply(
        _ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?, execution: ExecutionContext,
        writer: KubeClient
    ) async throws {
        let target = action.target
        guard let live, let container = target.container, let image = target.image,
            let locator = ContainerLocator(container, in: live), let before = preview.imageBefore
        else {
            throw RemediationError.executionFailed("\(describe(target)) no longer has container \(target.container ?? "?")")
        }
        _ = try await writer.patch(
            .deployments, name: target.name, namespace: target.namespace,
            patch: locator.conditionalImagePatch(container: container, before: before, after: image), type: .json)
    }

    public func rollback(_ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?) -> ActionRollback {
        let container = action.target.container ?? preview.container
        var previous: String?
        if let live, let container { previous = ContainerLocator(container, in: live)?.image }
        return ActionRollback(container: container, previousImage: previous ?? preview.imageBefore)
    }

    public func inverse(_ action: ActionSpec.Action, rollback: ActionRollback?) throws -> ActionSpec.Action {
        guard let previous = rollback?.previousImage, let container = rollback?.container ?? action.target.container
        else {
            throw RemediationError.notUndoable("no rollback data: the previous image was not recorded")
        }
        return ActionSpec.Action(
            type: type.rawValue,
            target: KarsSREAction.Target(
                namespace: action.target.namespace, name: action.target.name, container: container, image: previous))
    }
}
