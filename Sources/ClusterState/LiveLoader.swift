import Foundation
import KubeAPI
import KubeModels

/// Builds a `ClusterState` from a live API server: one paginated LIST per kind, the kinds fetched
/// concurrently. Kinds that are not served (a CRD not installed) or not readable (RBAC) are skipped
/// and reported, so a partial view still diagnoses what it can.
public struct LiveLoader: Sendable {
    /// The kinds the analyzers read. Secrets and ConfigMaps are not listed: their contents are
    /// never needed and the reader role does not grant them.
    public static let defaultResources: [APIResource] = [
        .namespaces, .nodes, .pods, .events, .services, .endpointSlices, .resourceQuotas, .persistentVolumeClaims,
        .deployments, .replicaSets, .statefulSets, .daemonSets, .jobs, .cronJobs, .karsSandboxes, .karsSREActions,
    ]

    /// Why a kind is missing from the state.
    public struct Skipped: Sendable, Hashable, CustomStringConvertible {
        public var resource: String
        public var reason: String
        public var description: String { "\(resource): \(reason)" }
    }

    public let client: KubeClient
    public let resources: [APIResource]

    public init(client: KubeClient, resources: [APIResource] = LiveLoader.defaultResources) {
        self.client = client
        self.resources = resources
    }

    /// Lists every kind (namespaced kinds only in `namespace` when given) and builds the state.
    public func load(namespace: String? = nil, now: Date = Date()) async throws -> (state: ClusterState, skipped: [Skipped]) {
        let results = try await withThrowingTaskGroup(of: (Int, [KubeObject]?, Skipped?).self) { group in
            for (index, resource) in resources.enumerated() {
                group.addTask {
                    do {
                        let scope = resource.namespaced && resource != .karsSandboxes ? namespace : nil
                        let list = try await client.listAll(resource, namespace: scope, options: ListOptions())
                        let objects = try list.items.map { try KubeObject(raw: $0) }
                        return (index, objects, nil)
                    } catch let error as KubeAPIError where error.isNotFound || error.isForbidden {
                        let reason = error.isNotFound ? "not served by this cluster" : "forbidden: \(error.message)"
                        return (index, nil, Skipped(resource: resource.description, reason: reason))
                    }
                }
            }
            var collected: [(Int, [KubeObject]?, Skipped?)] = []
            for try await result in group { collected.append(result) }
            return collected.sorted { $0.0 < $1.0 }
        }
        let objects = results.flatMap { $0.1 ?? [] }
        return (try ClusterState(objects: objects, now: now), results.compactMap(\.2))
    }
}
