import Foundation
import KubeModels

/// Sorts objects into the typed arrays of `ClusterState`, decoding each kind it models.
struct TypedCollector {
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

    mutating func add(_ object: KubeObject) throws {
        do {
            try addTyped(object)
        } catch let error as DecodingError {
            throw ClusterStateError.undecodable(object: ObjectKey(object).description, detail: error.readableDescription)
        }
    }

    private mutating func addTyped(_ object: KubeObject) throws {
        let group = object.apiVersion.split(separator: "/").dropLast().first.map(String.init) ?? ""
        switch (group, object.kind) {
        case ("", "Namespace"): namespaces.append(try object.decode())
        case ("", "Node"): nodes.append(try object.decode())
        case ("", "Pod"): pods.append(try object.decode())
        case ("apps", "Deployment"): deployments.append(try object.decode())
        case ("apps", "ReplicaSet"): replicaSets.append(try object.decode())
        case ("apps", "StatefulSet"): statefulSets.append(try object.decode())
        case ("apps", "DaemonSet"): daemonSets.append(try object.decode())
        case ("batch", "Job"): jobs.append(try object.decode())
        case ("batch", "CronJob"): cronJobs.append(try object.decode())
        case ("", "Service"): services.append(try object.decode())
        case ("discovery.k8s.io", "EndpointSlice"): endpointSlices.append(try object.decode())
        case ("", "Endpoints"): endpoints.append(try object.decode())
        case ("", "ResourceQuota"): resourceQuotas.append(try object.decode())
        case ("", "PersistentVolumeClaim"): persistentVolumeClaims.append(try object.decode())
        case ("", "ConfigMap"): configMaps.append(try object.decode())
        case ("", "Secret"): secrets.append(try object.decode())
        case ("kars.azure.com", "KarsSandbox"): karsSandboxes.append(try object.decode())
        case ("kars.azure.com", "KarsSREAction"): karsSREActions.append(try object.decode())
        case ("", "Event"): events.append(NormalizedEvent(try object.decode(as: CoreEvent.self)))
        case ("events.k8s.io", "Event"): events.append(NormalizedEvent(try object.decode(as: EventsV1Event.self)))
        default: break
        }
    }
}

extension Array where Element == NormalizedEvent {
    /// One entry per event object: the same event read through both APIs (same uid, or same
    /// namespace and name) is kept once, preferring the core/v1 form.
    func deduplicated() -> [NormalizedEvent] {
        var seen: Set<String> = []
        var result: [NormalizedEvent] = []
        for event in sorted(by: { $0.api == "v1" && $1.api != "v1" }) {
            let identity = event.uid.map { "uid:\($0)" } ?? "name:\(event.namespace ?? "")/\(event.name)"
            let nameIdentity = "name:\(event.namespace ?? "")/\(event.name)"
            if seen.contains(identity) || seen.contains(nameIdentity) { continue }
            seen.insert(identity)
            seen.insert(nameIdentity)
            result.append(event)
        }
        return result
    }
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
