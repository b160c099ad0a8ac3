import ArgumentParser
import ClusterState
import Diagnosis
import Foundation
import KubeAPI
import KubeModels

/// Where the read-only tool commands read the cluster: `--snapshot` files, else the live cluster.
struct ToolSourceOptions: ParsableArguments {
    @Option(name: .long, help: "Read this snapshot (a kubectl -o json List, an object, or a directory of them) instead of the cluster. Repeatable.")
    var snapshot: [String] = []

    @Option(name: .long, help: "Evaluate as of this RFC 3339 time (default: now, or the snapshot's newest timestamp).")
    var now: String?

    /// The cluster state from the snapshots or the live cluster.
    /// `additional` resources are listed too on a live cluster (skipped when not served).
    func load(_ global: GlobalOptions, additional: [APIResource] = []) async throws -> ClusterState {
        let nowDate = try now.map { text -> Date in
            guard let date = KubeTime.parse(text) else {
                throw ValidationError("--now \(text) is not an RFC 3339 time such as 2026-11-28T10:00:00Z")
            }
            return date
        }
        return try await ClusterLoading.load(global: global, snapshots: snapshot, now: nowDate, additional: additional)
    }
}

extension GlobalOptions {
    /// The namespace filter of a tool: nil means every namespace (`-A`, or no `-n`).
    var toolNamespace: String? { allNamespaces ? nil : namespace }
}

/// Runs a tool, turning its usage errors into argument errors (usage text, exit 64) and its
/// other errors into `Error: ...` with exit status 1.
func runTool<T>(_ body: () throws(ToolError) -> T) throws -> T {
    do {
        return try body()
    } catch .usage(let message) {
        throw ValidationError(message)
    } catch {
        throw error
    }
}
