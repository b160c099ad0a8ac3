import AsyncHTTPClient
import Foundation
import KubeModels
import NIOCore
import NIOHTTP1

/// The `LLMClient` over HTTP: both provider dialects, streamed (SSE) or whole answers, one
/// deadline per attempt, and retries with back-off on 429, 5xx and connection failures (a
/// `Retry-After` header is honoured up to `maxRetryDelay`). A stream that already produced text is
/// not retried, so no answer is ever shown twice.
public final class HTTPLLMClient: LLMClient {
    public let configuration: ProviderConfiguration
    private let http: HTTPClient
    /// Largest non-streamed body accepted.
    static let maxBody = 16 << 20

    public init(configuration: ProviderConfiguration, http: HTTPClient = .shared) {
        self.configuration = configuration
        self.http = http
    }

    public var modelName: String { configuration.model }

    public func complete(_ request: ChatRequest, onText: @escaping @Sendable (String) -> Void) async throws -> ChatResponse {
        var request = request
        request.stream = configuration.stream
        let encoded = try ChatRequestEncoder.encode(request, configuration: configuration)
        let stream = request.stream
        var attempt = 0
        while true {
            do {
                return try await Self.withDeadline(configuration.timeout) {
                    try await self.send(encoded, stream: stream, onText: onText)
                }
            } catch let failure as RetryableFailure {
                guard attempt < configuration.maxRetries else { throw failure.error }
                attempt += 1
                let backoff = configuration.retryDelay * pow(2, Double(attempt - 1))
                let delay = min(failure.retryAfter ?? backoff, configuration.maxRetryDelay)
                try await Task.sleep(for: .milliseconds(Int(max(delay, 0) * 1000)))
            }
        }
    }

    /// Runs `body`, failing it as a (retryable) timeout when it takes longer than `seconds`: the
    /// HTTP client's deadline covers the response head, this covers a body that stalls.
    static func withDeadline<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                throw RetryableFailure(error: .transport("no complete answer within \(seconds) s (the timeout)"), retryAfter: nil)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw LLMError.transport("no answer") }
            return first
        }
    }

    /// One attempt.
    private func send(_ encoded: ProviderHTTPRequest, stream: Bool, onText: @escaping @Sendable (String) -> Void)
        async throws -> ChatResponse
    {
        var request = HTTPClientRequest(url: encoded.url)
        request.method = .POST
        for (name, value) in encoded.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: encoded.body.jsonString()))
        let deadline = NIODeadline.now() + .milliseconds(Int64(configuration.timeout * 1000))
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, deadline: deadline)
        } catch {
            throw RetryableFailure(error: .transport(Self.describe(error)), retryAfter: nil)
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let body = (try? await response.body.collect(upTo: 64 << 10)).map { String(buffer: $0) } ?? ""
            let error = LLMError.http(status: status, message: Self.errorMessage(body))
            if status == 429 || status >= 500 {
                throw RetryableFailure(error: error, retryAfter: response.headers.first(name: "retry-after").flatMap(Double.init))
            }
            throw error
        }
        let contentType = response.headers.first(name: "content-type") ?? ""
        if !stream || !contentType.contains("text/event-stream") {
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: Self.maxBody)
            } catch {
                throw RetryableFailure(error: .transport(Self.describe(error)), retryAfter: nil)
            }
            let decoded = try ChatResponseDecoder.decode(Data(body.readableBytesView))
            if !decoded.content.isEmpty { onText(decoded.content) }
            return decoded
        }
        var parser = SSEParser()
        var assembler = StreamAssembler()
        var produced = false
        do {
            for try await chunk in response.body {
                for payload in parser.feed(chunk.readableBytesView) {
                    if let text = try assembler.apply(payload) {
                        produced = true
                        onText(text)
                    }
                }
                if assembler.done { break }
            }
        } catch let error as LLMError {
            throw error
        } catch {
            if produced { throw LLMError.transport("the stream broke after part of the answer: \(Self.describe(error))") }
            throw RetryableFailure(error: .transport(Self.describe(error)), retryAfter: nil)
        }
        for payload in parser.finish() {
            if let text = try assembler.apply(payload) { onText(text) }
        }
        return assembler.response
    }

    /// The provider's own error message (`{"error":{"message":...}}`), else the body's start.
    static func errorMessage(_ body: String) -> String {
        if let parsed = try? JSONParser.parse(Data(body.utf8)), let message = parsed[path: "error", "message"]?.stringValue {
            return message
        }
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "(empty body)" : String(trimmed.prefix(300))
    }

    static func describe(_ error: any Error) -> String {
        if let client = error as? HTTPClientError, client == .deadlineExceeded { return "timed out" }
        return String(describing: error)
    }
}

/// An attempt that may be retried, with the error to report when retries run out.
struct RetryableFailure: Error {
    var error: LLMError
    var retryAfter: Double?
}
