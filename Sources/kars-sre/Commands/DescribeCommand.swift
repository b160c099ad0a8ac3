import ArgumentParser
import Diagnosis

/// `kars-sre describe KIND/NAME`: the owner graph around an object with events at every level.
struct DescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Show an object with its owner graph and the events at every level.",
        discussion: """
            Deployment → ReplicaSets (revision, replicas, images) → Pods (phase, ready, restarts, reasons, node); \
            StatefulSet/DaemonSet/Job → Pods; CronJob → Jobs → Pods; Service → EndpointSlices → Pods; \
            Node → its pods; Pod → its claims, and its controllers up. Without -n the name is looked up in \
            every namespace.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var source: ToolSourceOptions

    @Argument(help: "KIND/NAME or KIND NAME, e.g. deployment/web, svc web, pod web-5d8f7-x2x7k.")
    var object: [String] = []

    func run() async throws {
        let state = try await source.load(global)
        let result = try runTool { () throws(ToolError) in
            try DescribeTool.describe(object, namespace: global.toolNamespace, in: state)
        }
        try OutputRendering.write(result, format: global.output)
    }
}
