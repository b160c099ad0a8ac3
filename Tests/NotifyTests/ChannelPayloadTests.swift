import Foundation
import Testing

@testable import Notify

/// What each channel puts on the wire, and escaping of hostile cluster text.
@Suite("Notify: payloads and escaping")
struct ChannelPayloadTests {
    static let hostile = IncidentNotification(
        key: "DeleteResourceQuota/kars-a/q", severity: "critical", title: "QuotaExceeded: Deployment kars-a/<b>app</b>",
        symptom: "FailedCreate: <script>alert(1)</script> & <!channel> @everyone *bold* _it_ `code`",
        evidence: ["ReplicaSet app-1: exceeded quota: q\u{0007}\u{202E}"], rootCause: "quota q caps requests.memory at 50Mi",
        proposedFix: "DeleteResourceQuota kars-a/q", whySafe: "safe", rollback: "undo",
        approval: .init(actionName: "deleteresourcequota-x7k2p", consoleURL: "https://console.example/actions/deleteresourcequota-x7k2p"),
        others: ["FailedScheduling": 2, "BackOff": 1])

    @Test func telegramHTML() throws {
        let parameters = TelegramNotifier.parameters(Self.hostile, chatID: "-1001")
        #expect(parameters["chat_id"] as? Int64 == -1001)
        #expect(parameters["parse_mode"] as? String == "HTML")
        let text = try #require(parameters["text"] as? String)
        #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt;"))
        #expect(!text.contains("<script>"))
        #expect(text.contains("<b>QuotaExceeded: Deployment kars-a/&lt;b&gt;app&lt;/b&gt;</b>"))
        #expect(!text.contains("\u{0007}") && !text.contains("\u{202E}"))
        #expect(text.contains("<b>Also:</b> +3 other incidents: 2 FailedScheduling, 1 BackOff"))
        for label in ["Symptom", "Evidence", "Root cause", "Proposed fix", "Why safe", "Rollback", "How to approve"] {
            #expect(text.contains("<b>\(label):</b>"), "\(label)")
        }
        let keyboard = try #require((parameters["reply_markup"] as? [String: Any])?["inline_keyboard"] as? [[[String: String]]])
        #expect(keyboard[0].map { $0["callback_data"] } == ["approve:deleteresourcequota-x7k2p", "reject:deleteresourcequota-x7k2p"])
    }

    @Test func telegramTextFitsTheLimit() throws {
        var long = Self.hostile
        long.evidence = (0..<200).map { "line \($0): " + String(repeating: "<x>", count: 40) }
        let text = try #require(TelegramNotifier.parameters(long, chatID: "1")["text"] as? String)
        #expect(text.count <= 4096)
        #expect(text.contains("more lines"))
    }

    @Test func slackBlockKit() throws {
        let payload = SlackNotifier.payload(Self.hostile)
        let blocks = try #require(payload["blocks"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "header")
        let header = try #require((blocks.first?["text"] as? [String: Any])?["text"] as? String)
        #expect(header.hasPrefix("[CRITICAL] QuotaExceeded"))
        let sections = blocks.filter { $0["type"] as? String == "section" }.compactMap { ($0["text"] as? [String: Any])?["text"] as? String }
        let symptom = try #require(sections.first)
        #expect(symptom.hasPrefix("*Symptom*\n"))
        #expect(symptom.contains("&lt;!channel&gt;"))
        #expect(!symptom.contains("<!channel>"))
        #expect(blocks.contains { $0["type"] as? String == "context" })
        #expect(payload["text"] as? String != nil)
    }

    @Test func discordEmbed() throws {
        let payload = DiscordNotifier.payload(Self.hostile)
        #expect((payload["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])
        let embed = try #require((payload["embeds"] as? [[String: Any]])?.first)
        #expect(embed["color"] as? Int == 0xD93025)
        let description = try #require(embed["description"] as? String)
        #expect(description.contains("\\*bold\\* \\_it\\_ \\`code\\`"))
        let fields = try #require(embed["fields"] as? [[String: Any]])
        #expect(fields.map { $0["name"] as? String } == ["Evidence", "Root cause", "Proposed fix", "Why safe", "Rollback", "How to approve", "Also"])
        #expect(fields.allSatisfy { ($0["value"] as? String ?? "").count <= 1024 })
        #expect(embed["url"] as? String == "https://console.example/actions/deleteresourcequota-x7k2p")
    }

    @Test func webhookSignature() throws {
        let body = try WebhookNotifier.body(Self.hostile)
        let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(json["version"] as? Int == 1)
        #expect((json["notification"] as? [String: Any])?["key"] as? String == "DeleteResourceQuota/kars-a/q")
        // Known-answer: HMAC-SHA256("key", "1700000000.{}") computed independently (openssl dgst -sha256 -hmac key).
        let signature = WebhookNotifier.signature(secret: SecretValue("key"), timestamp: "1700000000", body: Data("{}".utf8))
        #expect(signature == "sha256=" + Self.expectedHMAC)
    }

    static let expectedHMAC = "9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae"

    @Test func secretsAreRedacted() {
        let secret = SecretValue("123456:ABC-token")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        let error = ChannelError.rejected(channel: "telegram", status: 401, detail: "Unauthorized")
        #expect(!"\(error)".contains("123456"))
    }
}
