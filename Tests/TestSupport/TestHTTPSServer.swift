import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A scriptable HTTP(S) server on 127.0.0.1 with an ephemeral port, standing in for the
/// Kubernetes API server in transport tests: its own CA, optional required client certificates
/// (mTLS), chunked streaming with pauses, and abrupt connection drops. Every request is recorded.
public final class TestHTTPSServer: Sendable {
    public typealias Handler = @Sendable (TestHTTPRequest) async -> TestHTTPResponse

    public let port: Int
    public let isTLS: Bool
    private let channel: Channel
    private let serving: Task<Void, Never>
    private let acceptLoopEnded: AcceptLoopFlag
    private let log: RequestLog

    /// Starts a server. With `pki` it speaks TLS with the PKI's server certificate; with
    /// `requireClientCertificate` it rejects clients without a certificate signed by the PKI's CA.
    public static func start(
        pki: TestPKI?, requireClientCertificate: Bool = false, handler: @escaping Handler
    ) async throws -> TestHTTPSServer {
        var sslContext: NIOSSLContext?
        if let pki {
            let chain = try NIOSSLCertificate.fromPEMBytes(Array(pki.server.certificatePEM.utf8)).map {
                NIOSSLCertificateSource.certificate($0)
            }
            let key = try NIOSSLPrivateKey(bytes: Array(pki.server.keyPEM.utf8), format: .pem)
            var configuration: TLSConfiguration
            if requireClientCertificate {
                let roots = try NIOSSLCertificate.fromPEMBytes(Array(pki.caCertificatePEM.utf8))
                configuration = .makeServerConfigurationWithMTLS(
                    certificateChain: chain, privateKey: .privateKey(key), trustRoots: .certificates(roots))
            } else {
                configuration = .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            }
            sslContext = try NIOSSLContext(configuration: configuration)
        }
        let context = sslContext
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    // The deinit-closing wrapper (deprecated in NIO for servers that always serve
                    // what they accept): a connection accepted while the test shuts the server
                    // down is closed when dropped, instead of tripping NIO's "Deinited
                    // NIOAsyncWriter without calling finish()" precondition and killing the run.
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        synchronouslyWrapping: channel)
                }
            }
        return TestHTTPSServer(server: server, isTLS: pki != nil, handler: handler)
    }

    private init(
        server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>, isTLS: Bool,
        handler: @escaping Handler
    ) {
        self.port = server.channel.localAddress?.port ?? 0
        self.isTLS = isTLS
        self.channel = server.channel
        let log = RequestLog()
        self.log = log
        let ended = AcceptLoopFlag()
        self.acceptLoopEnded = ended
        self.serving = Task {
            await withDiscardingTaskGroup { group in
                try? await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask {
                            await Self.serve(connection, handler: handler, record: log.append)
                        }
                    }
                }
                ended.value.withLock { $0 = true }
            }
        }
    }

    /// `https://127.0.0.1:PORT` (or http).
    public var url: String { "\(isTLS ? "https" : "http")://127.0.0.1:\(port)" }

    /// Every request received so far, in order.
    public var requests: [TestHTTPRequest] { log.entries.withLock { $0 } }

    /// Closes the listener and every open connection. The listener closes first and every
    /// connection it already accepted is handed to a handler before anything is cancelled: a
    /// wrapped connection dropped unserved trips NIO's "Deinited NIOAsyncWriter" precondition.
    public func shutdown() async {
        try? await channel.close()
        let deadline = ContinuousClock.now + .seconds(10)
        while !acceptLoopEnded.value.withLock({ $0 }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        serving.cancel()
        _ = await serving.value
    }

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, handler: Handler,
        record: @Sendable (TestHTTPRequest) -> Void
    ) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = Data()
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body = Data()
                case .body(let buffer):
                    body.append(contentsOf: buffer.readableBytesView)
                case .end:
                    guard let requestHead = head else { continue }
                    var headers: [String: String] = [:]
                    for (name, value) in requestHead.headers { headers[name.lowercased()] = value }
                    let request = TestHTTPRequest(
                        method: requestHead.method.rawValue, uri: requestHead.uri, headers: headers, body: body)
                    record(request)
                    let response = await handler(request)
                    let keepGoing = try await write(response, to: outbound)
                    if !keepGoing { return }
                }
            }
        }
    }

    /// Writes a response; returns false when the connection must be closed.
    private static func write(
        _ response: TestHTTPResponse, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws -> Bool {
        var headers = HTTPHeaders()
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        if !response.streamed {
            let length = response.parts.reduce(0) { total, part in
                if case .data(let data) = part { return total + data.count }
                return total
            }
            headers.replaceOrAdd(name: "Content-Length", value: String(length))
        }
        try await outbound.write(
            .head(
                HTTPResponseHead(
                    version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)))
        for part in response.parts {
            switch part {
            case .data(let data):
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: data))))
            case .pause(let duration):
                try await Task.sleep(for: duration)
            case .drop:
                return false
            case .hold:
                try await Task.sleep(for: .seconds(3600))
                return false
            }
        }
        try await outbound.write(.end(nil))
        return true
    }
}

/// The requests a server received, shared with its serving task.
private final class RequestLog: Sendable {
    let entries = Mutex<[TestHTTPRequest]>([])

    @Sendable func append(_ request: TestHTTPRequest) {
        entries.withLock { $0.append(request) }
    }
}

/// Set once the server's accept loop has handed its last connection to a handler.
private final class AcceptLoopFlag: Sendable {
    let value = Mutex(false)
}
