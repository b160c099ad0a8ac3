import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP request as the API layer sees it: method, path, decoded query, headers and body.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    public var path: String
    public var query: [String: [String]]
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public func queryValue(_ name: String) -> String? { query[name]?.last }
    public func queryFlag(_ name: String) -> Bool {
        guard let value = queryValue(name) else { return false }
        return value == "true" || value == "1" || value.isEmpty
    }

    static func parseQuery(_ text: Substring) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            result[key, default: []].append(value)
        }
        return result
    }

    private static func decode(_ text: Substring) -> String {
        let plusless = text.replacingOccurrences(of: "+", with: " ")
        return plusless.removingPercentEncoding ?? plusless
    }
}

/// Writes one response on a channel: either whole, or as a chunked stream (watches, logs).
public struct ResponseWriter: Sendable {
    let channel: Channel
    let keepAlive: Bool
    let connections: ConnectionRegistry

    public func send(status: HTTPResponseStatus, headers: [(String, String)], body: [UInt8]) async {
        guard !connections.isStopped else { return }
        var head = HTTPResponseHead(version: .http1_1, status: status)
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        head.headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
        if !keepAlive { head.headers.replaceOrAdd(name: "Connection", value: "close") }
        var buffer = channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        channel.write(HTTPServerResponsePart.head(head), promise: nil)
        channel.write(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
        try? await channel.writeAndFlush(HTTPServerResponsePart.end(nil))
        if !keepAlive { try? await channel.close() }
    }

    /// Starts a chunked response.
    public func startStream(status: HTTPResponseStatus, headers: [(String, String)]) async throws {
        guard !connections.isStopped else { throw ChannelError.ioOnClosedChannel }
        var head = HTTPResponseHead(version: .http1_1, status: status)
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        head.headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
        try await channel.writeAndFlush(HTTPServerResponsePart.head(head))
    }

    public func writeChunk(_ bytes: [UInt8]) async throws {
        guard !connections.isStopped else { throw ChannelError.ioOnClosedChannel }
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)))
    }

    public func finishStream() async {
        guard !connections.isStopped else { return }
        try? await channel.writeAndFlush(HTTPServerResponsePart.end(nil))
        if !keepAlive { try? await channel.close() }
    }

    /// Completes when the client goes away.
    public var closeFuture: EventLoopFuture<Void> { channel.closeFuture }

    /// Drops the connection without finishing the response (fault injection: cut watch streams).
    public func abort() {
        guard !connections.isStopped else { return }
        channel.close(promise: nil)
    }
}

/// Handles a parsed request.
public typealias HTTPRequestHandler = @Sendable (HTTPRequest, ResponseWriter) async -> Void

/// Collects request parts and hands complete requests to the API, one at a time per connection.
final class HTTPChannelHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: HTTPRequestHandler
    private let connections: ConnectionRegistry
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(handler: @escaping HTTPRequestHandler, connections: ConnectionRegistry) {
        self.handler = handler
        self.connections = connections
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
        case .body(var buffer):
            if let bytes = buffer.readBytes(length: buffer.readableBytes) { body.append(contentsOf: bytes) }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            let uri = requestHead.uri
            let path: String
            let query: [String: [String]]
            if let mark = uri.firstIndex(of: "?") {
                path = String(uri[..<mark])
                query = HTTPRequest.parseQuery(uri[uri.index(after: mark)...])
            } else {
                path = uri
                query = [:]
            }
            let request = HTTPRequest(
                method: requestHead.method, path: path.removingPercentEncoding ?? path, query: query,
                headers: requestHead.headers, body: body)
            body = []
            let writer = ResponseWriter(
                channel: context.channel, keepAlive: requestHead.isKeepAlive, connections: connections)
            let handler = self.handler
            // The pipeline handler NIO installs holds back pipelined requests until this
            // response ends, so requests of one connection are answered in order.
            Task { await handler(request, writer) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}

/// The HTTPS listener: TLS (ALPN `http/1.1` only) and HTTP/1.1 on SwiftNIO.
final class HTTPServer: Sendable {
    let group: MultiThreadedEventLoopGroup
    let channel: Channel
    private let connections: ConnectionRegistry

    var port: Int { channel.localAddress?.port ?? 0 }

    init(host: String, port: Int, tls: CertificateAuthority, threads: Int = 2, handler: @escaping HTTPRequestHandler) async throws {
        let certificate = try NIOSSLCertificate(bytes: Array(tls.serverCertificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(tls.serverKeyPEM.utf8), format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
        configuration.applicationProtocols = ["http/1.1"]
        let context = try NIOSSLContext(configuration: configuration)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        self.group = group
        let connections = ConnectionRegistry()
        self.connections = connections
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                connections.accept(channel)
                return channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(NIOSSLServerHandler(context: context))
                    try sync.configureHTTPServerPipeline(withErrorHandling: true)
                    try sync.addHandler(HTTPChannelHandler(handler: handler, connections: connections))
                }
            }
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Stops accepting, closes every open connection (watches end as if the server went away),
    /// then shuts the event loops down.
    func stop() async {
        try? await channel.close().get()
        await connections.closeAll()
        try? await group.shutdownGracefully()
    }
}
