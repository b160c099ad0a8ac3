import Console
import Foundation
import Remediation
import Watcher

/// The validated settings of `kars-sre run`, merged from flags, environment and the config file
/// (in that order of precedence, over the defaults of `RunSettings.all`). Building one checks every
/// value and reports every problem at once, so a misconfigured Deployment fails at start with a
/// message naming each setting, rather than misbehaving later.
public struct RunConfiguration: Sendable {
    public var namespace: String
    /// This replica's name; nil means `$POD_NAME`, else host name and process id.
    public var identity: String?
    public var shutdownTimeout: TimeInterval
    /// nil: leader election off (a single replica).
    public var leaderElection: LeaderElectionConfiguration?
    public var controllerEnabled: Bool
    public var controller: ControllerSettings
    public var watcherEnabled: Bool
    public var watcher: WatcherConfiguration
    public var consoleEnabled: Bool
    public var console: ConsoleSettings
    /// Notifier variables in the `NotifyConfiguration` vocabulary (`TELEGRAM_BOT_TOKEN_FILE`, ...)
    /// derived from the `notify.*` settings; the process environment's own variables win over them.
    public var notifyEnvironment: [String: String]
    /// Each setting's effective value and where it came from, for the start-up log (secret files
    /// are paths, never contents).
    public var effective: [(key: String, value: String, source: String)]

    /// The controller's durations and limits (see `ControllerConfiguration`).
    public struct ControllerSettings: Sendable {
        public var settle: TimeInterval
        public var recoveryTimeout: TimeInterval
        public var followUpAfter: TimeInterval
        public var resync: TimeInterval
        public var retention: TimeInterval
        public var budget: Int
        public var writer: String
    }

    /// Where and how the console listens.
    public struct ConsoleSettings: Sendable {
        public var host: String
        public var port: Int
        public var auth: AuthMode
        public var url: String?
        public var incidentWindow: TimeInterval
        public var recentWindow: TimeInterval
    }

    /// Merges the layers, first one winning (flags, environment, file), and validates.
    public static func resolve(layers: [ConfigLayer]) throws -> RunConfiguration {
        var problems: [String] = []
        var chosen: [String: (value: ConfigValue, source: String)] = [:]
        for setting in RunSettings.all {
            if let layer = layers.first(where: { $0.values[setting.key] != nil }), let value = layer.values[setting.key]
            {
                chosen[setting.key] = (value, layer.source)
            } else if let fallback = setting.defaultValue {
                chosen[setting.key] = (
                    setting.isList ? .list(ConfigValue.scalar(fallback).items) : .scalar(fallback), "default"
                )
            }
        }
        for setting in RunSettings.all {
            guard let (value, source) = chosen[setting.key] else { continue }
            if let problem = SettingParser.problem(setting, value) {
                let origin = source == "environment" ? "environment \(setting.environmentName)" : source
                problems.append("\(setting.key) (from \(origin)): \(problem)")
            }
        }
        if !problems.isEmpty { throw RunConfigurationError(problems: problems) }

        let reader = Reader(chosen: chosen)
        var configuration = RunConfiguration(
            namespace: reader.text("namespace") ?? "kars-sre",
            identity: reader.text("identity"),
            shutdownTimeout: reader.duration("shutdownTimeout"),
            leaderElection: nil,
            controllerEnabled: reader.bool("controller.enabled"),
            controller: ControllerSettings(
                settle: reader.duration("controller.settle"),
                recoveryTimeout: reader.duration("controller.recoveryTimeout"),
                followUpAfter: reader.duration("controller.followUpAfter"),
                resync: reader.duration("controller.resync"),
                retention: reader.duration("controller.retention"), budget: reader.integer("controller.budget"),
                writer: reader.text("controller.writer") ?? "sre-writer"),
            watcherEnabled: reader.bool("watcher.enabled"),
            watcher: WatcherConfiguration(),
            consoleEnabled: reader.bool("console.enabled"),
            console: ConsoleSettings(
                host: reader.text("console.host") ?? "0.0.0.0", port: reader.integer("console.port"),
                auth: reader.text("console.auth") == "local" ? .local : .tokenReview, url: reader.text("console.url"),
                incidentWindow: reader.duration("console.incidentWindow"),
                recentWindow: reader.duration("console.recentWindow")),
            notifyEnvironment: [:], effective: [])

        if reader.bool("leaderElection.enabled") {
            let election = LeaderElectionConfiguration(
                leaseName: reader.text("leaderElection.leaseName") ?? "kars-sre-controller",
                leaseDuration: reader.duration("leaderElection.leaseDuration"),
                renewDeadline: reader.duration("leaderElection.renewDeadline"),
                retryPeriod: reader.duration("leaderElection.retryPeriod"))
            if election.renewDeadline >= election.leaseDuration {
                problems.append(
                    "leaderElection.renewDeadline (\(chosen["leaderElection.renewDeadline"]?.source ?? "default")) must be shorter than leaderElection.leaseDuration, or two replicas could both act"
                )
            }
            if election.retryPeriod >= election.renewDeadline {
                problems.append(
                    "leaderElection.retryPeriod must be shorter than leaderElection.renewDeadline, or the leader cannot renew in time"
                )
            }
            configuration.leaderElection = election
        }

        var watcher = WatcherConfiguration()
        watcher.scope = NamespaceScope(include: reader.list("watcher.include"), exclude: reader.list("watcher.exclude"))
        if chosen["watcher.poll"] != nil {
            watcher.mode = .poll(interval: .milliseconds(Int64(reader.duration("watcher.poll") * 1000)))
        }
        watcher.cooldown = reader.duration("watcher.cooldown")
        watcher.rateLimit = reader.integer("watcher.rateLimit")
        watcher.resync = .milliseconds(Int64(reader.duration("watcher.resync") * 1000))
        watcher.actionTTLMinutes = reader.integer("watcher.ttlMinutes")
        watcher.createActions = reader.bool("watcher.createActions")
        watcher.consoleURL = reader.text("console.url")
        configuration.watcher = watcher

        if configuration.console.auth == .local,
            !["127.0.0.1", "localhost", "::1"].contains(configuration.console.host)
        {
            problems.append(
                "console.auth local with console.host \(configuration.console.host): anyone who can reach the console could approve actions as its identity; use console.auth token, or console.host 127.0.0.1"
            )
        }
        if !configuration.controllerEnabled && !configuration.watcherEnabled && !configuration.consoleEnabled {
            problems.append("controller.enabled, watcher.enabled and console.enabled are all false: nothing would run")
        }
        if reader.text("notify.telegram.tokenFile") != nil, reader.text("notify.telegram.chatID") == nil {
            problems.append(
                "notify.telegram.tokenFile is set but notify.telegram.chatID is not: set the chat incidents go to")
        }
        if !problems.isEmpty { throw RunConfigurationError(problems: problems) }

        let notifyNames: [(String, String)] = [
            ("notify.telegram.tokenFile", "TELEGRAM_BOT_TOKEN_FILE"), ("notify.telegram.chatID", "TELEGRAM_CHAT_ID"),
            ("notify.slack.webhookURLFile", "SLACK_WEBHOOK_URL_FILE"),
            ("notify.discord.webhookURLFile", "DISCORD_WEBHOOK_URL_FILE"),
            ("notify.webhook.urlFile", "WEBHOOK_URL_FILE"), ("notify.webhook.secretFile", "WEBHOOK_SECRET_FILE"),
        ]
        for (key, variable) in notifyNames {
            if let value = reader.text(key) { configuration.notifyEnvironment[variable] = value }
        }
        if chosen["notify.telegram.allowFrom"] != nil {
            configuration.notifyEnvironment["TELEGRAM_ALLOW_FROM"] = reader.list("notify.telegram.allowFrom").joined(
                separator: ",")
        }
        configuration.effective = RunSettings.all.compactMap { setting in
            guard let (value, source) = chosen[setting.key] else { return nil }
            let text: String
            switch value {
            case .scalar(let scalar): text = scalar
            case .list: text = value.items.joined(separator: ",")
            }
            return (setting.key, text, source)
        }
        return configuration
    }

    /// The usual layering: `--set` and named flags, then `KARS_SRE_*`, then the config file
    /// (`--config`, else `$KARS_SRE_RUN_CONFIG`, else none).
    public static func load(
        flags: [(key: String, value: String)], environment: [String: String], configFile: String?
    ) throws -> RunConfiguration {
        var problems: [String] = []
        var layers: [ConfigLayer] = []
        for make in [
            { try ConfigLayer.flags(flags) }, { try ConfigLayer.environment(environment) },
            {
                guard let path = configFile ?? environment[RunSettings.configFileVariable], !path.isEmpty else {
                    return ConfigLayer(source: "no config file")
                }
                return try ConfigLayer.file(at: path)
            },
        ] as [() throws -> ConfigLayer] {
            do { layers.append(try make()) } catch let error as RunConfigurationError { problems += error.problems }
        }
        if !problems.isEmpty { throw RunConfigurationError(problems: problems) }
        return try resolve(layers: layers)
    }

    /// Reads already validated values.
    private struct Reader {
        let chosen: [String: (value: ConfigValue, source: String)]

        func text(_ key: String) -> String? {
            guard case .scalar(let text)? = chosen[key]?.value else { return nil }
            return text
        }
        func list(_ key: String) -> [String] { chosen[key]?.value.items ?? [] }
        func duration(_ key: String) -> TimeInterval { text(key).flatMap(SettingParser.duration) ?? 0 }
        func bool(_ key: String) -> Bool { text(key).flatMap(SettingParser.bool) ?? false }
        func integer(_ key: String) -> Int { text(key).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0 }
    }
}
