import Foundation
import KubeAPI
import KubeModels
import Notify
import Remediation
import Testing
import TestSupport
import Watcher

@testable import KubeSim

/// The watcher with real channels: local servers speaking the channel APIs.
@Suite("Watcher: notification channels", .serialized)
struct NotificationTests {
    @Test("Approve pressed by an allowed Telegram user approves the action as telegram:<id>; another user is refused")
    func telegramApproval() async throws {
        let harness = try await WatcherHarness.start()
        let telegram = try await FakeTelegram(token: "123456:TEST-token")
        let api = TelegramAPI(token: SecretValue(telegram.token), base: telegram.baseURL)
        let dispatcher = NotificationDispatcher(channels: [TelegramNotifier(api: api, chatID: "-1001")])
        let watcher = try harness.startWatcher(dispatcher: dispatcher)
        try await watcher.waitUntilPrimed()
        try await harness.stageQuotaIncident("kars-one")
        await harness.simulation.advance(by: 10)
        #expect(await eventually { telegram.bodies("sendMessage").count == 1 })
        let sent = try #require(telegram.bodies("sendMessage").first)
        #expect(sent["parse_mode"] as? String == "HTML")
        #expect((sent["text"] as? String)?.contains("<b>Root cause:</b>") == true)
        let keyboard = (sent["reply_markup"] as? [String: Any])?["inline_keyboard"] as? [[[String: Any]]]
        let approveData = try #require(keyboard?.first?.first?["callback_data"] as? String)
        let name = String(approveData.dropFirst("approve:".count))
        #expect(try await harness.actions().first?[path: "metadata", "name"]?.stringValue == name)

        let botClient = try harness.client()
        let bot = TelegramBot(
            api: api, allowFrom: [111], actions: ActionClientOperations(client: ActionClient(client: botClient)),
            pollTimeout: 1)
        let polling = Task { await bot.run() }
        telegram.press(approveData, by: 222, updateID: 1)
        #expect(await eventually { telegram.bodies("answerCallbackQuery").count == 1 })
        let refusal = try #require(telegram.bodies("answerCallbackQuery").first)
        #expect(refusal["show_alert"] as? Bool == true)
        #expect(try await harness.actions().first?[path: "spec", "approval", "state"]?.stringValue == "Pending")

        telegram.press(approveData, by: 111, updateID: 2)
        #expect(try await eventually { try await harness.actions().first?[path: "spec", "approval", "state"]?.stringValue == "Approved" })
        let approval = try await harness.actions().first?[path: "spec", "approval"]
        #expect(approval?["by"]?.stringValue == "telegram:111")
        #expect(await eventually { telegram.bodies("editMessageText").count == 1 })
        #expect((telegram.bodies("editMessageText").first?["text"] as? String)?.contains("Approved by telegram:111") == true)
        polling.cancel()
        await polling.value
        await watcher.stop()
        await dispatcher.cancel()
        try await botClient.shutdown()
        await telegram.shutdown()
        await harness.stop()
    }

    @Test("a channel answering 500 or hanging delays neither detection of the next incident nor the other channels")
    func deadChannelsDoNotDelay() async throws {
        let harness = try await WatcherHarness.start()
        let failing = try await TestHTTPSServer.start(pki: nil) { _ in .json(500, #"{"error":"internal"}"#) }
        let hanging = try await TestHTTPSServer.start(pki: nil) { _ in
            TestHTTPResponse(status: 200, parts: [.hold], streamed: true)
        }
        let healthy = try await TestHTTPSServer.start(pki: nil) { _ in TestHTTPResponse(status: 204, parts: [], streamed: false) }
        func http(_ server: TestHTTPSServer, _ name: String) -> ChannelHTTP {
            ChannelHTTP(
                channel: name, url: URL(string: server.url)!, environment: [:], maxAttempts: 3,
                requestTimeout: .seconds(120), backoffBase: .milliseconds(20))
        }
        let channels: [any Notifier] = [
            try SlackNotifier(webhook: SecretValue(failing.url + "/services/T/B/X"), http: http(failing, "slack")),
            try WebhookNotifier(url: SecretValue(hanging.url + "/hook"), secret: SecretValue("s"), http: http(hanging, "webhook")),
            try DiscordNotifier(webhook: SecretValue(healthy.url + "/api/webhooks/1/t"), http: http(healthy, "discord")),
        ]
        let dispatcher = NotificationDispatcher(channels: channels, sendTimeout: .seconds(300))
        let watcher = try harness.startWatcher(dispatcher: dispatcher)
        try await watcher.waitUntilPrimed()
        try await harness.stageQuotaIncident("kars-one")
        await harness.simulation.advance(by: 10)
        #expect(await eventually { healthy.requests.count == 1 && hanging.requests.count == 1 })
        try await harness.stageQuotaIncident("kars-two")
        await harness.simulation.advance(by: 10)
        #expect(try await eventually { try await harness.actions().count == 2 })
        #expect(await eventually { healthy.requests.count == 2 })
        #expect(await eventually { failing.requests.count == 6 })
        // The hanging webhook still holds the first message; the second waits behind it on that channel only.
        #expect(hanging.requests.count == 1)
        #expect(dispatcher.deliveries.filter { $0.channel == "slack" }.allSatisfy { $0.failure?.contains("HTTP 500") == true })
        await watcher.stop()
        await dispatcher.cancel()
        // The channel servers are left to the end of the process: shutting down a TestHTTPSServer
        // while a client may still be reconnecting to it can race its listener (a NIO assertion).
        _ = (failing, hanging, healthy)
        await harness.stop()
    }
}
