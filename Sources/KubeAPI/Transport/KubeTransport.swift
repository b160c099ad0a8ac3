import Foundation

/// One query parameter (order is kept so recorded requests are stable).
public struct QueryItem: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// HTTP methods the Kubernetes API uses.
public enum HTTPVerb: String, Sendable, Hashable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case patch = "PATCH"
    case delete = "DELETE"
    case head = "HEAD"
}

/// A request to the API server, relative to the configured server URL. Kept free of any HTTP
/// library type so fake and recording transports are trivial to write.
public struct KubeRequest: Sendable, Hashable, CustomStringConvertible {
    public var method: HTTPVerb
    /// Absolute API path such as `/api/v1/namespaces/default/pods`.
    public var path: String
    public var query: [QueryItem]
    /// Extra headers (Accept, Content-Type). Authorization is added by the transport.
    public var headers: [String: String]
    public var body: Data?
    /// Overall deadline for the request; nil uses the transport's default.
    public var timeout: Duration?

    public init(
        method: HTTPVerb = .get, path: String, query: [QueryItem] = [], headers: [String: String] = [:],
        body: Data? = nil, timeout: Duration? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// `path?query`, percent-encoded.
    public var target: String {
        guard !query.isEmpty else { return path }
        let encoded = query.map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }.joined(separator: "&")
        return "\(path)?\(encoded)"
    }

    /// `GET /api/v1/pods?limit=500`: how requests are named in errors and logs (no secrets in it).
    public var description: String { "\(method.rawValue) \(target)" }

    /// The value of one query parameter, for tests and fakes.
    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

    private static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// A complete response.
public struct KubeResponse: Sendable, Hashable {
    public var status: Int
    /// Header names are lower-cased.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = Dictionary(
            headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// A response whose body arrives over time (watch, follow logs).
public struct KubeStreamingResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    /// Body chunks as they arrive; finishes when the server ends the response, throws when the
    /// connection breaks. Cancelling the consuming task closes the connection.
    public var body: AsyncThrowingStream<Data, Error>

    public init(status: Int, headers: [String: String] = [:], body: AsyncThrowingStream<Data, Error>) {
        self.status = status
        self.headers = Dictionary(
            headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    /// Collects the whole body (used for error responses).
    public func collect(limit: Int = 1 << 20) async throws -> Data {
        var data = Data()
        for try await chunk in body {
            data.append(chunk)
            if data.count >= limit { break }
        }
        return data
    }
}

/// The seam between the API verbs and the network: the default implementation speaks HTTPS via
/// AsyncHTTPClient; tests and ClusterState use fakes or recorders. A transport is bound to one
/// server and handles authentication (including refresh after a 401) itself.
public protocol KubeTransport: Sendable {
    /// The server URL, for messages.
    var server: String { get }
    /// Where the configuration came from (kubeconfig path and context), for messages.
    var originDescription: String { get }
    /// Sends a request and collects the whole response.
    func send(_ request: KubeRequest) async throws -> KubeResponse
    /// Sends a request and returns as soon as the response head arrives.
    func stream(_ request: KubeRequest) async throws -> KubeStreamingResponse
    /// Releases connections; the transport is unusable afterwards.
    func shutdown() async throws
}

extension KubeTransport {
    public var originDescription: String { "explicit configuration" }
    public func shutdown() async throws {}
}
