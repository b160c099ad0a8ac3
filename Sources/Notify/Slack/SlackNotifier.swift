import Foundation

/// Slack channel: an incoming webhook carrying a Block Kit message (header, one mrkdwn section per
/// part of the fix proposal, a context line), with `text` as the notification fallback. Slack
/// answers `200 ok`; 429 carries Retry-After.
public struct SlackNotifier: Notifier {
    public let name = "slack"
    let webhook: JSONWebhook

    public init(webhook: SecretValue, http: ChannelHTTP? = nil) throws {
        self.webhook = try JSONWebhook(channel: "slack", variable: "SLACK_WEBHOOK_URL", url: webhook, http: http)
    }

    public func send(_ notification: IncidentNotification) async throws {
        try await webhook.post(Self.payload(notification))
    }

    public func shutdown() async { await webhook.shutdown() }

    /// The webhook body (exposed for tests).
    public static func payload(_ notification: IncidentNotification) -> [String: Any] {
        let title = TextEscaping.clean(
            notification.severity.isEmpty ? notification.title : "[\(notification.severity.uppercased())] \(notification.title)",
            limit: 150)
        var blocks: [[String: Any]] = [
            ["type": "header", "text": ["type": "plain_text", "text": title, "emoji": true]]
        ]
        for section in notification.sections {
            let text = "*\(section.label)*\n" + TextEscaping.slack(TextEscaping.clean(section.text, limit: 2800))
            blocks.append(["type": "section", "text": ["type": "mrkdwn", "text": text]])
        }
        if let approval = notification.approval, let console = approval.consoleURL {
            blocks.append([
                "type": "context",
                "elements": [["type": "mrkdwn", "text": "<\(TextEscaping.slack(console))|Open in the kars-sre console>"]],
            ])
        }
        return ["text": TextEscaping.slack(TextEscaping.clean(notification.title, limit: 300)), "blocks": blocks]
    }
}
