import Foundation
import Testing
import TestSupport

@testable import Notify

@Suite("Notify: configuration")
struct ConfigurationTests {
    @Test("channels from the environment and from mounted files; printing never shows a credential")
    func fromEnvironmentAndFiles() throws {
        let directory = try TemporaryDirectory(prefix: "notify-config")
        defer { directory.remove() }
        let tokenFile = directory.file("token")
        try "987654:FILE-TOKEN\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let configuration = try NotifyConfiguration.from(environment: [
            "TELEGRAM_BOT_TOKEN_FILE": tokenFile, "TELEGRAM_CHAT_ID": "-100200", "TELEGRAM_ALLOW_FROM": "111, 222",
            "SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T/B/SECRETPART",
            "WEBHOOK_URL": "https://example.com/hook", "WEBHOOK_SECRET": "hmac-key",
        ])
        #expect(configuration.telegram?.token.reveal == "987654:FILE-TOKEN")
        #expect(configuration.telegram?.allowFrom == [111, 222])
        #expect(configuration.discordWebhook == nil)
        let text = "\(configuration)"
        #expect(text == "telegram(chat -100200, 2 allowed users), slack, webhook(signed)")
        #expect(!text.contains("SECRETPART") && !text.contains("FILE-TOKEN") && !text.contains("hmac-key"))
        let notifiers = try configuration.notifiers(environment: [:])
        #expect(notifiers.map(\.name) == ["telegram", "slack", "webhook"])
        #expect(configuration.warnings.isEmpty)
    }

    @Test("a malformed allow list names the variable")
    func badAllowList() {
        #expect(throws: ChannelError.misconfigured(channel: "telegram", problem: "TELEGRAM_ALLOW_FROM: \"alice\" is not a numeric user ID")) {
            try NotifyConfiguration.from(environment: ["TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_ALLOW_FROM": "alice"])
        }
    }

    @Test("HTTPS_PROXY is used unless NO_PROXY or loopback says otherwise")
    func proxies() throws {
        let environment = ["HTTPS_PROXY": "http://proxy.corp:3128", "NO_PROXY": "internal.corp,.svc"]
        #expect(ProxyChoice.proxy(for: URL(string: "https://api.telegram.org/x")!, environment: environment) != nil)
        #expect(ProxyChoice.proxy(for: URL(string: "https://hooks.internal.corp/x")!, environment: environment) == nil)
        #expect(ProxyChoice.proxy(for: URL(string: "https://a.b.svc/x")!, environment: environment) == nil)
        #expect(ProxyChoice.proxy(for: URL(string: "http://127.0.0.1:8080/x")!, environment: environment) == nil)
        #expect(ProxyChoice.proxy(for: URL(string: "http://example.com/x")!, environment: environment) == nil)
        let http = ChannelHTTP(channel: "slack", url: URL(string: "https://hooks.slack.com")!, environment: environment)
        #expect(http.usesProxy)
    }
}
