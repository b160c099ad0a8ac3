import ArgumentParser
import Diagnosis
import KubeAPI

/// `kars-sre top pods|nodes`: metrics.k8s.io usage against requests, limits and allocatable.
struct TopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract: "Show CPU and memory usage of pods or nodes against requests, limits and allocatable.",
        discussion: """
            Reads PodMetrics/NodeMetrics of metrics.k8s.io. When the API is not served (metrics-server not \
            installed) it says so instead of failing. `top nodes` also shows the share of allocatable that \
            the node's pods request, which is what the scheduler looks at.
            """)

    /// What to show.
    enum Target: String, ExpressibleByArgument, CaseIterable {
        case pods, pod, po, nodes, node, no
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var source: ToolSourceOptions

    @Argument(help: "pods or nodes.")
    var target: Target

    @Option(name: .long, help: "Order rows by name, cpu or memory.")
    var sortBy: String = "name"

    func run() async throws {
        guard let sort = TopSort(rawValue: sortBy) else { throw ValidationError("--sort-by must be name, cpu or memory") }
        let state = try await source.load(global, additional: [.podMetrics, .nodeMetrics])
        let metrics = MetricsSnapshot.from(state)
        switch target {
        case .pods, .pod, .po:
            try OutputRendering.write(TopTool.pods(in: state, metrics: metrics, namespace: global.toolNamespace, sortBy: sort), format: global.output)
        case .nodes, .node, .no:
            try OutputRendering.write(TopTool.nodes(in: state, metrics: metrics, sortBy: sort), format: global.output)
        }
    }
}
