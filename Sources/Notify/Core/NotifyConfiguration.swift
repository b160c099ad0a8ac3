import Foundation

/// Which channels are configured, read from the environment or from mounted files (`NAME_FILE`
/// points at a file holding the value, as Kubernetes Secrets are mounted):
///
/// - Telegram: `TELEGRAM_BOT_TOKEN`, `TELEGRAM_CHAT_ID`, `TELEGRAM_ALLOW_FROM` (user IDs, comma
///   separated), optional `TELEGRAM_API_URL`.
/// - Slack: `SLACK_WEBHOOK_URL`. Discord: `DISCORD_WEBHOOK_URL`.
/// - Generic webhook: `WEBHOOK_URL`, `WEBHOOK_SECRET` (HMAC-SHA256 signing key).
///
/// Credentials are held as `SecretValue`s: printing the configuration shows which channels are on,
/// never a token or URL.
public struct NotifyConfiguration: Sendable, CustomStringConvertible {
    public struct Telegram: Sendable {
        public var token: SecretValue
        public var chatID: String?
        public var allowFrom: Set<Int64>
        public var apiBase: URL
    }

    public var telegram: Telegram?
    public var slackWebhook: SecretValue?
    public var discordWebhook: SecretValue?
    public var webhookURL: SecretValue?
    public var webhookSecret: SecretValue?

    public init(
        telegram: Telegram? = nil, slackWebhook: SecretValue? = nil, discordWebhook: SecretValue? = nil,
        webhookURL: SecretValue? = nil, webhookSecret: SecretValue? = nil
    ) {
        self.telegram = telegram
        self.slackWebhook = slackWebhook
        self.discordWebhook = discordWebhook
        self.webhookURL = webhookURL
        self.webhookSecret = webhookSecret
    }

    /// Reads the variables (and `_FILE` variants); throws naming the variable that is wrong.
    public static func from(environment: [String: String]) throws -> NotifyConfiguration {
        func value(_ name: String) throws -> String? {
            if let direct = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !direct.isEmpty {
                return direct
            }
            guard let path = environment[name + "_FILE"], !path.isEmpty else { return nil }
            do {
                let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                return text.isEmpty ? nil : text
            } catch {
                throw ChannelError.misconfigured(channel: "config", problem: "\(name)_FILE: cannot read \(path)")
            }
        }
        var configuration = NotifyConfiguration()
        if let token = try value("TELEGRAM_BOT_TOKEN") {
            var allow: Set<Int64> = []
            for part in (try value("TELEGRAM_ALLOW_FROM") ?? "").split(whereSeparator: { $0 == "," || $0 == " " }) {
                guard let id = Int64(part) else {
                    throw ChannelError.misconfigured(
                        channel: "telegram", problem: "TELEGRAM_ALLOW_FROM: \"\(part)\" is not a numeric user ID")
                }
                allow.insert(id)
            }
            var base = TelegramAPI.defaultBase
            if let text = try value("TELEGRAM_API_URL") {
                guard let url = URL(string: text), url.scheme != nil else {
                    throw ChannelError.misconfigured(channel: "telegram", problem: "TELEGRAM_API_URL is not a URL")
                }
                base = url
            }
            configuration.telegram = Telegram(
                token: SecretValue(token), chatID: try value("TELEGRAM_CHAT_ID"), allowFrom: allow, apiBase: base)
        }
        configuration.slackWebhook = try value("SLACK_WEBHOOK_URL").map(SecretValue.init)
        configuration.discordWebhook = try value("DISCORD_WEBHOOK_URL").map(SecretValue.init)
        configuration.webhookURL = try value("WEBHOOK_URL").map(SecretValue.init)
        configuration.webhookSecret = try value("WEBHOOK_SECRET").map(SecretValue.init)
        return configuration
    }

    /// The notifiers for the configured channels.
    public func notifiers(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [any Notifier] {
        var result: [any Notifier] = []
        if let telegram, let chat = telegram.chatID {
            let http = ChannelHTTP(channel: "telegram", url: telegram.apiBase, environment: environment)
            result.append(TelegramNotifier(api: TelegramAPI(token: telegram.token, base: telegram.apiBase, http: http), chatID: chat))
        }
        if let slackWebhook {
            let url = URL(string: slackWebhook.reveal) ?? TelegramAPI.defaultBase
            result.append(try SlackNotifier(webhook: slackWebhook, http: ChannelHTTP(channel: "slack", url: url, environment: environment)))
        }
        if let discordWebhook {
            let url = URL(string: discordWebhook.reveal) ?? TelegramAPI.defaultBase
            result.append(
                try DiscordNotifier(webhook: discordWebhook, http: ChannelHTTP(channel: "discord", url: url, environment: environment)))
        }
        if let webhookURL {
            let url = URL(string: webhookURL.reveal) ?? TelegramAPI.defaultBase
            result.append(
                try WebhookNotifier(
                    url: webhookURL, secret: webhookSecret, http: ChannelHTTP(channel: "webhook", url: url, environment: environment)))
        }
        return result
    }

    /// Problems worth a warning at start-up (none are fatal).
    public var warnings: [String] {
        var result: [String] = []
        if let telegram {
            if telegram.chatID == nil { result.append("TELEGRAM_BOT_TOKEN is set but TELEGRAM_CHAT_ID is not: no Telegram messages") }
            if telegram.allowFrom.isEmpty {
                result.append("TELEGRAM_ALLOW_FROM is empty: nobody can approve or reject from Telegram")
            }
        }
        if webhookURL != nil, webhookSecret == nil { result.append("WEBHOOK_URL without WEBHOOK_SECRET: requests are unsigned") }
        return result
    }

    public var description: String {
        var on: [String] = []
        if let telegram {
            on.append("telegram(chat \(telegram.chatID ?? "none"), \(telegram.allowFrom.count) allowed users)")
        }
        if slackWebhook != nil { on.append("slack") }
        if discordWebhook != nil { on.append("discord") }
        if webhookURL != nil { on.append(webhookSecret != nil ? "webhook(signed)" : "webhook(unsigned)") }
        return on.isEmpty ? "no channels" : on.joined(separator: ", ")
    }
}
