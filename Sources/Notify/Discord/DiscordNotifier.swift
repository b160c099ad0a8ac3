import Foundation

/// Discord channel: an execute-webhook call with one embed (title, description, one field per part
/// of the fix proposal, colour by severity) and mentions disabled. Discord answers 204; 429 carries
/// a JSON `retry_after` in seconds.
public struct DiscordNotifier: Notifier {
    public let name = "discord"
    let webhook: JSONWebhook

    public init(webhook: SecretValue, http: ChannelHTTP? = nil) throws {
        self.webhook = try JSONWebhook(channel: "discord", variable: "DISCORD_WEBHOOK_URL", url: webhook, http: http)
    }

    public func send(_ notification: IncidentNotification) async throws {
        try await webhook.post(Self.payload(notification))
    }

    public func shutdown() async { await webhook.shutdown() }

    /// The webhook body (exposed for tests). Limits: title 256, field name 256, value 1024, 25 fields.
    public static func payload(_ notification: IncidentNotification) -> [String: Any] {
        let colour: Int = ["critical": 0xD93025, "warning": 0xF29900, "info": 0x1A73E8][notification.severity] ?? 0x5F6368
        var sections = notification.sections
        var description = ""
        if let first = sections.first, first.label == "Symptom" || first.label == "Summary" {
            description = TextEscaping.discord(TextEscaping.clean(first.text, limit: 4000))
            sections.removeFirst()
        }
        let fields: [[String: Any]] = sections.prefix(25).map { section in
            ["name": section.label, "value": TextEscaping.discord(TextEscaping.clean(section.text, limit: 1000)), "inline": false]
        }
        var embed: [String: Any] = [
            "title": TextEscaping.clean(notification.title, limit: 256), "description": description, "color": colour,
            "fields": fields, "timestamp": ISO8601DateFormatter().string(from: notification.detectedAt),
        ]
        if let console = notification.approval?.consoleURL { embed["url"] = console }
        return [
            "username": "kars-sre",
            "content": notification.severity.isEmpty ? "" : "\(notification.severity.uppercased()) incident",
            "embeds": [embed], "allowed_mentions": ["parse": [String]()],
        ]
    }
}
