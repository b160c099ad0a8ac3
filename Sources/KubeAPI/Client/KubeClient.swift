import Foundation
import KubeModels

/// The one way the product talks to Kubernetes: typed verbs (get, list, watch, create, update,
/// patch, delete, subresources, discovery, access reviews) over any `APIResource`, with Status
/// errors decoded into `KubeAPIError` and retries per `RetryPolicy`. Thread-safe; share one
/// instance and call `shutdown()` at the end.
public final class KubeClient: Sendable {
    public let transport: any KubeTransport
    /// Namespace used when a call passes none for a namespaced resource (from `-n` or the context).
    public let defaultNamespace: String
    public let retryPolicy: RetryPolicy

    public init(transport: any KubeTransport, defaultNamespace: String = "default", retryPolicy: RetryPolicy = .default)
    {
        self.transport = transport
        self.defaultNamespace = defaultNamespace
        self.retryPolicy = retryPolicy
    }

    /// A client over HTTPS for a resolved configuration.
    public convenience init(
        config: KubeClientConfig, retryPolicy: RetryPolicy = .default, connectTimeout: Duration = .seconds(5)
    ) throws {
        let transport = try HTTPClientTransport(config: config, connectTimeout: connectTimeout)
        self.init(transport: transport, defaultNamespace: config.namespace, retryPolicy: retryPolicy)
    }

    /// Resolves configuration like kubectl (`--kubeconfig`, `--context`, `-n`) and connects.
    public static func resolve(
        kubeconfig: String? = nil, context: String? = nil, namespace: String? = nil,
        environment: KubeConfigEnvironment = .process
    ) throws -> KubeClient {
        let config = try KubeConfigLoader(environment: environment)
            .resolve(kubeconfig: kubeconfig, context: context, namespace: namespace)
        return try KubeClient(config: config)
    }

    /// Closes connections. The client is unusable afterwards.
    public func shutdown() async throws {
        try await transport.shutdown()
    }

    // MARK: - Plumbing shared by the verbs

    /// The namespace to use for `resource`: nil for cluster-scoped, else the given or default one.
    func namespace(for resource: APIResource, _ namespace: String?) -> String? {
        guard resource.namespaced else { return nil }
        if let namespace, !namespace.isEmpty { return namespace }
        return defaultNamespace
    }

    /// Sends with retries; throws `KubeAPIError.status` for non-2xx answers.
    func perform(_ request: KubeRequest, idempotent: Bool? = nil) async throws -> KubeResponse {
        let idempotent = idempotent ?? (request.method == .get || request.method == .head)
        var attempt = 0
        while true {
            do {
                let response = try await transport.send(request)
                guard (200..<300).contains(response.status) else {
                    throw KubeAPIError.fromResponse(
                        status: response.status, headers: response.headers, body: response.body,
                        request: request.description)
                }
                return response
            } catch {
                guard let delay = retryPolicy.delay(after: error, attempt: attempt, idempotent: idempotent) else {
                    throw error
                }
                try Task.checkCancellation()
                try await retryPolicy.sleep(delay)
                attempt += 1
            }
        }
    }

    /// Opens a streaming response with the same retry rules as GET; non-2xx becomes an error.
    func performStream(_ request: KubeRequest) async throws -> KubeStreamingResponse {
        var attempt = 0
        while true {
            do {
                let response = try await transport.stream(request)
                guard (200..<300).contains(response.status) else {
                    let body = (try? await response.collect()) ?? Data()
                    throw KubeAPIError.fromResponse(
                        status: response.status, headers: response.headers, body: body, request: request.description)
                }
                return response
            } catch {
                guard let delay = retryPolicy.delay(after: error, attempt: attempt, idempotent: true) else {
                    throw error
                }
                try Task.checkCancellation()
                try await retryPolicy.sleep(delay)
                attempt += 1
            }
        }
    }

    /// Sends and decodes the body as JSON.
    func performJSON(_ request: KubeRequest, idempotent: Bool? = nil) async throws -> JSONValue {
        let response = try await perform(request, idempotent: idempotent)
        return try decode(JSONValue.self, from: response.body, request: request)
    }

    func decode<T: Decodable>(_ type: T.Type, from data: Data, request: KubeRequest) throws -> T {
        do {
            return try KubeJSON.decoder.decode(T.self, from: data)
        } catch {
            throw KubeAPIError.decoding(request: request.description, problem: "\(T.self): \(Self.describe(error))")
        }
    }

    func convert<T: Decodable>(_ value: JSONValue, to type: T.Type, request: KubeRequest) throws -> T {
        do {
            return try value.decode(as: T.self)
        } catch {
            throw KubeAPIError.decoding(request: request.description, problem: "\(T.self): \(Self.describe(error))")
        }
    }

    func encode<T: Encodable>(_ value: T) throws -> Data {
        do {
            return try KubeJSON.encoder.encode(value)
        } catch {
            throw KubeAPIError.invalidRequest("cannot encode \(T.self): \(error)")
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \(path(context.codingPath + [key]))"
        case DecodingError.typeMismatch(let type, let context):
            return "expected \(type) at \(path(context.codingPath))"
        case DecodingError.valueNotFound(let type, let context):
            return "null \(type) at \(path(context.codingPath))"
        case DecodingError.dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context.codingPath))"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.isEmpty ? "(root)" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
