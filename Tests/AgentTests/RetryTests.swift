import Foundation
import KubeModels
import Testing
import TestSupport

@testable import Agent

/// 429 and 5xx are retried with back-off; other errors are not.
@Suite("Provider retries")
struct RetryTests {
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.withLock { value += 1; return value } }
    }

    func configuration(_ url: String) -> ProviderConfiguration {
        ProviderConfiguration(endpoint: url, maxRetries: 2, retryDelay: 0.01, maxRetryDelay: 0.05, stream: false)
    }

    @Test("a provider answering 429 then 200 gets the answer on the second attempt (Retry-After honoured, capped)")
    func rateLimitedThenOK() async throws {
        let counter = Counter()
        let server = try await ScriptedLLMServer.start { _ in
            counter.next() == 1
                ? .raw(.json(429, #"{"error":{"message":"Rate limit reached"}}"#, headers: ["Retry-After": "1"]))
                : .text("after the retry")
        }
        let answer = try await HTTPLLMClient(configuration: configuration(server.url)).complete(ChatRequest(messages: [.user("q")])) { _ in }
        await server.shutdown()
        #expect(answer.content == "after the retry")
        #expect(server.requests.count == 2)
    }

    @Test("5xx every time: the error after the retries names the status and the provider's message")
    func serverErrorsExhaust() async throws {
        let server = try await ScriptedLLMServer.start { _ in .raw(.json(503, #"{"error":{"message":"overloaded"}}"#)) }
        do {
            _ = try await HTTPLLMClient(configuration: configuration(server.url)).complete(ChatRequest(messages: [.user("q")])) { _ in }
            Issue.record("expected an error")
        } catch let error as LLMError {
            #expect(error == .http(status: 503, message: "overloaded"))
            #expect(error.description.contains("503"))
        }
        await server.shutdown()
        #expect(server.requests.count == 3)
    }

    @Test("401 is not retried and says to check the key")
    func unauthorizedNotRetried() async throws {
        let server = try await ScriptedLLMServer.start { _ in .raw(.json(401, #"{"error":{"message":"bad key"}}"#)) }
        await #expect(throws: LLMError.self) {
            _ = try await HTTPLLMClient(configuration: configuration(server.url)).complete(ChatRequest(messages: [.user("q")])) { _ in }
        }
        await server.shutdown()
        #expect(server.requests.count == 1)
        #expect(LLMError.http(status: 401, message: "x").description.contains("API key"))
    }

    @Test("a provider that does not answer in time is a timeout, retried, then reported")
    func timeout() async throws {
        let server = try await ScriptedLLMServer.start { _ in .raw(.stream(200, [.hold])) }
        var configuration = configuration(server.url)
        configuration.timeout = 1.5
        configuration.maxRetries = 1
        configuration.stream = true
        do {
            _ = try await HTTPLLMClient(configuration: configuration).complete(ChatRequest(messages: [.user("q")])) { _ in }
            Issue.record("expected a timeout")
        } catch let error as LLMError {
            guard case .transport = error else { Issue.record("unexpected \(error)"); return }
        }
        await server.shutdown()
        #expect(server.requests.count == 2)
    }
}
