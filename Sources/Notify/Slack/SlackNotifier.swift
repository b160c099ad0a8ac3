import Foundation

/// Slack channel: an incoming webhook carrying a Block Kit message (header, one mrkdwn section per
/// part of the fix proposal, a context line), with `text` as the notification fallback. Slack
/// answers `200 ok`; 429 carries Retry-After.
public struct SlackNotifier: Notifier {
    public let name = "slack"
    let webhook: SecretValue
    let http: ChannelHTTP

    public init(webhook: SecretValue, http: ChannelHTTP? = nil) throws {
        guard let url = URL(string: webhook.reveal), url.scheme != nil else {
            throw ChannelError.misconfigured(channel: "slack", problem: "SLACK_WEBHOOK_URL is not a URL")
        }
        self.webhook = webhook
        self.http = http ?? ChannelHTTP(channel: "slack", url: url)
    }

    public func send(_ notification: IncidentNotification) async throws {
        guard let url = URL(string: webhook.reveal) else { return }
        let body = try JSONSerialization.data(withJSONObject: Self.payload(notification), options: [.sortedKeys])
        _ = try await http.post(url, json: body)
    }

    public func shutdown() async { await http.shutdown() }

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
