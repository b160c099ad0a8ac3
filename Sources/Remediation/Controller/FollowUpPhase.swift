import Foundation
import KubeAPI
import KubeModels

/// The follow-up of an applied action whose workloads stay down although the cause is gone
/// (typically a controller still in its retry backoff): a RolloutRestart proposal per workload
/// (at most three), each needing its own approval. Names are derived from the action, so a
/// repeated attempt finds them instead of proposing twice.
extension Reconciler {
    func proposeFollowUps(_ action: ActionObject, down: [WorkloadHealth]) async throws -> [String] {
        var names: [String] = []
        for (index, workload) in down.prefix(3).enumerated() {
            let name = "\(action.name)-followup-\(index + 1)"
            let draft = ActionDraft(
                action: ActionSpec.Action(
                    type: RemediationActionType.rolloutRestart.rawValue,
                    target: KarsSREAction.Target(
                        namespace: action.target.namespace, name: workload.name, kind: workload.kind)),
                rationale:
                    "\(workload.kind) \(action.target.namespace)/\(workload.name) stays down (\(workload.detail)) after "
                    + "\(action.spec.action.type) \(action.targetDescription) removed its cause; its controller may "
                    + "still be waiting out a retry backoff. A restart makes it try again now.",
                ttlMinutes: action.ttlMinutes, detector: .controller, followUpOf: action.name)
            do {
                _ = try await store.create(draft.object(namespace: store.namespace, name: name))
            } catch let error as KubeAPIError where error.isAlreadyExists {
                // proposed by an earlier attempt
            }
            names.append(name)
        }
        return names
    }
}
