import Diagnosis

/// Why each typed action is safe to approve and how it is undone, in the words of a message.
enum FixExplanation {
    static let common = "Nothing runs until someone approves; the controller previews it with a server-side dry run, "
        + "applies it only if the finding still holds, with a one-shot credential limited to the target object."

    static func whySafe(_ type: ActionType, ttlMinutes: Int) -> String {
        let specific: String
        switch type {
        case .deleteResourceQuota:
            specific = "Deletes only the named ResourceQuota (never one managed by a controller), then nudges the ReplicaSets it blocked."
        case .patchDeploymentImage:
            specific = "Changes one container image of one Deployment to an image already running in the cluster; a rolling update keeps old pods serving until new ones are ready."
        case .scaleDeployment:
            specific = "Sets one Deployment's replicas back to the count before the scale-down (at most 50)."
        case .rolloutRestart:
            specific = "Restarts the workload's pods by rolling update; the spec is unchanged apart from the restart annotation."
        case .deletePod:
            specific = "Force-deletes one pod stuck terminating; its controller creates a replacement."
        }
        return "\(specific) \(common) Unapproved, it expires after \(ttlMinutes) min."
    }

    static func rollback(_ type: ActionType, actionName: String) -> String {
        switch type {
        case .deleteResourceQuota:
            return "kars-sre undo \(actionName) recreates the quota from the copy saved before deletion."
        case .patchDeploymentImage:
            return "kars-sre undo \(actionName) sets the previous image back."
        case .scaleDeployment:
            return "kars-sre undo \(actionName) scales back to the previous replica count."
        case .rolloutRestart:
            return "Nothing to undo: the pod template is unchanged apart from the restart time."
        case .deletePod:
            return "Not reversible and not needed: the controller recreates the pod."
        }
    }
}
