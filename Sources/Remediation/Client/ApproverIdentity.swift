import KubeAPI

/// Who approves or rejects: the name the API server confirms (SelfSubjectReview), or on servers
/// older than 1.28 that do not serve it, the kubeconfig's user name, marked unverified.
public struct ApproverIdentity: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var verified: Bool

    public init(name: String, verified: Bool) {
        self.name = name
        self.verified = verified
    }

    /// Asks the API server who we are; falls back to `kubeconfigUser` when SelfSubjectReview is not served.
    public static func resolve(client: KubeClient, kubeconfigUser: String?) async throws -> ApproverIdentity {
        do {
            let user = try await client.selfSubjectReview()
            return ApproverIdentity(name: user.username, verified: true)
        } catch let error as KubeAPIError where error.isNotFound || error.httpCode == 405 {
            return ApproverIdentity(name: kubeconfigUser ?? "unknown", verified: false)
        }
    }

    public var description: String { verified ? name : "\(name) (unverified)" }
}
