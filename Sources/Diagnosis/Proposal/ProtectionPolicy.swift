import ClusterState
import KubeModels

/// The rules under which no action is ever proposed or executed (DESIGN.md section 4): protected
/// namespaces, controller-managed quotas and any kars.azure.com resource.
public struct ProtectionPolicy: Sendable, Hashable {
    public static let defaultProtectedNamespaces: Set<String> = [
        "kube-system", "kube-public", "kube-node-lease", "kars-system", "kars-sre", "agentmesh",
    ]
    public static let managedByLabel = "kars.azure.com/managed-by"
    public static let governanceGroup = "kars.azure.com"

    public var protectedNamespaces: Set<String>

    public init(protectedNamespaces: Set<String> = ProtectionPolicy.defaultProtectedNamespaces) {
        self.protectedNamespaces = protectedNamespaces
    }

    /// Why the action may not be proposed, or nil when it may. `quotaLabels` are the labels of the
    /// ResourceQuota a DeleteResourceQuota targets; `targetAPIGroup` the group of the target kind.
    public func refusal(for action: ProposedAction, quotaLabels: [String: String]? = nil, targetAPIGroup: String? = nil) -> String? {
        if protectedNamespaces.contains(action.namespace) {
            return "namespace \(action.namespace) is protected: kars-sre never writes there"
        }
        if targetAPIGroup == Self.governanceGroup {
            return "\(action.name) is a kars.azure.com resource: governance objects are never mutated"
        }
        if action.type == .deleteResourceQuota, quotaLabels?[Self.managedByLabel] == "controller" {
            return "ResourceQuota \(action.namespace)/\(action.name) is labelled \(Self.managedByLabel)=controller: "
                + "it is managed by the platform controller and is never deleted; ask the platform team to change its limits"
        }
        return nil
    }
}
