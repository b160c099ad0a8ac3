import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

/// The production transport: AsyncHTTPClient over NIOSSL, configured from a `KubeClientConfig`
/// (custom CA, client certificates, `insecure-skip-tls-verify`, `tls-server-name`, proxies),
/// authenticating every request through a `CredentialProvider` and retrying once with fresh
/// credentials after a 401. Call `shutdown()` when done: it owns an `HTTPClient`.
public final class HTTPClientTransport: KubeTransport {
    public let config: KubeClientConfig
    public let credentials: CredentialProvider
    public var server: String { config.server }
    public var originDescription: String { config.origin.description }

    private let client: HTTPClient
    private let baseURL: String
    private let defaultTimeout: Duration
    private let logger: Logger
    private let tlsCache = Mutex<(identity: ClientCertificatePEM, tls: TLSConfiguration)?>(nil)
    private let isShutDown = Mutex(false)

    /// Concurrent HTTP/1.1 connections to the API server: room for every watch of a controller,
    /// watcher and console in one process, plus requests.
    static let maximumConnectionsPerHost = 64

    /// - Parameters:
    ///   - connectTimeout: TCP + TLS connect timeout (default 5 s).
    ///   - requestTimeout: default deadline of a non-streaming request (default 60 s).
    public init(
        config: KubeClientConfig, credentials: CredentialProvider? = nil, connectTimeout: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(60), logger: Logger = Logger(label: "kars.kubeapi")
    ) throws {
        self.config = config
        self.credentials =
            credentials ?? CredentialProvider(source: config.credentials, environment: config.environment)
        self.defaultTimeout = requestTimeout
        self.logger = logger
        guard var components = URLComponents(string: config.server), let host = components.host, !host.isEmpty else {
            throw KubeConfigError.invalidField(
                file: config.origin.description, field: "server", problem: "\"\(config.server)\" is not a URL")
        }
        let tls = try TLSConfigurationFactory.make(
            config.tls, clientCertificate: config.tls.clientCertificate, origin: config.origin.description)
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(connectTimeout)),
            proxy: try ProxySettings.resolve(
                proxyURL: config.proxyURL, server: components, environment: config.environment),
            decompression: .disabled
        )
        // Every watch holds an HTTP/1.1 connection for its whole life (HTTP/2 would multiplex
        // them, but not every API server or proxy negotiates it). AsyncHTTPClient's default of 8
        // connections per host let a controller with a handful of watches starve its own requests
        // ("timed out waiting for a connection"); client-go sets no per-host limit at all.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = Self.maximumConnectionsPerHost
        if let serverName = config.tls.serverName, !config.tls.insecureSkipTLSVerify, serverName != host {
            // Connect to the real host but verify (and send SNI) as tls-server-name.
            configuration.dnsOverride = [serverName: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))]
            components.host = serverName
        }
        var base = components.string ?? config.server
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    deinit {
        // Safety net for a forgotten shutdown(): AsyncHTTPClient traps in debug builds when an
        // HTTPClient is released while running. The non-blocking shutdown keeps it alive until done.
        let already = isShutDown.withLock { value in
            defer { value = true }
            return value
        }
        if !already { client.shutdown { _ in } }
    }

    public func send(_ request: KubeRequest) async throws -> KubeResponse {
        let timeout = request.timeout ?? defaultTimeout
        var response = try await execute(request, timeout: timeout)
        if response.status.code == 401, await credentials.invalidate() {
            _ = try? await response.body.collect(upTo: 1 << 20)
            response = try await execute(request, timeout: timeout)
        }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: 1 << 30)
        } catch {
            throw connectionError(error, forceLost: true)
        }
        logger.debug("kube api", metadata: ["request": "\(request)", "status": "\(response.status.code)"])
        return KubeResponse(
            status: Int(response.status.code), headers: Self.headers(response.headers),
            body: Data(body.readableBytesView))
    }

    public func stream(_ request: KubeRequest) async throws -> KubeStreamingResponse {
        let timeout = request.timeout ?? .seconds(3600 * 24)
        var response = try await execute(request, timeout: timeout)
        if response.status.code == 401, await credentials.invalidate() {
            _ = try? await response.body.collect(upTo: 1 << 20)
            response = try await execute(request, timeout: timeout)
        }
        logger.debug("kube api stream", metadata: ["request": "\(request)", "status": "\(response.status.code)"])
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Data.self)
        let body = response.body
        let server = self.server
        let origin = self.originDescription
        let pump = Task {
            do {
                for try await buffer in body {
                    continuation.yield(Data(buffer.readableBytesView))
                }
                continuation.finish()
            } catch {
                let reason = TransportErrorClassifier.classify(error).reason
                continuation.finish(
                    throwing: KubeAPIError.connectionLost(
                        ConnectionFailure(server: server, origin: origin, reason: reason)))
            }
        }
        continuation.onTermination = { _ in pump.cancel() }
        return KubeStreamingResponse(
            status: Int(response.status.code), headers: Self.headers(response.headers), body: stream)
    }

    public func shutdown() async throws {
        let already = isShutDown.withLock { value in
            defer { value = true }
            return value
        }
        guard !already else { return }
        try await client.shutdown()
    }

    private func execute(_ request: KubeRequest, timeout: Duration) async throws -> HTTPClientResponse {
        let credentials = try await self.credentials.current()
        var outgoing = HTTPClientRequest(url: baseURL + request.target)
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        for (name, value) in request.headers { outgoing.headers.replaceOrAdd(name: name, value: value) }
        if outgoing.headers["Accept"].isEmpty { outgoing.headers.add(name: "Accept", value: "application/json") }
        outgoing.headers.replaceOrAdd(name: "User-Agent", value: "kars-sre/kubeapi")
        if let authorization = credentials.authorization {
            outgoing.headers.replaceOrAdd(name: "Authorization", value: authorization)
        }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        if let identity = credentials.clientCertificate, identity != config.tls.clientCertificate {
            outgoing.tlsConfiguration = try tlsConfiguration(for: identity)
        }
        do {
            return try await client.execute(outgoing, timeout: TimeAmount(timeout), logger: nil)
        } catch {
            throw connectionError(error, forceLost: false)
        }
    }

    /// Per-request TLS for client certificates returned by exec plugins (cached per identity).
    private func tlsConfiguration(for identity: ClientCertificatePEM) throws -> TLSConfiguration {
        if let cached = tlsCache.withLock({ $0 }), cached.identity == identity { return cached.tls }
        let tls = try TLSConfigurationFactory.make(
            config.tls, clientCertificate: identity, origin: config.origin.description)
        tlsCache.withLock { $0 = (identity, tls) }
        return tls
    }

    private func connectionError(_ error: Error, forceLost: Bool) -> Error {
        if error is CancellationError { return error }
        if let error = error as? HTTPClientError, error == .cancelled { return CancellationError() }
        let (phase, reason) = TransportErrorClassifier.classify(error)
        let failure = ConnectionFailure(server: server, origin: originDescription, reason: reason)
        if phase == .connect && !forceLost { return KubeAPIError.unreachable(failure) }
        return KubeAPIError.connectionLost(failure)
    }

    private static func headers(_ headers: HTTPHeaders) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in headers {
            let key = name.lowercased()
            result[key] = result[key].map { "\($0), \(value)" } ?? value
        }
        return result
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
