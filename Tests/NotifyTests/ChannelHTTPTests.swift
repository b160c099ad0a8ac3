import Foundation
import Synchronization
import Testing
import TestSupport

@testable import Notify

/// Each channel against a local server speaking its API: success shapes, 429 with the API's own
/// retry hint, 5xx back-off, final errors, and the dispatcher's isolation of slow channels.
@Suite("Notify: channels over HTTP")
struct ChannelHTTPTests {
    static let message = IncidentNotification(
        key: "k", severity: "warning", title: "ProbeFailure: Deployment kars-a/app", symptom: "Unhealthy", evidence: [],
        rootCause: "readiness probe fails", proposedFix: "No typed action")

    /// Answers from a script, one per request (the last repeats).
    final class Script: Sendable {
        let answers: [TestHTTPResponse]
        let index = Mutex(0)
        init(_ answers: [TestHTTPResponse]) { self.answers = answers }
        func next() -> TestHTTPResponse {
            index.withLock { value in
                defer { value += 1 }
                return answers[min(value, answers.count - 1)]
            }
        }
    }

    func server(_ answers: [TestHTTPResponse]) async throws -> TestHTTPSServer {
        let script = Script(answers)
        return try await TestHTTPSServer.start(pki: nil) { _ in script.next() }
    }

    func http(_ server: TestHTTPSServer, _ channel: String, attempts: Int = 4) -> ChannelHTTP {
        ChannelHTTP(
            channel: channel, url: URL(string: server.url)!, environment: [:], maxAttempts: attempts,
            requestTimeout: .seconds(10), backoffBase: .milliseconds(10))
    }

    @Test("Telegram: 429 waits parameters.retry_after, then sendMessage succeeds")
    func telegramRetryAfter() async throws {
        let server = try await server([
            .json(429, #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}"#),
            .json(200, #"{"ok":true,"result":{"message_id":7,"chat":{"id":1},"date":0}}"#),
        ])
        let api = TelegramAPI(token: SecretValue("42:SECRET"), base: URL(string: server.url)!, http: http(server, "telegram"))
        let started = ContinuousClock.now
        try await TelegramNotifier(api: api, chatID: "1").send(Self.message)
        #expect(ContinuousClock.now - started >= .milliseconds(900))
        #expect(server.requests.count == 2)
        #expect(server.requests.allSatisfy { $0.path == "/bot42:SECRET/sendMessage" && $0.method == "POST" })
        #expect(server.requests.first?.headers["content-type"] == "application/json")
        await server.shutdown()
    }

    @Test("Telegram: a rejected token is a final error naming the API's description, never the token")
    func telegramUnauthorized() async throws {
        let server = try await server([.json(401, #"{"ok":false,"error_code":401,"description":"Unauthorized"}"#)])
        let api = TelegramAPI(token: SecretValue("42:SECRET"), base: URL(string: server.url)!, http: http(server, "telegram"))
        await #expect(throws: ChannelError.rejected(channel: "telegram", status: 401, detail: "Unauthorized")) {
            try await TelegramNotifier(api: api, chatID: "1").send(Self.message)
        }
        #expect(server.requests.count == 1)
        await server.shutdown()
    }

    @Test("Slack: the webhook's plain-text 200 ok; 429 honours Retry-After; 500 is retried with back-off")
    func slack() async throws {
        let server = try await server([
            TestHTTPResponse(status: 429, headers: ["Retry-After": "0"], parts: [.text("rate_limited")], streamed: false),
            TestHTTPResponse(status: 500, parts: [.text("internal_error")], streamed: false),
            TestHTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], parts: [.text("ok")], streamed: false),
        ])
        let slack = try SlackNotifier(webhook: SecretValue(server.url + "/services/T0/B0/XYZ"), http: http(server, "slack"))
        try await slack.send(Self.message)
        #expect(server.requests.count == 3)
        let body = try #require(try JSONSerialization.jsonObject(with: server.requests[2].body) as? [String: Any])
        #expect((body["blocks"] as? [[String: Any]])?.isEmpty == false)
        await server.shutdown()
    }

    @Test("Slack: invalid_payload (400) is not retried")
    func slackRejected() async throws {
        let server = try await server([TestHTTPResponse(status: 400, parts: [.text("invalid_payload")], streamed: false)])
        let slack = try SlackNotifier(webhook: SecretValue(server.url + "/services/T0/B0/XYZ"), http: http(server, "slack"))
        await #expect(throws: ChannelError.rejected(channel: "slack", status: 400, detail: "invalid_payload")) {
            try await slack.send(Self.message)
        }
        #expect(server.requests.count == 1)
        await server.shutdown()
    }

    @Test("Discord: 204 No Content; 429 with JSON retry_after in seconds")
    func discord() async throws {
        let server = try await server([
            .json(429, #"{"message":"You are being rate limited.","retry_after":0.2,"global":false}"#),
            TestHTTPResponse(status: 204, parts: [], streamed: false),
        ])
        let discord = try DiscordNotifier(webhook: SecretValue(server.url + "/api/webhooks/1/tok"), http: http(server, "discord"))
        try await discord.send(Self.message)
        #expect(server.requests.count == 2)
        #expect(server.requests.last?.path == "/api/webhooks/1/tok")
        await server.shutdown()
    }

    @Test("Generic webhook: signed with HMAC-SHA256 over timestamp and body; gives up after repeated 503s")
    func webhook() async throws {
        let server = try await server([TestHTTPResponse(status: 200, parts: [], streamed: false)])
        let hook = try WebhookNotifier(
            url: SecretValue(server.url + "/hook"), secret: SecretValue("s3cret"), http: http(server, "webhook"),
            now: { Date(timeIntervalSince1970: 1_700_000_000) })
        try await hook.send(Self.message)
        let request = try #require(server.requests.first)
        #expect(request.headers["x-kars-timestamp"] == "1700000000")
        #expect(request.headers["x-kars-signature"] == WebhookNotifier.signature(secret: SecretValue("s3cret"), timestamp: "1700000000", body: request.body))
        await server.shutdown()

        let down = try await self.server([TestHTTPResponse(status: 503, parts: [], streamed: false)])
        let failing = try WebhookNotifier(url: SecretValue(down.url + "/hook"), secret: nil, http: http(down, "webhook", attempts: 3))
        await #expect(throws: ChannelError.gaveUp(channel: "webhook", attempts: 3, lastStatus: 503)) {
            try await failing.send(Self.message)
        }
        #expect(down.requests.count == 3)
        #expect(down.requests.first?.headers["x-kars-signature"] == nil)
        await down.shutdown()
    }

    @Test("a connection refused is reported without the URL")
    func unreachable() async throws {
        let server = try await server([TestHTTPResponse(status: 200, parts: [], streamed: false)])
        let url = server.url
        await server.shutdown()
        let hook = try WebhookNotifier(
            url: SecretValue(url + "/hook?token=SECRET"), secret: nil,
            http: ChannelHTTP(
                channel: "webhook", url: URL(string: url)!, environment: [:], maxAttempts: 1, requestTimeout: .seconds(2)))
        do {
            try await hook.send(Self.message)
            Issue.record("expected a failure")
        } catch {
            #expect(!"\(error)".contains("SECRET"))
            #expect("\(error)".hasPrefix("webhook: unreachable"), "\(error)")
        }
    }

    @Test("the dispatcher never blocks its caller, and a hanging channel does not hold up the others")
    func dispatcherIsolation() async throws {
        let hanging = try await server([TestHTTPResponse(status: 200, parts: [.hold], streamed: true)])
        let healthy = try await server([TestHTTPResponse(status: 204, parts: [], streamed: false)])
        let dispatcher = NotificationDispatcher(channels: [
            try WebhookNotifier(url: SecretValue(hanging.url + "/h"), secret: nil, http: http(hanging, "slow")),
            try DiscordNotifier(webhook: SecretValue(healthy.url + "/api/webhooks/1/t"), http: http(healthy, "discord")),
        ])
        for _ in 0..<3 { dispatcher.submit(Self.message) }
        #expect(await eventually { healthy.requests.count == 3 })
        #expect(hanging.requests.count == 1)
        await dispatcher.cancel()
        await hanging.shutdown()
        await healthy.shutdown()
    }

    @Test("a send that outlives its deadline is abandoned and reported")
    func sendTimeout() async throws {
        let hanging = try await server([TestHTTPResponse(status: 200, parts: [.hold], streamed: true)])
        let dispatcher = NotificationDispatcher(
            channels: [try WebhookNotifier(url: SecretValue(hanging.url + "/h"), secret: nil, http: http(hanging, "slow"))],
            sendTimeout: .milliseconds(300))
        dispatcher.submit(Self.message)
        #expect(await eventually { dispatcher.deliveries.count == 1 })
        #expect(dispatcher.deliveries.first?.failure?.contains("no answer within") == true)
        await dispatcher.cancel()
        await hanging.shutdown()
    }
}

/// Polls until `condition` holds or `timeout` seconds pass.
func eventually(timeout: TimeInterval = 10, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
