import Foundation
import KubeModels

/// One object decoded into the typed model of its kind, if the state models that kind.
enum TypedModel: Sendable {
    case namespace(Namespace), node(Node), pod(Pod), deployment(Deployment), replicaSet(ReplicaSet)
    case statefulSet(StatefulSet), daemonSet(DaemonSet), job(Job), cronJob(CronJob), service(Service)
    case endpointSlice(EndpointSlice), endpoints(Endpoints), resourceQuota(ResourceQuota)
    case persistentVolumeClaim(PersistentVolumeClaim), configMap(ConfigMapInfo), secret(SecretInfo)
    case karsSandbox(KarsSandbox), karsSREAction(KarsSREAction), event(NormalizedEvent)

    /// Decodes the model for `apiVersion`/`kind` with `decode`, or nil for kinds not modelled.
    static func decode(apiVersion: String, kind: String, _ decode: (any Decodable.Type) throws -> any Decodable) throws -> TypedModel? {
        let group = apiVersion.contains("/") ? String(apiVersion.split(separator: "/")[0]) : ""
        func typed<T: Decodable>(_ type: T.Type) throws -> T {
            guard let value = try decode(type) as? T else { throw KubeModelError.notAKubernetesObject(reason: "decoded wrong type") }
            return value
        }
        switch (group, kind) {
        case ("", "Namespace"): return .namespace(try typed(Namespace.self))
        case ("", "Node"): return .node(try typed(Node.self))
        case ("", "Pod"): return .pod(try typed(Pod.self))
        case ("apps", "Deployment"): return .deployment(try typed(Deployment.self))
        case ("apps", "ReplicaSet"): return .replicaSet(try typed(ReplicaSet.self))
        case ("apps", "StatefulSet"): return .statefulSet(try typed(StatefulSet.self))
        case ("apps", "DaemonSet"): return .daemonSet(try typed(DaemonSet.self))
        case ("batch", "Job"): return .job(try typed(Job.self))
        case ("batch", "CronJob"): return .cronJob(try typed(CronJob.self))
        case ("", "Service"): return .service(try typed(Service.self))
        case ("discovery.k8s.io", "EndpointSlice"): return .endpointSlice(try typed(EndpointSlice.self))
        case ("", "Endpoints"): return .endpoints(try typed(Endpoints.self))
        case ("", "ResourceQuota"): return .resourceQuota(try typed(ResourceQuota.self))
        case ("", "PersistentVolumeClaim"): return .persistentVolumeClaim(try typed(PersistentVolumeClaim.self))
        case ("", "ConfigMap"): return .configMap(try typed(ConfigMapInfo.self))
        case ("", "Secret"): return .secret(try typed(SecretInfo.self))
        case ("kars.azure.com", "KarsSandbox"): return .karsSandbox(try typed(KarsSandbox.self))
        case ("kars.azure.com", "KarsSREAction"): return .karsSREAction(try typed(KarsSREAction.self))
        case ("", "Event"): return .event(NormalizedEvent(try typed(CoreEvent.self)))
        case ("events.k8s.io", "Event"): return .event(NormalizedEvent(try typed(EventsV1Event.self)))
        default: return nil
        }
    }

    /// The hand-written readers of the most numerous kinds (`init?(json:)`): nil for other kinds,
    /// and for trees those readers leave to `Codable` (which then reports what is wrong).
    static func decodeFast(apiVersion: String, kind: String, tree: JSONValue) -> TypedModel? {
        let group = apiVersion.contains("/") ? String(apiVersion.split(separator: "/")[0]) : ""
        switch (group, kind) {
        case ("", "Pod"): return Pod(json: tree).map { .pod($0) }
        case ("apps", "ReplicaSet"): return ReplicaSet(json: tree).map { .replicaSet($0) }
        case ("apps", "Deployment"): return Deployment(json: tree).map { .deployment($0) }
        case ("", "Service"): return Service(json: tree).map { .service($0) }
        case ("", "Node"): return Node(json: tree).map { .node($0) }
        case ("", "Namespace"): return Namespace(json: tree).map { .namespace($0) }
        default: return nil
        }
    }

    /// `decodeFast(apiVersion:kind:tree:)` for an item on a tape, read straight from its bytes.
    static func decodeFast(apiVersion: String, kind: String, tape: JSONTapeNode) -> TypedModel? {
        let group = apiVersion.contains("/") ? String(apiVersion.split(separator: "/")[0]) : ""
        switch (group, kind) {
        case ("", "Pod"): return Pod(tape: tape).map { .pod($0) }
        case ("apps", "ReplicaSet"): return ReplicaSet(tape: tape).map { .replicaSet($0) }
        case ("apps", "Deployment"): return Deployment(tape: tape).map { .deployment($0) }
        case ("", "Service"): return Service(tape: tape).map { .service($0) }
        case ("", "Node"): return Node(tape: tape).map { .node($0) }
        case ("", "Namespace"): return Namespace(tape: tape).map { .namespace($0) }
        default: return nil
        }
    }

    /// Decodes from the dynamic object.
    static func decode(_ object: KubeObject) throws -> TypedModel? {
        try decode(apiVersion: object.apiVersion, kind: object.kind) { type in try object.raw.decode(as: type) }
    }

    /// The decoded model's metadata (events excepted: their normalised form drops it).
    var metadata: ObjectMeta? {
        switch self {
        case .namespace(let value): return value.metadata
        case .node(let value): return value.metadata
        case .pod(let value): return value.metadata
        case .deployment(let value): return value.metadata
        case .replicaSet(let value): return value.metadata
        case .statefulSet(let value): return value.metadata
        case .daemonSet(let value): return value.metadata
        case .job(let value): return value.metadata
        case .cronJob(let value): return value.metadata
        case .service(let value): return value.metadata
        case .endpointSlice(let value): return value.metadata
        case .endpoints(let value): return value.metadata
        case .resourceQuota(let value): return value.metadata
        case .persistentVolumeClaim(let value): return value.metadata
        case .configMap(let value): return value.metadata
        case .secret(let value): return value.metadata
        case .karsSandbox(let value): return value.metadata
        case .karsSREAction(let value): return value.metadata
        case .event: return nil
        }
    }
}
