import Foundation
import KubeAPI
import KubeModels

/// Stages through the Kubernetes API with a `KubeClient`, like any client of a running
/// `kars-sre sim up` (waits are polls on the wall clock).
public struct KubeClientStageClient: StageClient {
    public let client: KubeClient
    /// How often a wait polls.
    public var pollInterval: Duration

    public init(client: KubeClient, pollInterval: Duration = .milliseconds(250)) {
        self.client = client
        self.pollInterval = pollInterval
    }

    static func apiResource(_ resource: GroupResource) throws -> APIResource {
        if let known = APIResource.wellKnown.first(where: { $0.group == resource.group && $0.name == resource.resource }) {
            return known
        }
        throw StageError(description: "no API resource known for \(resource)")
    }

    private static func isNotFound(_ error: any Error) -> Bool {
        (error as? KubeAPIError)?.httpCode == 404
    }

    public func get(_ resource: GroupResource, namespace: String?, name: String) async throws -> JSONValue? {
        do {
            return try await client.get(try Self.apiResource(resource), name: name, namespace: namespace)
        } catch {
            if Self.isNotFound(error) { return nil }
            throw error
        }
    }

    public func list(_ resource: GroupResource, namespace: String?) async throws -> [JSONValue] {
        try await client.list(try Self.apiResource(resource), namespace: namespace).items
    }

    public func create(_ resource: GroupResource, _ object: JSONValue) async throws {
        let namespace = object[path: "metadata", "namespace"]?.stringValue
        _ = try await client.create(try Self.apiResource(resource), object, namespace: namespace)
    }

    public func patch(_ resource: GroupResource, namespace: String?, name: String, _ body: JSONValue, status: Bool) async throws {
        _ = try await client.patch(
            try Self.apiResource(resource), name: name, namespace: namespace, patch: body, type: .merge,
            subresource: status ? "status" : nil)
    }

    public func delete(_ resource: GroupResource, namespace: String?, name: String) async throws {
        do {
            _ = try await client.delete(try Self.apiResource(resource), name: name, namespace: namespace)
        } catch {
            if !Self.isNotFound(error) { throw error }
        }
    }

    public func wait(upTo seconds: Double, until condition: @escaping @Sendable () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while true {
            if try await condition() { return true }
            if ContinuousClock.now >= deadline { return false }
            try await Task.sleep(for: pollInterval)
        }
    }

    /// The cluster's time, which on a `sim up --speed N` runs ahead of the wall clock: the creation
    /// timestamp the server stamps on a dry-run ConfigMap (nothing is stored). The wall clock when
    /// the server does not answer.
    public func now() async -> Date {
        let probe: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "kubesim-clock-probe", "namespace": "default"],
        ]
        if let resource = try? Self.apiResource(.configmaps),
            let created = try? await client.create(resource, probe, namespace: "default", options: KubeAPI.WriteOptions(dryRun: true)),
            let text = created[path: "metadata", "creationTimestamp"]?.stringValue, let date = KubeTime.parse(text)
        {
            return date
        }
        return Date()
    }
}
