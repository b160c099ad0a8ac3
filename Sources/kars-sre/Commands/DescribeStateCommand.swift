import ArgumentParser
import Diagnosis

/// `kars-sre describe-state`: the kars.azure.com kinds with counts and not-ready items, and the
/// workload-aware health of every KarsSandbox.
struct DescribeStateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe-state",
        abstract: "Show the kars.azure.com objects and a workload-aware KarsSandbox health table.",
        discussion: """
            Health: Healthy (CR Running and its Deployment available), Workload down (CR Running but its \
            Deployment unavailable or missing), CR-Degraded (Degraded=True, or phase not Running).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var source: ToolSourceOptions

    func run() async throws {
        guard source.snapshot.isEmpty else {
            try OutputRendering.write(DescribeStateTool.describe(try await source.load(global)), format: global.output)
            return
        }
        // Live: the installed kinds come from discovery, and every one of them is listed.
        let discovered = try await LiveClusterLoading.karsKinds(global: global) ?? []
        let state = try await source.load(global, additional: discovered.map(\.resource))
        let result = DescribeStateTool.describe(state, installedKinds: discovered.map { KarsKindInfo(kind: $0.kind, plural: $0.name) })
        try OutputRendering.write(result, format: global.output)
    }
}
