import Diagnosis

/// The typed actions a KarsSREAction can carry: the closed set of DESIGN.md section 4 plus
/// `RestoreResourceQuota`, an internal kind only `kars-sre undo` of a DeleteResourceQuota proposes.
public enum RemediationActionType: String, Codable, Sendable, CaseIterable {
    case deleteResourceQuota = "DeleteResourceQuota"
    case patchDeploymentImage = "PatchDeploymentImage"
    case scaleDeployment = "ScaleDeployment"
    case rolloutRestart = "RolloutRestart"
    case deletePod = "DeletePod"
    case restoreResourceQuota = "RestoreResourceQuota"

    /// The diagnosis' action type, for a proposed action.
    public init(_ type: ActionType) {
        switch type {
        case .deleteResourceQuota: self = .deleteResourceQuota
        case .patchDeploymentImage: self = .patchDeploymentImage
        case .scaleDeployment: self = .scaleDeployment
        case .rolloutRestart: self = .rolloutRestart
        case .deletePod: self = .deletePod
        }
    }

    /// The diagnosis' action type (nil for the internal RestoreResourceQuota).
    public var diagnosisType: ActionType? {
        switch self {
        case .deleteResourceQuota: return .deleteResourceQuota
        case .patchDeploymentImage: return .patchDeploymentImage
        case .scaleDeployment: return .scaleDeployment
        case .rolloutRestart: return .rolloutRestart
        case .deletePod: return .deletePod
        case .restoreResourceQuota: return nil
        }
    }

    /// Lower-case name prefix of actions of this type (`deleteresourcequota-x7k2p`).
    public var namePrefix: String { rawValue.lowercased() + "-" }
}
