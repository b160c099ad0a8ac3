import ArgumentParser
import ClusterState
import Foundation
import KubeAPI

/// Builds the `ClusterState` a command reads: from `--snapshot` files when given, else live.
enum ClusterLoading {
    static func load(
        global: GlobalOptions, snapshots: [String], now: Date? = nil, additional: [APIResource] = []
    ) async throws -> ClusterState {
        if !snapshots.isEmpty {
            return try SnapshotLoader.load(paths: snapshots, now: now)
        }
        return try await LiveClusterLoading.load(global: global, now: now ?? Date(), additional: additional)
    }
}
