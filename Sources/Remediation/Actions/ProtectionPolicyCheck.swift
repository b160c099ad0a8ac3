import Diagnosis
import KubeAPI
import KubeModels

/// The protection rules of DESIGN.md section 4 applied to a KarsSREAction, through the diagnosis'
/// `ProtectionPolicy` so proposal and execution refuse exactly the same things.
public struct ProtectionPolicyCheck: Sendable, Hashable {
    public var policy: ProtectionPolicy

    public init(policy: ProtectionPolicy = ProtectionPolicy()) {
        self.policy = policy
    }

    /// Why the action may not run: a protected namespace, a kars.azure.com target, or (with the live
    /// quota's labels) a controller-managed quota. Nil when allowed.
    public func refusal(
        type: RemediationActionType, target: KarsSREAction.Target, resource: APIResource,
        quotaLabels: [String: String]? = nil
    ) -> String? {
        let proposed = ProposedAction(
            type: type.diagnosisType ?? .deleteResourceQuota, namespace: target.namespace, name: target.name,
            kind: target.kind, container: target.container, image: target.image, replicas: target.replicas)
        if let refusal = policy.refusal(for: proposed, quotaLabels: quotaLabels, targetAPIGroup: resource.group) {
            return refusal
        }
        return nil
    }

    /// Refuses a live target that a kars.azure.com object owns (a sandbox's Deployment): the
    /// governance controller owns it, and governance is never mutated.
    public func ownerRefusal(kind: String, target: KarsSREAction.Target, live: JSONValue?) -> String? {
        for owner in live?[path: "metadata", "ownerReferences"]?.arrayValue ?? [] {
            let apiVersion = owner["apiVersion"]?.stringValue ?? ""
            guard apiVersion.split(separator: "/").first.map(String.init) == ProtectionPolicy.governanceGroup else {
                continue
            }
            let ownerKind = owner["kind"]?.stringValue ?? "object"
            let ownerName = owner["name"]?.stringValue ?? "?"
            return "\(kind) \(target.namespace)/\(target.name) is managed by \(ownerKind) \(ownerName) "
                + "(\(ProtectionPolicy.governanceGroup)): governance objects are never mutated"
        }
        return nil
    }
}
