import KubeAPI

/// Makes the API client that acts as the writer identity from a freshly minted token. The seam
/// lets tests observe or cut the writer's connection.
public protocol WriterClientFactory: Sendable {
    func client(token: String) throws -> KubeClient
}

/// The writer client for the same API server (URL, CA, proxy) as the controller's own
/// configuration, authenticated only by the token.
public struct ConfigWriterClientFactory: WriterClientFactory {
    public var base: KubeClientConfig
    public var retryPolicy: RetryPolicy

    public init(base: KubeClientConfig, retryPolicy: RetryPolicy = .default) {
        self.base = base
        self.retryPolicy = retryPolicy
    }

    public func client(token: String) throws -> KubeClient {
        var config = base
        config.credentials = .bearerToken(token)
        config.tls.clientCertificate = nil
        config.origin = .explicit("one-shot writer token")
        return try KubeClient(config: config, retryPolicy: retryPolicy)
    }
}
