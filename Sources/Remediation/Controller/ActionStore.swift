import Foundation
import KubeAPI
import KubeModels

/// Reads and writes KarsSREActions: the seam between the remediation logic and the API server.
/// Every write carries the object's resourceVersion, so a stale writer gets a Conflict instead of
/// overwriting someone else's change.
public protocol ActionStore: Sendable {
    var namespace: String { get }
    func get(_ name: String) async throws -> ActionObject?
    func list() async throws -> [ActionObject]
    func create(_ object: JSONValue) async throws -> ActionObject
    /// Replaces `status` (status subresource), conditional on the action's resourceVersion.
    func replaceStatus(of action: ActionObject, with status: ActionStatus) async throws -> ActionObject
    /// Merge-patches `spec`, conditional on the action's resourceVersion.
    func patchSpec(of action: ActionObject, _ spec: JSONValue) async throws -> ActionObject
    /// Deletes the action if it still has the same uid.
    func delete(_ action: ActionObject) async throws
}

/// `ActionStore` over the Kubernetes API.
public struct KubeActionStore: ActionStore {
    public let client: KubeClient
    public let namespace: String

    public init(client: KubeClient, namespace: String = "kars-sre") {
        self.client = client
        self.namespace = namespace
    }

    public func get(_ name: String) async throws -> ActionObject? {
        do {
            return try ActionObject(raw: try await client.get(ActionObject.resource, name: name, namespace: namespace))
        } catch let error as KubeAPIError where error.isNotFound {
            return nil
        }
    }

    public func list() async throws -> [ActionObject] {
        let list = try await client.listAll(ActionObject.resource, namespace: namespace)
        return list.items.compactMap { try? ActionObject(raw: $0) }
    }

    public func create(_ object: JSONValue) async throws -> ActionObject {
        try ActionObject(raw: try await client.create(ActionObject.resource, object, namespace: namespace))
    }

    public func replaceStatus(of action: ActionObject, with status: ActionStatus) async throws -> ActionObject {
        let updated = try await client.updateStatus(ActionObject.resource, try action.withStatus(status), namespace: namespace)
        return try ActionObject(raw: updated)
    }

    public func patchSpec(of action: ActionObject, _ spec: JSONValue) async throws -> ActionObject {
        var patch: JSONValue = ["spec": spec]
        if let version = action.resourceVersion {
            patch["metadata"] = ["resourceVersion": .string(version)]
        }
        let updated = try await client.patch(
            ActionObject.resource, name: action.name, namespace: namespace, patch: patch, type: .merge)
        return try ActionObject(raw: updated)
    }

    public func delete(_ action: ActionObject) async throws {
        do {
            try await client.delete(
                ActionObject.resource, name: action.name, namespace: namespace,
                options: DeleteOptions(preconditionUID: action.metadata.uid))
        } catch let error as KubeAPIError where error.isNotFound {
            return
        }
    }
}
