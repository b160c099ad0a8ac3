import ClusterState
import Foundation
import KubeAPI

/// Reads the live cluster (one LIST per kind) through KubeAPI, as the global flags select it.
enum LiveClusterLoading {
    static func client(global: GlobalOptions) throws -> KubeClient {
        try KubeClient.resolve(kubeconfig: global.kubeconfig, context: global.context, namespace: global.namespace)
    }

    static func load(global: GlobalOptions, now: Date) async throws -> ClusterState {
        let client = try client(global: global)
        do {
            let scope = global.allNamespaces ? nil : global.namespace
            let (state, skipped) = try await LiveLoader(client: client).load(namespace: scope, now: now)
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
