import Agent
import AsyncHTTPClient
import Console
import Foundation
import KubeAPI
import KubeModels
import NIOCore
import Remediation
import TestSupport
import Testing

@testable import KubeSim

/// KubeSim in-process (optionally with its controllers and the remediation controller), the
/// deploy manifests installed, and the console served on 127.0.0.1 with an ephemeral port.
final class ConsoleHarness: Sendable {
    let sim: KubeSim
    let simulation: KubeSimulation?
    let directory: TemporaryDirectory
    let admin: KubeClient
    /// The console's watches run on their own connection pool, as in `kars-sre serve`.
    let watchClient: KubeClient
    let server: ConsoleServer
    let feedTask: Task<Void, Never>
    let controllerTask: Task<Void, Never>?
    let http: HTTPClient

    var base: String { "http://127.0.0.1:\(server.port)" }

    /// One client for the whole test process (never deinitialised, so a failed test cannot crash
    /// it); redirects are not followed, so tests see the console's 303s.
    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    static func start(
        auth: AuthMode = .local, controllers: Bool = false, remediation: Bool = false, chat: ChatSetup? = nil,
        configure: (inout ConsoleConfiguration) -> Void = { _ in }
    ) async throws -> ConsoleHarness {
        let sim = try await KubeSim.start(KubeSimOptions())
        try await ConsoleManifests.install(sim.store)
        var simulation: KubeSimulation?
        if controllers {
            simulation = await KubeSimulation.start(
                store: sim.store, clock: ScaledClock(speed: 1), options: SimulationOptions(seed: 1),
                bootstrap: ClusterBootstrap(nodes: 2, coreDNS: false))
        }
        let directory = try TemporaryDirectory(prefix: "kars-console")
        let adminPath = directory.file("admin.kubeconfig")
        try sim.writeKubeconfig(to: adminPath)
        let admin = try KubeClient(config: try KubeConfigLoader().resolve(kubeconfig: adminPath))

        var controllerTask: Task<Void, Never>?
        if remediation {
            let minted = try await sim.store.requestToken(
                namespace: "kars-sre", serviceAccount: "kars-sre", request: ["spec": ["expirationSeconds": 7200]])
            let controllerPath = directory.file("controller.kubeconfig")
            try sim.writeKubeconfig(to: controllerPath, token: minted[path: "status", "token"]?.stringValue ?? "", namespace: "kars-sre")
            let controllerConfig = try KubeConfigLoader().resolve(kubeconfig: controllerPath)
            let controller = RemediationController(
                configuration: ControllerConfiguration(
                    identity: "controller-console-test", settle: 0.5, recoveryTimeout: 60, followUpAfter: 60, resync: 1,
                    findingRecheck: 0.5, retryBase: 0.1, errorRetry: 0.2),
                dependencies: ControllerDependencies(
                    client: try KubeClient(config: controllerConfig),
                    writerFactory: ConfigWriterClientFactory(base: controllerConfig), log: RemediationLog.silent))
            controllerTask = Task { await controller.run() }
        }

        var configuration = ConsoleConfiguration(port: 0, auth: auth, updateCoalescing: 0.05, keepAlive: 1)
        configure(&configuration)
        let metrics = ConsoleMetrics()
        let watchClient = try KubeClient(config: try KubeConfigLoader().resolve(kubeconfig: adminPath))
        let feed = ClusterFeed(client: watchClient, namespace: configuration.namespace) { event in
            if case .modified(let object) = event, let action = try? ActionObject(raw: object) {
                await metrics.observeRecovery(action)
            }
        }
        let authenticator: any ConsoleAuthenticator =
            auth == .local
            ? LocalAuthenticator(identity: try await ApproverIdentity.resolve(client: admin, kubeconfigUser: nil))
            : TokenReviewAuthenticator(client: admin, namespace: configuration.namespace, cacheTTL: 0)
        var room: ChatRoom?
        if let chat {
            var settings = AgentSettings()
            settings.endpoint = chat.endpoint
            settings.stateDir = directory.file("agent-state")
            settings.tokenBudget = chat.tokenBudget
            settings.maxRetries = 0
            settings.timeout = 60
            let adminConfig = try KubeConfigLoader().resolve(kubeconfig: adminPath)
            let runtime = try AgentRuntime(settings: settings, environment: AgentRuntime.liveEnvironment(client: admin, config: adminConfig))
            let provider = try #require(try settings.providerConfiguration())
            room = ChatRoom(chat: ConsoleChat(runtime: runtime, llm: HTTPLLMClient(configuration: provider), catalog: chat.catalog))
        }
        let service = ConsoleService(
            configuration: configuration, feed: feed, actions: ActionClient(client: admin), authenticator: authenticator,
            metrics: metrics, chat: room)
        let feedTask = Task { await feed.run() }
        let server = try await ConsoleServer.start(service)
        let harness = ConsoleHarness(
            sim: sim, simulation: simulation, directory: directory, admin: admin, watchClient: watchClient, server: server,
            feedTask: feedTask,
            controllerTask: controllerTask, http: Self.client)
        _ = try await eventually(timeout: 20) { try await harness.get("/readyz").status == 200 }
        return harness
    }

    private init(
        sim: KubeSim, simulation: KubeSimulation?, directory: TemporaryDirectory, admin: KubeClient, watchClient: KubeClient,
        server: ConsoleServer,
        feedTask: Task<Void, Never>, controllerTask: Task<Void, Never>?, http: HTTPClient
    ) {
        self.sim = sim
        self.simulation = simulation
        self.directory = directory
        self.admin = admin
        self.watchClient = watchClient
        self.server = server
        self.feedTask = feedTask
        self.controllerTask = controllerTask
        self.http = http
    }

    func stop() async {
        await server.stop()
        feedTask.cancel()
        controllerTask?.cancel()
        await controllerTask?.value
        await simulation?.stop()
        try? await admin.shutdown()
        try? await watchClient.shutdown()
        await sim.stop()
        directory.remove()
    }

    /// A static token for `user`, optionally bound to a ClusterRole in kars-sre.
    func token(for user: String, clusterRole: String? = nil) async throws -> String {
        let token = "console-\(user)-\(UUID().uuidString)"
        sim.tokens.addStaticToken(token, user: SimUserInfo(username: user, groups: ["system:authenticated"]))
        if let clusterRole { try await sim.store.seed(ConsoleManifests.binding(user: user, clusterRole: clusterRole)) }
        return token
    }

    /// One HTTP answer.
    struct Reply: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> [String] {
            headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
        }

        /// The JSON body.
        var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))) ?? .null }
    }

    func request(_ path: String, method: String = "GET", headers: [(String, String)] = [], body: String? = nil)
        async throws -> Reply
    {
        var request = HTTPClientRequest(url: base + path)
        request.method = method == "POST" ? .POST : .GET
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.body = .bytes(ByteBuffer(string: body))
            if !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
                request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            }
        }
        let response = try await http.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 8 << 20)
        return Reply(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            body: String(buffer: bytes))
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> Reply {
        try await request(path, headers: headers)
    }
}

/// The chat of a harness: a model endpoint (a `FakeModelServer`), the daily token budget, and the
/// tool catalogue the console filters.
struct ChatSetup {
    var endpoint: String
    var tokenBudget: Int? = nil
    var catalog: [AgentTool] = ToolCatalog.all
}

/// Polls until `condition` holds or `timeout` seconds pass; returns whether it held.
@discardableResult
func eventually(timeout: TimeInterval = 10, interval: TimeInterval = 0.05, _ condition: () async throws -> Bool)
    async throws -> Bool
{
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if (try? await condition()) == true { return true }
        try await Task.sleep(for: .milliseconds(Int64(interval * 1000)))
    }
    return try await condition()
}
