import Foundation
import KubeModels

/// The `ControllerRevision` history of StatefulSets and DaemonSets, kept as their real controllers
/// keep it.
///
/// Exists because `kubectl rollout history` and `kubectl rollout undo` of those kinds read nothing
/// else: they list the ControllerRevisions in the namespace that match the workload's selector and
/// that it controls, show `revision` and the `kubernetes.io/change-cause` annotation, and roll back by
/// sending a revision's `data` (`{"spec":{"template":{…,"$patch":"replace"}}}`) as a strategic merge
/// patch. One revision per distinct template, named `<owner>-<hash>`, labelled with the template's
/// labels and the hash label, annotated with the owner's annotations, owned by it; the current
/// template's revision always has the highest number (a rollback renumbers the old one); revisions
/// beyond `revisionHistoryLimit` (default 10) that no pod uses are deleted, oldest first.
struct ControllerHistory {
    /// `StatefulSet` or `DaemonSet`.
    var owner: JSONValue
    /// The label carrying the hash on a revision: `controller.kubernetes.io/hash` for StatefulSets,
    /// `controller-revision-hash` for DaemonSets.
    var hashLabel: String

    static let statefulSetHashLabel = "controller.kubernetes.io/hash"
    static let daemonSetHashLabel = "controller-revision-hash"

    /// The revision data of a template: a strategic merge patch that replaces the template.
    static func data(template: JSONValue) -> JSONValue {
        var replaced = template.objectValue ?? [:]
        replaced["$patch"] = "replace"
        return ["spec": ["template": .object(replaced)]]
    }

    /// The revisions this owner controls, by ascending revision number.
    func revisions(manager: isolated ControllerManager) -> [JSONValue] {
        manager.cache.controlled(by: owner.uid, SimResource.controllerrevisions)
            .sorted { ($0["revision"]?.intValue ?? 0, $0.name) < ($1["revision"]?.intValue ?? 0, $1.name) }
    }

    /// Makes sure the revision of `template` (named `<owner>-<hash>`) exists and is the newest, and
    /// trims the history; returns the current revision's number. `inUse` names revisions that must
    /// be kept whatever their age (those of live pods, the status' current revision).
    @discardableResult
    func sync(template: JSONValue, hash: String, inUse: Set<String>, manager: isolated ControllerManager) async -> Int64 {
        let name = "\(owner.name)-\(hash)"
        let existing = revisions(manager: manager)
        let highest = existing.compactMap { $0["revision"]?.intValue }.max() ?? 0
        var number = highest + 1
        if let current = existing.first(where: { $0.name == name }) {
            let revision = current["revision"]?.intValue ?? 0
            if revision == highest {
                number = revision
            } else {
                // A rollback to an older template: that revision becomes the newest again.
                await manager.patch(
                    SimResource.controllerrevisions, namespace: owner.namespace, name: name, ["revision": .int(number)])
            }
        } else if manager.cache.get(SimResource.controllerrevisions, owner.namespace, name) == nil {
            var labels = template[path: "metadata", "labels"]?.objectValue ?? [:]
            labels[hashLabel] = .string(hash)
            var metadata: [String: JSONValue] = [
                "name": .string(name), "namespace": .string(owner.namespace), "labels": .object(labels),
                "ownerReferences": [SimObjects.ownerReference(to: owner)],
            ]
            if let annotations = owner[path: "metadata", "annotations"], annotations.objectValue?.isEmpty == false {
                metadata["annotations"] = annotations
            }
            let revision: JSONValue = [
                "apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": .object(metadata),
                "data": Self.data(template: template), "revision": .int(number),
            ]
            if case .failure(let error) = await manager.create(SimResource.controllerrevisions, revision), error.reason != "AlreadyExists" {
                manager.logger.debug("controller revision \(name): \(error)")
            }
        }
        await trim(keeping: inUse.union([name]), manager: manager)
        return number
    }

    /// Deletes the oldest revisions beyond the owner's `revisionHistoryLimit` that nothing uses.
    private func trim(keeping inUse: Set<String>, manager: isolated ControllerManager) async {
        let limit = Int(owner[path: "spec", "revisionHistoryLimit"]?.intValue ?? 10)
        let unused = revisions(manager: manager).filter { !inUse.contains($0.name) }
        guard unused.count > max(limit, 0) else { return }
        for revision in unused.prefix(unused.count - max(limit, 0)) {
            await manager.delete(SimResource.controllerrevisions, namespace: revision.namespace, name: revision.name, uid: revision.uid)
        }
    }
}
