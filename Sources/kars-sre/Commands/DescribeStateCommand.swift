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
        let state = try await source.load(global)
        let result = DescribeStateTool.describe(state)
        try OutputRendering.write(result, format: global.output)
    }
}
