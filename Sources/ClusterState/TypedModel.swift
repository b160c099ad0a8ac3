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

    /// Decodes from the dynamic object (the slow path, for objects built in memory).
    static func decode(_ object: KubeObject) throws -> TypedModel? {
        try decode(apiVersion: object.apiVersion, kind: object.kind) { type in try object.raw.decode(as: type) }
    }
}

/// An object and its typed model (decoded straight from the dynamic tree).
struct DecodedObject: Sendable {
    let object: KubeObject
    let typed: TypedModel?

    init(object: KubeObject) throws {
        self.object = object
        do {
            typed = try TypedModel.decode(object)
        } catch let error as DecodingError {
            throw ClusterStateError.undecodable(object: ObjectKey(object).description, detail: error.readableDescription)
        }
    }
}
