import ClusterState
import Foundation
import KubeAPI

/// Reads the live cluster (one LIST per kind) through KubeAPI, as the global flags select it.
enum LiveClusterLoading {
    static func client(global: GlobalOptions) throws -> KubeClient {
        try KubeClient.resolve(kubeconfig: global.kubeconfig, context: global.context, namespace: global.namespace)
    }

    static func resources(adding additional: [APIResource]) -> [APIResource] {
        LiveLoader.defaultResources + additional.filter { !LiveLoader.defaultResources.contains($0) }
    }

    /// The kars.azure.com kinds the server serves (discovery), or nil when the group is not installed.
    static func karsKinds(global: GlobalOptions) async throws -> [APIResourceInfo]? {
        let client = try client(global: global)
        defer { Task { try? await client.shutdown() } }
        do {
            return try await client.apiResources(group: "kars.azure.com", version: "v1alpha1").filter { !$0.isSubresource }
        } catch let error as KubeAPIError where error.isNotFound {
            return nil
        }
    }

    static func load(global: GlobalOptions, now: Date, additional: [APIResource] = []) async throws -> ClusterState {
        let client = try client(global: global)
        do {
            let scope = global.allNamespaces ? nil : global.namespace
            let (state, skipped) = try await LiveLoader(client: client, resources: Self.resources(adding: additional))
                .load(namespace: scope, now: now)
            for entry in skipped where !entry.reason.hasPrefix("not served") {
                FileHandle.standardError.write(Data("warning: skipped \(entry)\n".utf8))
            }
            try await client.shutdown()
            return state
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
