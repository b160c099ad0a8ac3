import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// A channel API's answer.
public struct ChannelResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    /// The body as JSON, when it is a JSON object.
    public var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }
}

/// POSTs JSON to a channel API with the retry rules chat APIs document: 429 waits the server's
/// `retry_after` (Telegram's `parameters.retry_after`, Discord's `retry_after`, or the Retry-After
/// header, capped), 5xx and connection failures back off exponentially, anything else is final.
/// Honours HTTPS_PROXY/NO_PROXY. Errors never contain the URL (it carries tokens).
public final class ChannelHTTP: Sendable {
    public let channel: String
    let client: HTTPClient
    private let ownsClient: Bool
    public let maxAttempts: Int
    public let requestTimeout: Duration
    public let maxRetryAfter: Duration
    public let backoffBase: Duration

    public init(
        channel: String, url: URL, environment: [String: String] = ProcessInfo.processInfo.environment,
        maxAttempts: Int = 4, requestTimeout: Duration = .seconds(15), maxRetryAfter: Duration = .seconds(30),
        backoffBase: Duration = .milliseconds(500)
    ) {
        self.channel = channel
        self.maxAttempts = max(maxAttempts, 1)
        self.requestTimeout = requestTimeout
        self.maxRetryAfter = maxRetryAfter
        self.backoffBase = backoffBase
        if let proxy = ProxyChoice.proxy(for: url, environment: environment) {
            client = ProxiedClients.client(for: proxy)
            ownsClient = true
        } else {
            client = HTTPClient.shared
            ownsClient = false
        }
    }

    /// Whether this channel goes through a proxy (for `/status` and tests).
    public var usesProxy: Bool { ownsClient }

    /// Nothing to release: the shared client and the per-proxy clients live as long as the process.
    public func shutdown() async {}

    /// One request with retries; returns the final answer when it is 2xx, throws `ChannelError` otherwise.
    public func post(
        _ url: URL, json body: Data, headers: [(String, String)] = [], method: HTTPMethod = .POST,
        timeout: Duration? = nil
    ) async throws -> ChannelResponse {
        var attempt = 0
        var lastStatus = 0
        while true {
            attempt += 1
            let response: ChannelResponse
            do {
                response = try await execute(url, body: body, headers: headers, method: method, timeout: timeout)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                if Task.isCancelled { throw CancellationError() }
                guard attempt < maxAttempts else {
                    throw ChannelError.unreachable(channel: channel, reason: Self.describe(error))
                }
                try await Task.sleep(for: backoff(attempt))
                continue
            }
            lastStatus = response.status
            if (200..<300).contains(response.status) { return response }
            let retryable = response.status == 429 || response.status >= 500
            guard retryable else {
                throw ChannelError.rejected(channel: channel, status: response.status, detail: Self.detail(response))
            }
            guard attempt < maxAttempts else {
                throw ChannelError.gaveUp(channel: channel, attempts: attempt, lastStatus: lastStatus)
            }
            let wait = response.status == 429 ? (retryAfter(response) ?? backoff(attempt)) : backoff(attempt)
            try await Task.sleep(for: wait)
        }
    }

    private func execute(_ url: URL, body: Data?, headers: [(String, String)], method: HTTPMethod, timeout: Duration?)
        async throws -> ChannelResponse
    {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        request.headers.add(name: "User-Agent", value: "kars-sre-notify/0.1")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let limit = timeout ?? requestTimeout
        let response = try await client.execute(request, timeout: .nanoseconds(Int64(Self.seconds(limit) * 1e9)))
        let buffer = try await response.body.collect(upTo: 1 << 20)
        var headerMap: [String: String] = [:]
        for (name, value) in response.headers { headerMap[name.lowercased()] = value }
        return ChannelResponse(status: Int(response.status.code), headers: headerMap, body: Data(buffer.readableBytesView))
    }

    /// The server's wait on 429: JSON `retry_after` (seconds, may be fractional), Telegram's
    /// `parameters.retry_after`, or the Retry-After header; capped by `maxRetryAfter`.
    func retryAfter(_ response: ChannelResponse) -> Duration? {
        var seconds: Double?
        if let json = response.json {
            seconds = Self.number(json["retry_after"]) ?? Self.number((json["parameters"] as? [String: Any])?["retry_after"])
        }
        if seconds == nil, let header = response.headers["retry-after"] { seconds = Double(header) }
        guard let seconds, seconds >= 0 else { return nil }
        return .milliseconds(Int64(min(seconds, Self.seconds(maxRetryAfter)) * 1000))
    }

    func backoff(_ attempt: Int) -> Duration {
        let base = Self.seconds(backoffBase) * pow(2, Double(attempt - 1))
        let jittered = base * Double.random(in: 1...1.25)
        return .milliseconds(Int64(min(jittered, 30) * 1000))
    }

    static func number(_ value: Any?) -> Double? {
        if let number = value as? NSNumber { return number.doubleValue }
        if let text = value as? String { return Double(text) }
        return nil
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The API's own description of a rejection (Telegram `description`, Discord `message`, Slack's
    /// plain-text body), one line, capped.
    static func detail(_ response: ChannelResponse) -> String {
        let json = response.json
        let text =
            (json?["description"] as? String) ?? (json?["message"] as? String)
            ?? String(decoding: response.body.prefix(200), as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.isEmpty ? "no description" : String(line.prefix(200))
    }

    /// A connection error without anything from the URL.
    static func describe(_ error: Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "timed out"
            case .remoteConnectionClosed: return "connection closed by the server"
            default: return "HTTP client error"
            }
        }
        let text = String(describing: error)
        if text.contains("refused") { return "connection refused" }
        return "connection failed (\(type(of: error)))"
    }
}

/// One HTTP client per proxy, kept for the life of the process (channels come and go with
/// configuration; the few proxies do not), so no client is ever dropped without a shutdown.
enum ProxiedClients {
    private static let clients = Mutex<[String: HTTPClient]>([:])

    static func client(for proxy: HTTPClient.Configuration.Proxy) -> HTTPClient {
        let key = String(describing: proxy)
        return clients.withLock { cache in
            if let existing = cache[key] { return existing }
            var configuration = HTTPClient.Configuration(proxy: proxy)
            configuration.timeout = .init(connect: .seconds(5))
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            cache[key] = client
            return client
        }
    }
}
