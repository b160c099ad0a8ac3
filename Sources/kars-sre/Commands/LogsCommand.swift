import ArgumentParser
import Diagnosis
import KubeModels

/// `kars-sre logs POD [-c C] [--previous] [--tail N]`: the last lines of a container, capped at
/// 500, control characters removed and secret-looking values masked. Live cluster only.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Show the last lines (at most 500) of a container's log, with secrets masked.",
        discussion: """
            Reads the pod log subresource of the live cluster. Without -c the pod's only container (or its \
            kubectl.kubernetes.io/default-container) is used. --previous reads the instance before the last \
            restart, the one that crashed.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The pod name (or pod/NAME).")
    var pod: String

    @Option(name: [.short, .long], help: "The container (default: the pod's only or default container).")
    var container: String?

    @Flag(name: .long, help: "Read the previous (crashed) instance of the container.")
    var previous = false

    @Option(name: .long, help: "How many of the last lines to show (at most \(LogsTool.maxLines)).")
    var tail: Int = LogsTool.maxLines

    func run() async throws {
        guard tail > 0 else { throw ValidationError("--tail must be at least 1") }
        let name = pod.split(separator: "/").last.map(String.init) ?? pod
        let client = try LiveClusterLoading.client(global: global)
        let source = KubeClientLogSource(client: client)
        let request = LogsTool.Request(namespace: global.namespace, pod: name, container: container, previous: previous, tail: tail)
        do {
            // The pod itself lets us pick the container and refuse --previous early; without read
            // access to it the log request alone decides.
            let object: Pod? = try? await source.pod(namespace: global.namespace, name: name)
            var result = try await LogsTool.fetch(request, pod: object, from: source)
            if tail > LogsTool.maxLines { result.note = "--tail is capped at \(LogsTool.maxLines) lines" }
            try? await client.shutdown()
            try OutputRendering.write(result, format: global.output)
        } catch ToolError.usage(let message) {
            try? await client.shutdown()
            throw ValidationError(message)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
