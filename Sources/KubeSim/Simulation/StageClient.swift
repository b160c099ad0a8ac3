import Foundation
import KubeModels

/// What staging an incident needs from a cluster: a few verbs and a way to wait.
///
/// Exists so that the same scenario definitions run in process against a `KubeSimulation` (through
/// its store, on its clock: deterministic in tests) and against a running `kars-sre sim up` through
/// the API with a kubeconfig, like any client (`KubeClientStageClient`).
public protocol StageClient: Sendable {
    /// The object, or nil when it does not exist.
    func get(_ resource: GroupResource, namespace: String?, name: String) async throws -> JSONValue?
    func list(_ resource: GroupResource, namespace: String?) async throws -> [JSONValue]
    func create(_ resource: GroupResource, _ object: JSONValue) async throws
    /// A JSON merge patch, of the object or (`status: true`) of its status.
    func patch(_ resource: GroupResource, namespace: String?, name: String, _ body: JSONValue, status: Bool) async throws
    /// Deletes; a missing object is not an error.
    func delete(_ resource: GroupResource, namespace: String?, name: String) async throws
    /// Lets time pass until `condition` holds, for at most `seconds` of simulated time in process
    /// (or of wall time against a remote cluster); returns whether it held.
    func wait(upTo seconds: Double, until condition: @escaping @Sendable () async throws -> Bool) async throws -> Bool
    /// The cluster's current time.
    func now() async -> Date
}

/// Stages through a simulation's store, as admin, on the simulation's clock.
public struct SimulationStageClient: StageClient {
    public let simulation: KubeSimulation

    public init(_ simulation: KubeSimulation) { self.simulation = simulation }

    private var store: ClusterStore { simulation.store }

    public func get(_ resource: GroupResource, namespace: String?, name: String) async throws -> JSONValue? {
        do {
            return try await store.get(resource, namespace: namespace, name: name)
        } catch {
            if error.code == 404 { return nil }
            throw error
        }
    }

    public func list(_ resource: GroupResource, namespace: String?) async throws -> [JSONValue] {
        try await store.list(resource, namespace: namespace).items.map(\.object)
    }

    public func create(_ resource: GroupResource, _ object: JSONValue) async throws {
        let namespace = object.namespace
        _ = try await store.create(resource, namespace: namespace.isEmpty ? nil : namespace, object)
    }

    public func patch(_ resource: GroupResource, namespace: String?, name: String, _ body: JSONValue, status: Bool) async throws {
        _ = try await store.patch(resource, namespace: namespace, name: name, type: .merge, body: body, subresource: status ? "status" : nil)
    }

    public func delete(_ resource: GroupResource, namespace: String?, name: String) async throws {
        do {
            _ = try await store.delete(resource, namespace: namespace, name: name)
        } catch {
            if error.code != 404 { throw error }
        }
    }

    public func wait(upTo seconds: Double, until condition: @escaping @Sendable () async throws -> Bool) async throws -> Bool {
        await simulation.advance(by: seconds) { (try? await condition()) ?? false }
    }

    public func now() async -> Date { simulation.clock.now() }
}
