/// The implementation of each action type.
public enum ActionCatalog {
    public static func action(for type: RemediationActionType) -> any RemediationAction {
        switch type {
        case .deleteResourceQuota: return DeleteResourceQuotaAction()
        case .patchDeploymentImage: return PatchDeploymentImageAction()
        case .scaleDeployment: return ScaleDeploymentAction()
        case .rolloutRestart: return RolloutRestartAction()
        case .deletePod: return DeletePodAction()
        case .restoreResourceQuota: return RestoreResourceQuotaAction()
        }
    }
}
