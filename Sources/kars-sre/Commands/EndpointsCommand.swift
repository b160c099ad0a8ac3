import ArgumentParser
import Diagnosis

/// `kars-sre endpoints SERVICE`: why a Service has or lacks endpoints, with the evidence.
struct EndpointsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endpoints",
        abstract: "Explain a Service's endpoints: selector matches, pod readiness, targetPort exposure.",
        discussion: """
            Verdicts: no pods match the selector (with the pods that miss it by one label and the workloads \
            whose template matches, e.g. scaled to 0) / pods match but none is Ready / targetPort not exposed \
            by the selected pods / OK. Without -n the Service is looked up in every namespace.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var source: ToolSourceOptions

    @Argument(help: "The Service name (or svc/NAME).")
    var service: String

    func run() async throws {
        let state = try await source.load(global)
        let name = service.split(separator: "/").last.map(String.init) ?? service
        let result = try runTool { () throws(ToolError) in
            try EndpointsTool.inspect(service: name, namespace: global.toolNamespace, in: state)
        }
        try OutputRendering.write(result, format: global.output)
    }
}
