import Agent
import ArgumentParser
import ClusterState
import Console
import Diagnosis
import Foundation
import KubeAPI
import Remediation

/// `kars-sre serve`: the web console and JSON API (wiring only; the console is in the Console target).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web console: approvals, in-flight actions, workload-aware health, incidents, live updates.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Address to bind (default 127.0.0.1; in-cluster 0.0.0.0 with --auth token).")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(name: .long, help: "Namespace of the KarsSREActions.")
    var sreNamespace: String = "kars-sre"

    @Option(name: .long, help: "local (no token; decisions recorded as the kubeconfig's identity) or token (TokenReview + SubjectAccessReview). Default: token in-cluster, else local.")
    var auth: String?

    @Option(name: .long, help: "Failure events newer than this are active incidents.")
    var incidentWindow: String = "15m"

    @Option(name: .long, help: "Terminal actions that ended within this are listed as recent.")
    var recentWindow: String = "1h"

    @OptionGroup(title: "Chat (the agent; same settings as ask and talk)") var agent: AgentOptions

    @Flag(name: .long, help: "Also run the remediation controller in this process (single replica, no leader election).")
    var withController = false

    @Option(name: .long, help: "With --with-controller: healthy and quiet this long after an action means recovered.")
    var settle: String = "20s"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0...65535") }
        if let auth, !["local", "token"].contains(auth) { throw ValidationError("--auth must be local or token") }
    }

    func run() async throws {
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
        let inCluster = ProcessInfo.processInfo.environment["KUBERNETES_SERVICE_HOST"] != nil
            && global.kubeconfig == nil && ProcessInfo.processInfo.environment["KUBECONFIG"] == nil
        let mode: AuthMode = (auth ?? (inCluster ? "token" : "local")) == "token" ? .tokenReview : .local
        if mode == .local && !loopback {
            throw ValidationError(
                "refusing to bind \(host) with --auth local: anyone who can reach it could approve actions as this console's identity; use --auth token (or bind 127.0.0.1)")
        }
        let agentSettings = try agent.settings()
        let config = try KubeConfigLoader().resolve(kubeconfig: global.kubeconfig, context: global.context, namespace: sreNamespace)
        let metrics = ConsoleMetrics()
        metrics.bootstrapMetricsSystem()
        // Watches hold their connections, so the feed, the requests and the controller get a
        // connection pool each: a long-lived watch never makes an approval wait for a connection.
        func makeClient() throws -> KubeClient {
            KubeClient(
                transport: TimedTransport(base: try HTTPClientTransport(config: config), metrics: metrics),
                defaultNamespace: sreNamespace)
        }
        let client = try makeClient()
        let watchClient = try makeClient()
        let authenticator: any ConsoleAuthenticator
        switch mode {
        case .local:
            authenticator = LocalAuthenticator(identity: try await ApproverIdentity.resolve(client: client, kubeconfigUser: nil))
        case .tokenReview:
            authenticator = TokenReviewAuthenticator(client: client, namespace: sreNamespace)
        }
        let configuration = ConsoleConfiguration(
            host: host, port: port, namespace: sreNamespace, auth: mode,
            incidentWindow: try DurationArgument.parse(incidentWindow, option: "--incident-window"),
            recentWindow: try DurationArgument.parse(recentWindow, option: "--recent-window"),
            chatModel: agentSettings.model)
        let feed = ClusterFeed(client: watchClient, namespace: sreNamespace) { event in
            if case .modified(let object) = event, let action = try? ActionObject(raw: object) {
                await metrics.observeRecovery(action)
            }
        }
        // The chat's tools read through a pool of their own too (a turn lists every kind).
        var chatClient: KubeClient?
        let chat = try ConsoleChat.configured(settings: agentSettings) {
            guard agent.snapshot.isEmpty else {
                return ToolEnvironment(cluster: FixedClusterSource(try SnapshotLoader.load(paths: agent.snapshot, now: nil)))
            }
            let ownClient = try makeClient()
            chatClient = ownClient
            return AgentRuntime.liveEnvironment(
                client: ownClient, config: config, namespace: global.allNamespaces ? nil : global.namespace)
        }.map { ChatRoom(chat: $0) }
        let service = ConsoleService(
            configuration: configuration, feed: feed, actions: ActionClient(client: client, namespace: sreNamespace),
            authenticator: authenticator, metrics: metrics, chat: chat)
        let feedTask = Task { await feed.run() }
        var controllerTask: Task<Void, Never>?
        var controllerClient: KubeClient?
        if withController {
            let ownClient = try KubeClient(config: config)
            controllerClient = ownClient
            let controller = RemediationController(
                configuration: ControllerConfiguration(
                    namespace: sreNamespace, identity: "console-\(ProcessInfo.processInfo.processIdentifier)",
                    writer: WriterIdentity(serviceAccount: "sre-writer", namespace: sreNamespace),
                    settle: try DurationArgument.parse(settle, option: "--settle")),
                dependencies: ControllerDependencies(client: ownClient, writerFactory: ConfigWriterClientFactory(base: config)))
            controllerTask = Task { await controller.run() }
        }
        let server = try await ConsoleServer.start(service)
        let shown = host.contains(":") ? "[\(host)]" : host
        FileHandle.standardOutput.write(
            Data("kars-sre console on http://\(shown):\(server.port)/ (auth \(mode == .local ? "local" : "token"), actions in \(sreNamespace), chat \(chat.map { "on \($0.chat.model)" } ?? "off: no model configured"))\n".utf8))
        let waiting = Task { await server.wait() }
        let signals = [SIGINT, SIGTERM].map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { waiting.cancel() }
            source.resume()
            return source
        }
        await waiting.value
        signals.forEach { $0.cancel() }
        feedTask.cancel()
        controllerTask?.cancel()
        await controllerTask?.value
        try? await client.shutdown()
        try? await watchClient.shutdown()
        try? await controllerClient?.shutdown()
        try? await chatClient?.shutdown()
    }
}
