import Foundation
import KubeAPI
import KubeModels

/// What recovery is judged on, as the controller's watches see it: Deployments, StatefulSets and
/// Events of every namespace, each kept by a reflector.
public struct RecoveryObservation: Sendable {
    public let deployments: ObjectCache
    public let statefulSets: ObjectCache
    public let events: ObjectCache

    public init() {
        deployments = ObjectCache(resource: .deployments)
        statefulSets = ObjectCache(resource: .statefulSets)
        events = ObjectCache(resource: .events)
    }

    public var caches: [ObjectCache] { [deployments, statefulSets, events] }

    /// True once every watch delivered its first full list (before that, "no unavailable
    /// workload" would mean nothing).
    public var isSynced: Bool {
        get async {
            for cache in caches where await !cache.isSynced { return false }
            return true
        }
    }

    /// Health of every Deployment and StatefulSet in a namespace.
    public func workloads(namespace: String) async -> [WorkloadHealth] {
        let objects = await deployments.items(namespace: namespace) + statefulSets.items(namespace: namespace)
        return objects.compactMap(WorkloadHealth.init).sorted { ($0.kind, $0.name) < ($1.kind, $1.name) }
    }

    /// Events of a namespace.
    public func events(namespace: String) async -> [JSONValue] {
        await events.items(namespace: namespace)
    }
}
