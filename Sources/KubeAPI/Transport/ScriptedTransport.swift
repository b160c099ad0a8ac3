import Foundation
import Synchronization

/// An in-memory `KubeTransport` answering from a closure and recording every request: lets
/// tests of KubeAPI, ClusterState and the controllers exercise the real verbs, retries and watch
/// parsing without a network.
public final class ScriptedTransport: KubeTransport {
    /// Answers one request. Throw a `KubeAPIError.unreachable` to simulate network failures.
    public typealias Handler = @Sendable (KubeRequest) async throws -> KubeResponse
    /// Answers one streaming request with status and body chunks.
    public typealias StreamHandler = @Sendable (KubeRequest) async throws -> (status: Int, chunks: [Data])

    public let server: String
    public let originDescription: String
    private let handler: Handler
    private let streamHandler: StreamHandler
    private let log = Mutex<[KubeRequest]>([])

    public init(
        server: String = "https://scripted.invalid", originDescription: String = "scripted transport",
        handler: @escaping Handler,
        stream: @escaping StreamHandler = { _ in
            (404, [Data(#"{"kind":"Status","code":404,"reason":"NotFound"}"#.utf8)])
        }
    ) {
        self.server = server
        self.originDescription = originDescription
        self.handler = handler
        self.streamHandler = stream
    }

    /// Every request sent so far, in order.
    public var requests: [KubeRequest] { log.withLock { $0 } }

    public func send(_ request: KubeRequest) async throws -> KubeResponse {
        log.withLock { $0.append(request) }
        return try await handler(request)
    }

    public func stream(_ request: KubeRequest) async throws -> KubeStreamingResponse {
        log.withLock { $0.append(request) }
        let (status, chunks) = try await streamHandler(request)
        let body = AsyncThrowingStream<Data, Error> { continuation in
            for chunk in chunks { continuation.yield(chunk) }
            continuation.finish()
        }
        return KubeStreamingResponse(status: status, body: body)
    }
}

extension KubeResponse {
    /// A JSON response from text, for scripted transports.
    public static func json(_ status: Int = 200, _ text: String, headers: [String: String] = [:]) -> KubeResponse {
        var headers = headers
        headers["content-type"] = "application/json"
        return KubeResponse(status: status, headers: headers, body: Data(text.utf8))
    }
}
