import ArgumentParser

/// Output formats every command supports, as kubectl's `-o`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json, yaml
}

/// The flags every command shares: which cluster, which namespace, which output.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
    var kubeconfig: String?

    @Option(name: .long, help: "The kubeconfig context to use.")
    var context: String?

    @Option(name: [.short, .long], help: "The namespace to look at (default: the context's namespace).")
    var namespace: String?

    @Flag(name: [.customShort("A"), .long], help: "Look at all namespaces.")
    var allNamespaces = false

    @Option(name: [.short, .long], help: "Output format: text, json or yaml.")
    var output: OutputFormat = .text
}
