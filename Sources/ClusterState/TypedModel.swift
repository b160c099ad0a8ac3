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

    /// Decodes an item of a List: the typed model first, whose metadata then serves the object.
    init(item: JSONValue, index: Int, source: String) throws {
        guard let kind = item["kind"]?.stringValue, let apiVersion = item["apiVersion"]?.stringValue else {
            throw ClusterStateError.notKubernetesJSON(path: source, reason: "items[\(index)] has no apiVersion or kind")
        }
        if let event = NormalizedEvent(json: item) {
            // Events: normalised directly, metadata built by hand (the hot path).
            var metadata = ObjectMeta(name: event.name, namespace: event.namespace)
            metadata.uid = event.uid
            object = KubeObject(raw: item, apiVersion: apiVersion, kind: kind, metadata: metadata)
            typed = .event(event)
            return
        }
        let name = item[path: "metadata", "name"]?.stringValue ?? "items[\(index)]"
        do {
            typed = try TypedModel.decode(apiVersion: apiVersion, kind: kind) { type in try item.decode(as: type) }
            if let metadata = typed?.metadata {
                object = KubeObject(raw: item, apiVersion: apiVersion, kind: kind, metadata: metadata)
            } else {
                object = try KubeObject(raw: item)
            }
        } catch let error as DecodingError {
            throw ClusterStateError.undecodable(object: "\(kind) \(name) in \(source)", detail: error.readableDescription)
        }
    }

    /// Decodes many items on all cores, keeping their order.
    static func decodeConcurrently(_ items: [JSONValue], source: String) throws -> [DecodedObject] {
        let workers = min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 8)
        guard items.count >= 2048, workers > 1 else {
            return try items.enumerated().map { try DecodedObject(item: $1, index: $0, source: source) }
        }
        let chunk = (items.count + workers - 1) / workers
        let results = ChunkResults(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (worker * chunk)..<min(items.count, (worker + 1) * chunk)
            results.store(worker, Result { try range.map { try DecodedObject(item: items[$0], index: $0, source: source) } })
        }
        return try results.collect()
    }
}

/// Per-worker results of a concurrent decode, joined in order.
private final class ChunkResults: @unchecked Sendable {
    private var slots: [Result<[DecodedObject], Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ result: Result<[DecodedObject], Error>) {
        lock.withLock { slots[index] = result }
    }

    func collect() throws -> [DecodedObject] {
        try lock.withLock { try slots.flatMap { try $0?.get() ?? [] } }
    }
}
