import Foundation
import KubeModels
@testable import KubeSim

/// Reads of a simulation's store that the controller tests share.
extension KubeSimulation {
    func object(_ resource: GroupResource, _ namespace: String?, _ name: String) async -> JSONValue? {
        try? await store.get(resource, namespace: namespace, name: name)
    }

    func objects(_ resource: GroupResource, _ namespace: String? = nil) async -> [JSONValue] {
        (try? await store.list(resource, namespace: namespace).items.map(\.object)) ?? []
    }

    func pods(_ namespace: String, app: String) async -> [JSONValue] {
        await objects(.pods, namespace).filter { $0.labels["app"] == app }
    }

    func events(_ namespace: String, reason: String) async -> [JSONValue] {
        await objects(.events, namespace).filter { $0["reason"]?.stringValue == reason }
    }

    func deploymentAvailable(_ namespace: String, _ name: String) async -> Bool {
        guard let deployment = await object(.deployments, namespace, name) else { return false }
        let status = deployment["status"] ?? .null
        let replicas = deployment.specReplicas
        return (status["observedGeneration"]?.intValue ?? 0) >= deployment.generation
            && Int(status["updatedReplicas"]?.intValue ?? 0) == replicas
            && Int(status["availableReplicas"]?.intValue ?? 0) >= replicas
            && Int(status["replicas"]?.intValue ?? 0) == replicas
    }

    /// Writes the cluster as a `kubectl get -o json` List to a temporary file.
    func writeSnapshot(named name: String) async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-snapshots-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("\(name).json").path
        try Data(JSONWriter.encode(await snapshot())).write(to: URL(fileURLWithPath: path))
        return path
    }
}
