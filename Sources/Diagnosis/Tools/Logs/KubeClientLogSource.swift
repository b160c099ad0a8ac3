import KubeAPI
import KubeModels

/// Reads logs through KubeAPI's pod `log` subresource, at most `limitBytes` per request.
public struct KubeClientLogSource: PodLogSource {
    public let client: KubeClient
    public let limitBytes: Int

    public init(client: KubeClient, limitBytes: Int = LogsTool.maxBytes) {
        self.client = client
        self.limitBytes = limitBytes
    }

    public func logs(namespace: String?, pod: String, container: String?, previous: Bool, tail: Int?) async throws -> String {
        try await client.logs(
            pod: pod, namespace: namespace,
            options: LogOptions(container: container, previous: previous, tailLines: tail, limitBytes: limitBytes))
    }

    /// The pod, to pick its container and check for a previous instance before asking for logs.
    public func pod(namespace: String?, name: String) async throws -> Pod {
        try await client.get(.pods, name: name, namespace: namespace, as: Pod.self)
    }
}
