import Agent
import Console
import Foundation
import KubeAPI
import KubeModels
import Logging
import Notify
import Remediation
import ServiceLifecycle
import Watcher

/// `kars-sre run`, the in-cluster process: the console on every replica, and on the Lease holder
/// the remediation controller, the incident watcher and the notifiers, in one service group that
/// shuts down gracefully on SIGTERM or SIGINT (the leader gives its Lease up on the way out).
public struct RunProcess: Sendable {
    public let configuration: RunConfiguration
    public let kube: KubeClientConfig
    /// The process environment (notifier credentials and `$POD_NAME`).
    public let environment: [String: String]
    public let log: @Sendable (String) -> Void

    public init(
        configuration: RunConfiguration, kube: KubeClientConfig, environment: [String: String],
        log: @escaping @Sendable (String) -> Void
    ) {
        self.configuration = configuration
        self.kube = kube
        self.environment = environment
        self.log = log
    }

    /// This replica's name: the configured identity, else `$POD_NAME`, else host name and pid.
    public var identity: String {
        configuration.identity ?? environment["POD_NAME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Runs until SIGTERM/SIGINT (or until a service fails, which is thrown).
    public func run(announceConsole: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let identity = self.identity
        let namespace = configuration.namespace
        let log = self.log
        // The notifier channels: the notify.* settings, under the process's own variables.
        let notifyEnvironment = configuration.notifyEnvironment.merging(environment) { _, process in process }
        let channels: NotifyConfiguration
        do { channels = try NotifyConfiguration.from(environment: notifyEnvironment) } catch {
            throw RunConfigurationError(problems: ["notifier channels: \(error)"])
        }
        for warning in channels.warnings { log("warning: \(warning)") }
        let notifiers = try channels.notifiers(environment: notifyEnvironment)

        let metrics = ConsoleMetrics()
        metrics.bootstrapMetricsSystem()
        var clients: [KubeClient] = []
        func makeClient(timed: Bool = false) throws -> KubeClient {
            let client =
                timed
                ? KubeClient(
                    transport: TimedTransport(base: try HTTPClientTransport(config: kube), metrics: metrics),
                    defaultNamespace: namespace)
                : try KubeClient(config: kube)
            clients.append(client)
            return client
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        var logger = Logger(label: "kars-sre.run")
        logger.logLevel = .warning

        if configuration.consoleEnabled {
            let client = try makeClient(timed: true)
            let watchClient = try makeClient(timed: true)
            let authenticator: any ConsoleAuthenticator
            switch configuration.console.auth {
            case .local:
                authenticator = LocalAuthenticator(
                    identity: try await ApproverIdentity.resolve(client: client, kubeconfigUser: nil))
            case .tokenReview:
                authenticator = TokenReviewAuthenticator(client: client, namespace: namespace)
            }
            let settings = configuration.console
            let consoleConfiguration = ConsoleConfiguration(
                host: settings.host, port: settings.port, namespace: namespace, auth: settings.auth,
                incidentWindow: settings.incidentWindow, recentWindow: settings.recentWindow,
                chatModel: environment["KARS_SRE_LLM_MODEL"])
            let feed = ClusterFeed(client: watchClient, namespace: namespace) { event in
                if case .modified(let object) = event, let action = try? ActionObject(raw: object) {
                    await metrics.observeRecovery(action)
                }
            }
            // The chat page, when the LLM is configured (KARS_SRE_LLM_*: deploy/overlays/llm).
            let chat: ConsoleChat?
            do {
                chat = try ConsoleChat.configured(settings: AgentSettings.fromEnvironment(environment)) {
                    AgentRuntime.liveEnvironment(client: try makeClient(timed: true), config: kube)
                }
            } catch {
                throw RunConfigurationError(problems: ["the console's chat (KARS_SRE_LLM_* settings): \(error)"])
            }
            let service = ConsoleService(
                configuration: consoleConfiguration, feed: feed,
                actions: ActionClient(client: client, namespace: namespace),
                authenticator: authenticator, metrics: metrics, chat: chat.map { ChatRoom(chat: $0) })
            services.append(.init(service: ConsoleHTTPService(service: service, announce: announceConsole)))
        }

        var dispatcher: NotificationDispatcher?
        if configuration.controllerEnabled || configuration.watcherEnabled {
            let leaderClient = try makeClient()
            let controllerClient = try makeClient()
            let watcherClient = try makeClient()
            let settings = configuration.controller
            let controller = RemediationController(
                configuration: ControllerConfiguration(
                    namespace: namespace, identity: identity,
                    writer: WriterIdentity(serviceAccount: settings.writer, namespace: namespace),
                    settle: settings.settle,
                    recoveryTimeout: settings.recoveryTimeout, followUpAfter: settings.followUpAfter,
                    retention: settings.retention, resync: settings.resync,
                    budget: ExecutionBudget(limit: settings.budget),
                    leaderElection: nil),
                dependencies: ControllerDependencies(
                    client: controllerClient, writerFactory: ConfigWriterClientFactory(base: kube), log: log))
            let dispatch = NotificationDispatcher(
                channels: notifiers + [LogLineNotifier(log: log)], log: log,
                metrics: NotificationMetrics(factory: metrics.factory))
            dispatcher = dispatch
            let actions = ActionClient(client: watcherClient, namespace: namespace)
            let watcher = Watcher(
                configuration: configuration.watcher, client: watcherClient, actions: actions, dispatcher: dispatch,
                log: log, metrics: DetectionMetrics(factory: metrics.factory))
            let telegram = channels.telegram.flatMap { $0.allowFrom.isEmpty ? nil : $0 }
            let runController = configuration.controllerEnabled
            let runWatcher = configuration.watcherEnabled
            let work: @Sendable () async -> Void = {
                await withDiscardingTaskGroup { group in
                    if runController { group.addTask { await controller.run() } }
                    if runWatcher {
                        group.addTask { await watcher.run() }
                        group.addTask {
                            // Events already in the cluster are absorbed when the feed primes: say
                            // when detection starts (both event APIs listed), for operators and tests.
                            while await watcher.engine.statistics.snapshots < 2 {
                                do { try await Task.sleep(for: .milliseconds(100)) } catch { return }
                            }
                            log("watcher primed: detecting new failure events in \(configuration.watcher.scope)")
                        }
                    }
                    if let telegram {
                        let api = TelegramAPI(
                            token: telegram.token, base: telegram.apiBase,
                            http: ChannelHTTP(
                                channel: "telegram", url: telegram.apiBase, environment: notifyEnvironment))
                        let bot = TelegramBot(
                            api: api, allowFrom: telegram.allowFrom, actions: ActionClientOperations(client: actions),
                            status: { await watcher.status() }, log: log)
                        group.addTask { await bot.run() }
                    }
                }
            }
            services.append(
                .init(
                    service: LeaderLoopService(
                        configuration: configuration, identity: identity, client: leaderClient,
                        leadership: Leadership(isLeader: false), log: log, work: work)))
        }

        log(
            "kars-sre run \(identity): namespace \(namespace), leader election \(configuration.leaderElection == nil ? "off" : "on"), "
                + "controller \(configuration.controllerEnabled ? "on" : "off"), watcher \(configuration.watcherEnabled ? "on (\(configuration.watcher.scope))" : "off"), "
                + "console \(configuration.consoleEnabled ? "on" : "off"), channels: \(channels), API server \(kube.server)"
        )
        var groupConfiguration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .milliseconds(Int64(configuration.shutdownTimeout * 1000))
        groupConfiguration.maximumCancellationDuration = .seconds(5)
        let group = ServiceGroup(configuration: groupConfiguration)
        let outcome: Error?
        do {
            try await group.run()
            outcome = nil
        } catch {
            outcome = error
        }
        await dispatcher?.shutdown()
        for client in clients { try? await client.shutdown() }
        log("kars-sre run \(identity) stopped")
        if let outcome { throw outcome }
    }
}

/// Every announcement also goes to the log, so a run without channels still shows its incidents.
struct LogLineNotifier: Notifier {
    let name = "log"
    let log: @Sendable (String) -> Void

    func send(_ notification: IncidentNotification) async throws {
        log("incident: " + notification.plainText.replacingOccurrences(of: "\n", with: "\n    "))
    }
}
