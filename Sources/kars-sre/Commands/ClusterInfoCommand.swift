import ArgumentParser
import Diagnosis
import KubeAPI

/// `kars-sre cluster-info`: server version, reachability, installed kars kinds and identity.
struct ClusterInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster-info",
        abstract: "Show the API server, its version, the kars.azure.com kinds installed and who you are.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let loader = KubeConfigLoader()
        let config = try loader.resolve(kubeconfig: global.kubeconfig, context: global.context, namespace: global.namespace)
        let client = try KubeClient(config: config)
        let info = await ClusterInfo.probe(client: client, config: config, kubeconfigUser: Self.kubeconfigUser(loader, global))
        try? await client.shutdown()
        try OutputRendering.write(info, format: global.output) { info.renderText(style: $0) }
        if !info.reachable { throw ExitCode(2) }
    }

    /// The user name of the selected kubeconfig context, for servers without SelfSubjectReview.
    static func kubeconfigUser(_ loader: KubeConfigLoader, _ global: GlobalOptions) -> String? {
        guard let config = try? loader.loadKubeConfig(explicitPath: global.kubeconfig).config,
            let context = global.context ?? config.currentContext
        else { return nil }
        return config.contexts[context]?.user
    }
}
