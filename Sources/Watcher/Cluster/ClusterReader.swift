import ClusterState
import Foundation
import KubeAPI

/// Reads the cluster state a detection cycle diagnoses. The seam between the engine and the API
/// server.
public protocol ClusterReader: Sendable {
    /// The state of one namespace (plus cluster-scoped kinds), or of the whole cluster when nil.
    func load(namespace: String?) async throws -> ClusterState
}

/// `ClusterReader` over `LiveLoader`: one LIST per kind (reads retry 429 and 5xx).
public struct LiveClusterReader: ClusterReader {
    public let client: KubeClient
    public let now: @Sendable () -> Date

    public init(client: KubeClient, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.now = now
    }

    public func load(namespace: String?) async throws -> ClusterState {
        try await LiveLoader(client: client).load(namespace: namespace, now: now()).state
    }
}
