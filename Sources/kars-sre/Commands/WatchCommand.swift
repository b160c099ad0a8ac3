import ArgumentParser
import Foundation
import KubeAPI
import KubeModels
import Notify
import Remediation
import Watcher

/// `kars-sre watch`: proactive mode. Watches Events cluster-wide, diagnoses each incident's root
/// object, proposes the fix as a KarsSREAction and announces it on the configured channels
/// (Telegram, Slack, Discord, a signed webhook: credentials from the environment or `*_FILE`
/// mounts). Runs until interrupted.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Detect incidents from Events, propose fixes as KarsSREActions and announce them (Telegram, Slack, Discord, webhook).",
        discussion: """
            Channels are configured by environment variables (or NAME_FILE pointing at a mounted file):
            TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID, TELEGRAM_ALLOW_FROM (user IDs allowed to approve),
            SLACK_WEBHOOK_URL, DISCORD_WEBHOOK_URL, WEBHOOK_URL and WEBHOOK_SECRET (HMAC-SHA256 signing).
            HTTPS_PROXY and NO_PROXY are honoured. Without any channel, incidents are printed only.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Namespace glob to watch (repeatable; default kars-*). -A watches every namespace.")
    var include: [String] = []

    @Option(name: .long, help: "Namespace glob to leave out (repeatable; default kars-sre, kars-system, kube-*, agentmesh, default).")
    var exclude: [String] = []

    @Option(name: .long, help: "List Events at this interval instead of watching them, e.g. 10s.")
    var poll: String?

    @Option(name: .long, help: "Announce a finding without an action at most once per this period, e.g. 30m.")
    var cooldown: String = "30m"

    @Option(name: .long, help: "Messages allowed per minute, cluster-wide (the rest are summarised).")
    var rateLimit: Int = 4

    @Option(name: .long, help: "Re-read the KarsSREActions into the dedupe state this often, e.g. 60s.")
    var resync: String = "60s"

    @Option(name: .long, help: "Minutes a proposed action waits for approval before it expires (1-1440).")
    var ttl: Int = 30

    @Option(name: .long, help: "Base URL of the web console, for links in messages.")
    var consoleURL: String?

    @Option(name: .long, help: "Namespace of the KarsSREActions.")
    var sreNamespace: String = "kars-sre"

    @Option(name: .long, help: "Re-diagnose failures that have no action yet this often, e.g. 10s (off: never).")
    var recheck: String = "10s"

    @Option(name: .long, help: "Keep re-checking a failure this long after its event, e.g. 10m.")
    var recheckWindow: String = "10m"

    @Flag(name: .long, help: "Announce only; do not create KarsSREActions.")
    var noActions = false

    func validate() throws {
        guard (1...1440).contains(ttl) else { throw ValidationError("--ttl must be between 1 and 1440 minutes") }
        guard rateLimit >= 1 else { throw ValidationError("--rate-limit must be at least 1") }
    }

    func makeConfiguration() throws -> WatcherConfiguration {
        var configuration = WatcherConfiguration()
        if global.allNamespaces {
            configuration.scope = .all
        } else {
            configuration.scope = NamespaceScope(
                include: include.isEmpty ? (global.namespace.map { [$0] } ?? NamespaceScope.defaultInclude) : include,
                exclude: exclude.isEmpty ? NamespaceScope.defaultExclude : exclude)
        }
        if let poll {
            configuration.mode = .poll(interval: .milliseconds(Int64(try DurationArgument.parse(poll, option: "--poll") * 1000)))
        }
        configuration.cooldown = try DurationArgument.parse(cooldown, option: "--cooldown")
        configuration.resync = .milliseconds(Int64(try DurationArgument.parse(resync, option: "--resync") * 1000))
        configuration.rateLimit = rateLimit
        configuration.actionTTLMinutes = ttl
        configuration.consoleURL = consoleURL
        configuration.createActions = !noActions
        if recheck == "off" {
            configuration.recheckWindow = 0
        } else {
            configuration.recheckInterval = max(try DurationArgument.parse(recheck, option: "--recheck"), 1)
            configuration.recheckWindow = try DurationArgument.parse(recheckWindow, option: "--recheck-window")
        }
        return configuration
    }

    func run() async throws {
        let configuration = try makeConfiguration()
        let environment = ProcessInfo.processInfo.environment
        let channels = try NotifyConfiguration.from(environment: environment)
        let log: @Sendable (String) -> Void = { line in
            FileHandle.standardError.write(Data("\(KubeTime.format(Date())) \(line)\n".utf8))
        }
        for warning in channels.warnings { log("warning: \(warning)") }
        var notifiers = try channels.notifiers(environment: environment)
        notifiers.append(LogNotifier(log: log))
        let dispatcher = NotificationDispatcher(channels: notifiers, log: log)
        let client = try LiveClusterLoading.client(global: global)
        let actions = ActionClient(client: client, namespace: sreNamespace)
        let watcher = Watcher(configuration: configuration, client: client, actions: actions, dispatcher: dispatcher, log: log)
        log("watching: mode \(configuration.mode), namespaces \(configuration.scope), channels: \(channels)")

        let work = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await watcher.run() }
                if let telegram = channels.telegram, !telegram.allowFrom.isEmpty {
                    let api = TelegramAPI(
                        token: telegram.token, base: telegram.apiBase,
                        http: ChannelHTTP(channel: "telegram", url: telegram.apiBase, environment: environment))
                    let bot = TelegramBot(
                        api: api, allowFrom: telegram.allowFrom, actions: ActionClientOperations(client: actions),
                        status: { await watcher.status() }, log: log)
                    group.addTask { await bot.run() }
                }
            }
        }
        let signals = SignalWaiter(signals: [SIGINT, SIGTERM]) { work.cancel() }
        await work.value
        signals.stop()
        log("stopping: \(await watcher.status().replacingOccurrences(of: "\n", with: "; "))")
        await dispatcher.shutdown()
        try? await client.shutdown()
    }
}

/// Prints each message on stderr (always on, so `kars-sre watch` without channels still shows incidents).
struct LogNotifier: Notifier {
    let name = "log"
    let log: @Sendable (String) -> Void

    func send(_ notification: IncidentNotification) async throws {
        log("incident: " + notification.plainText.replacingOccurrences(of: "\n", with: "\n    "))
    }
}

/// Runs `handler` on the first of `signals` (the default action is suspended while it waits).
final class SignalWaiter: @unchecked Sendable {
    // Written once in init, then only cancelled.
    private let sources: [any DispatchSourceSignal]

    init(signals: [Int32], handler: @escaping @Sendable () -> Void) {
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    func stop() {
        for source in sources { source.cancel() }
    }
}
