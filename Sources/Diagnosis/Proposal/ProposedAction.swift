/// The closed set of typed actions (DESIGN.md section 4).
public enum ActionType: String, Codable, Sendable, CaseIterable {
    case deleteResourceQuota = "DeleteResourceQuota"
    case patchDeploymentImage = "PatchDeploymentImage"
    case scaleDeployment = "ScaleDeployment"
    case rolloutRestart = "RolloutRestart"
    case deletePod = "DeletePod"
}

/// A typed action with its target fields flat beside `type`, as `diagnose --output json` prints it.
public struct ProposedAction: Codable, Sendable, Hashable {
    public var type: ActionType
    public var namespace: String
    public var name: String
    /// Workload kind, for RolloutRestart (Deployment, StatefulSet, DaemonSet).
    public var kind: String?
    public var container: String?
    public var image: String?
    public var replicas: Int?

    public init(
        type: ActionType, namespace: String, name: String, kind: String? = nil, container: String? = nil,
        image: String? = nil, replicas: Int? = nil
    ) {
        self.type = type
        self.namespace = namespace
        self.name = name
        self.kind = kind
        self.container = container
        self.image = image
        self.replicas = replicas.map { min(max($0, 0), ProposedAction.maxReplicas) }
    }

    /// ScaleDeployment replicas are clamped to 0...50.
    public static let maxReplicas = 50

    public static func deleteResourceQuota(namespace: String, name: String) -> ProposedAction {
        ProposedAction(type: .deleteResourceQuota, namespace: namespace, name: name)
    }

    public static func patchDeploymentImage(namespace: String, name: String, container: String, image: String) -> ProposedAction {
        ProposedAction(type: .patchDeploymentImage, namespace: namespace, name: name, container: container, image: image)
    }

    public static func scaleDeployment(namespace: String, name: String, replicas: Int) -> ProposedAction {
        ProposedAction(type: .scaleDeployment, namespace: namespace, name: name, replicas: replicas)
    }

    public static func deletePod(namespace: String, name: String) -> ProposedAction {
        ProposedAction(type: .deletePod, namespace: namespace, name: name)
    }

    public static func rolloutRestart(namespace: String, kind: String, name: String) -> ProposedAction {
        ProposedAction(type: .rolloutRestart, namespace: namespace, name: name, kind: kind)
    }

    /// `Type/namespace/name`: the dedupe key of DESIGN.md section 6 (`source.incidentKey`).
    public var incidentKey: String { "\(type.rawValue)/\(namespace)/\(name)" }
}
