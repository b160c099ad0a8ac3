/// The identity actions execute as: ServiceAccount `sre-writer` in `kars-sre`, with a token minted
/// per execution by TokenRequest (10 minutes).
public struct WriterIdentity: Sendable, Hashable {
    public var serviceAccount: String
    public var namespace: String
    public var tokenSeconds: Int

    public init(serviceAccount: String = "sre-writer", namespace: String = "kars-sre", tokenSeconds: Int = 600) {
        self.serviceAccount = serviceAccount
        self.namespace = namespace
        self.tokenSeconds = tokenSeconds
    }

    /// `system:serviceaccount:kars-sre:sre-writer`.
    public var username: String { "system:serviceaccount:\(namespace):\(serviceAccount)" }
}
