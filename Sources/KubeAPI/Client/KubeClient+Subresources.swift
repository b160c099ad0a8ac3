import Foundation
import KubeModels

/// The subresources kars-sre uses: status, scale, pod logs and ServiceAccount tokens.
extension KubeClient {
    // MARK: status

    public func getStatus(_ resource: APIResource, name: String, namespace: String? = nil) async throws -> JSONValue {
        try await get(resource, name: name, namespace: namespace, subresource: "status")
    }

    public func updateStatus(
        _ resource: APIResource, _ object: JSONValue, namespace: String? = nil, options: WriteOptions = .none
    ) async throws -> JSONValue {
        try await update(resource, object, namespace: namespace, subresource: "status", options: options)
    }

    public func patchStatus(
        _ resource: APIResource, name: String, namespace: String? = nil, patch: JSONValue, type: PatchType = .merge,
        options: WriteOptions = .none
    ) async throws -> JSONValue {
        try await self.patch(
            resource, name: name, namespace: namespace, patch: patch, type: type, subresource: "status",
            options: options)
    }

    // MARK: scale

    public func getScale(_ resource: APIResource, name: String, namespace: String? = nil) async throws -> Scale {
        try await get(resource, name: name, namespace: namespace, subresource: "scale", as: Scale.self)
    }

    /// Sets `spec.replicas` through the scale subresource (merge patch).
    @discardableResult
    public func scale(
        _ resource: APIResource, name: String, namespace: String? = nil, replicas: Int, options: WriteOptions = .none
    ) async throws -> Scale {
        let answer = try await patch(
            resource, name: name, namespace: namespace, patch: ["spec": ["replicas": .int(Int64(replicas))]],
            type: .merge, subresource: "scale", options: options)
        return try convert(answer, to: Scale.self, request: KubeRequest(path: "scale"))
    }

    // MARK: logs

    /// The log of one container as text.
    public func logs(pod: String, namespace: String? = nil, options: LogOptions = LogOptions()) async throws -> String {
        let path = try APIResource.pods.path(
            namespace: self.namespace(for: .pods, namespace), name: pod, subresource: "log")
        let response = try await perform(
            KubeRequest(method: .get, path: path, query: options.queryItems(follow: false), headers: ["Accept": "*/*"]))
        return String(decoding: response.body, as: UTF8.self)
    }

    /// Follows a container log: yields complete lines (without the newline) as they are written.
    public func followLogs(
        pod: String, namespace: String? = nil, options: LogOptions = LogOptions()
    ) async throws -> AsyncThrowingStream<String, Error> {
        let path = try APIResource.pods.path(
            namespace: self.namespace(for: .pods, namespace), name: pod, subresource: "log")
        let response = try await performStream(
            KubeRequest(method: .get, path: path, query: options.queryItems(follow: true), headers: ["Accept": "*/*"]))
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: String.self)
        let pump = Task {
            var splitter = LineSplitter()
            do {
                for try await chunk in response.body {
                    for line in splitter.append(chunk) { continuation.yield(String(decoding: line, as: UTF8.self)) }
                }
                if let last = splitter.finish() { continuation.yield(String(decoding: last, as: UTF8.self)) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in pump.cancel() }
        return stream
    }

    // MARK: token

    /// Mints a token for a ServiceAccount (TokenRequest, `authentication.k8s.io/v1`).
    public func createToken(
        serviceAccount: String, namespace: String? = nil, audiences: [String] = [], expirationSeconds: Int = 600
    ) async throws -> ServiceAccountToken {
        let path = try APIResource.serviceAccounts.path(
            namespace: self.namespace(for: .serviceAccounts, namespace), name: serviceAccount, subresource: "token")
        var spec: [String: JSONValue] = ["expirationSeconds": .int(Int64(expirationSeconds))]
        if !audiences.isEmpty { spec["audiences"] = .array(audiences.map { .string($0) }) }
        let body: JSONValue = [
            "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": .object(spec),
        ]
        let request = KubeRequest(
            method: .post, path: path, headers: ["Content-Type": "application/json"], body: try encode(body))
        let answer = try await performJSON(request, idempotent: false)
        guard let token = answer[path: "status", "token"]?.stringValue, !token.isEmpty else {
            throw KubeAPIError.decoding(request: request.description, problem: "TokenRequest status has no token")
        }
        let expiration = answer[path: "status", "expirationTimestamp"]?.stringValue.flatMap(KubeTime.parse)
        return ServiceAccountToken(token: token, expirationTimestamp: expiration)
    }
}
