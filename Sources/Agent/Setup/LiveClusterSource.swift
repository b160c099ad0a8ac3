import ClusterState
import Diagnosis
import Foundation
import KubeAPI

/// A `ClusterSource` over a live API server: one LIST per kind the tools read (metrics.k8s.io
/// too when served), cached for a few seconds so the several tool calls of one turn see the same
/// state without listing it again.
public actor LiveClusterSource: ClusterSource {
    public let client: KubeClient
    public let namespace: String?
    public let maxAge: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: (state: ClusterState, at: Date)?

    public init(client: KubeClient, namespace: String? = nil, maxAge: TimeInterval = 5, now: @escaping @Sendable () -> Date = Date.init) {
        self.client = client
        self.namespace = namespace
        self.maxAge = maxAge
        self.now = now
    }

    public func clusterState(kinds: [KindRequirement]) async throws -> ClusterState {
        let current = now()
        if let cached, current.timeIntervalSince(cached.at) < maxAge { return cached.state }
        let resources = LiveLoader.defaultResources + [.eventsV1, .podMetrics, .nodeMetrics]
        let (state, _) = try await LiveLoader(client: client, resources: resources).load(namespace: namespace, now: current)
        cached = (state, current)
        return state
    }
}
