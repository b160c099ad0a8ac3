import Foundation
import KubeModels

/// Sorts objects into the typed arrays of `ClusterState`, decoding each kind it models.
struct TypedCollector: Sendable {
    var namespaces: [Namespace] = []
    var nodes: [Node] = []
    var pods: [Pod] = []
    var deployments: [Deployment] = []
    var replicaSets: [ReplicaSet] = []
    var statefulSets: [StatefulSet] = []
    var daemonSets: [DaemonSet] = []
    var jobs: [Job] = []
    var cronJobs: [CronJob] = []
    var services: [Service] = []
    var endpointSlices: [EndpointSlice] = []
    var endpoints: [Endpoints] = []
    var resourceQuotas: [ResourceQuota] = []
    var persistentVolumeClaims: [PersistentVolumeClaim] = []
    var configMaps: [ConfigMapInfo] = []
    var secrets: [SecretInfo] = []
    var karsSandboxes: [KarsSandbox] = []
    var karsSREActions: [KarsSREAction] = []
    var events: [NormalizedEvent] = []

    /// Appends another collector's models after this one's, kind by kind.
    mutating func append(_ other: TypedCollector) {
        func merge<T>(_ mine: inout [T], _ theirs: [T]) {
            if mine.isEmpty { mine = theirs } else { mine += theirs }
        }
        merge(&namespaces, other.namespaces)
        merge(&nodes, other.nodes)
        merge(&pods, other.pods)
        merge(&deployments, other.deployments)
        merge(&replicaSets, other.replicaSets)
        merge(&statefulSets, other.statefulSets)
        merge(&daemonSets, other.daemonSets)
        merge(&jobs, other.jobs)
        merge(&cronJobs, other.cronJobs)
        merge(&services, other.services)
        merge(&endpointSlices, other.endpointSlices)
        merge(&endpoints, other.endpoints)
        merge(&resourceQuotas, other.resourceQuotas)
        merge(&persistentVolumeClaims, other.persistentVolumeClaims)
        merge(&configMaps, other.configMaps)
        merge(&secrets, other.secrets)
        merge(&karsSandboxes, other.karsSandboxes)
        merge(&karsSREActions, other.karsSREActions)
        merge(&events, other.events)
    }

    mutating func add(_ model: TypedModel) {
        switch model {
        case .namespace(let value): namespaces.append(value)
        case .node(let value): nodes.append(value)
        case .pod(let value): pods.append(value)
        case .deployment(let value): deployments.append(value)
        case .replicaSet(let value): replicaSets.append(value)
        case .statefulSet(let value): statefulSets.append(value)
        case .daemonSet(let value): daemonSets.append(value)
        case .job(let value): jobs.append(value)
        case .cronJob(let value): cronJobs.append(value)
        case .service(let value): services.append(value)
        case .endpointSlice(let value): endpointSlices.append(value)
        case .endpoints(let value): endpoints.append(value)
        case .resourceQuota(let value): resourceQuotas.append(value)
        case .persistentVolumeClaim(let value): persistentVolumeClaims.append(value)
        case .configMap(let value): configMaps.append(value)
        case .secret(let value): secrets.append(value)
        case .karsSandbox(let value): karsSandboxes.append(value)
        case .karsSREAction(let value): karsSREActions.append(value)
        case .event(let value): events.append(value)
        }
    }
}

extension Array where Element == NormalizedEvent {
    /// One entry per event object: the same event read through both APIs (same uid, or same
    /// namespace and name) is kept once, preferring the core/v1 form.
    func deduplicated() -> [NormalizedEvent] {
        var seen: Set<EventIdentity> = []
        seen.reserveCapacity(count * 2)
        // core/v1 first, each API in its original order (a stable sort on "is core/v1").
        let order = indices.filter { self[$0].api == "v1" } + indices.filter { self[$0].api != "v1" }
        var kept: [Int] = []
        kept.reserveCapacity(count)
        for position in order {
            let nameIdentity = EventIdentity.name((self[position].namespace ?? "") + "/" + self[position].name)
            let identity = self[position].uid.map { EventIdentity.uid($0) } ?? nameIdentity
            if seen.contains(identity) || seen.contains(nameIdentity) { continue }
            seen.insert(identity)
            seen.insert(nameIdentity)
            kept.append(position)
        }
        // Usually nothing moved and nothing was dropped: the events as they are, without copying.
        if kept.count == count, kept.elementsEqual(indices) { return self }
        return kept.map { self[$0] }
    }
}

/// Who an event is for de-duplication: `uid:UID` or `name:NAMESPACE/NAME`, without the text.
private enum EventIdentity: Hashable {
    case uid(String)
    case name(String)
}

extension DecodingError {
    /// A one-line description naming the JSON path that failed.
    var readableDescription: String {
        func path(_ context: Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch self {
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context): return "\(path(context)): missing \(type)"
        case .keyNotFound(let key, let context): return "\(path(context)).\(key.stringValue): missing field"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return String(describing: self)
        }
    }
}
