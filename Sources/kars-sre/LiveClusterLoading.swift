import ArgumentParser
import ClusterState

/// Reads the live cluster (one LIST per kind) through KubeAPI.
enum LiveClusterLoading {
    static func load(global: GlobalOptions) async throws -> ClusterState {
        throw ValidationError("live cluster access is being wired; pass --snapshot FILE for now")
    }
}
