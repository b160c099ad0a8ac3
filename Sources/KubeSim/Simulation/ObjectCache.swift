import KubeModels

/// What the simulated controllers see of the cluster: the informer cache of a controller manager.
///
/// Exists because controllers read far more often than they write: reconciling a ReplicaSet must not
/// scan every pod of the store. The cache is fed from the store's change feed in commit order, and
/// indexes objects by namespace, by uid, by controlling owner and (pods) by node.
struct ObjectCache {
    /// resource → namespace ("" for cluster scope) → name → object.
    private(set) var objects: [GroupResource: [String: [String: JSONValue]]] = [:]
    private var uids: [String: (resource: GroupResource, key: ObjectKey)] = [:]
    /// controlling owner uid → dependents.
    private var controlled: [String: Set<CachedRef>] = [:]
    /// node name → pods bound to it.
    private var podsOnNode: [String: Set<ObjectKey>] = [:]
    /// Per-object resource versions, to ignore stale deliveries during the initial sync.
    private var versions: [CachedRef: UInt64] = [:]

    /// One cached object's identity.
    struct CachedRef: Hashable, Sendable {
        var resource: GroupResource
        var key: ObjectKey
    }

    static let tracked: Set<GroupResource> = [
        .nodes, .namespaces, .pods, .services, .configmaps, .secrets, .deployments, .replicasets, .statefulsets,
        .daemonsets, .resourcequotas, SimResource.jobs, SimResource.endpoints, SimResource.endpointslices,
        SimResource.leases, SimResource.karssandboxes, SimResource.persistentvolumeclaims, SimResource.controllerrevisions,
    ]

    func get(_ resource: GroupResource, _ namespace: String, _ name: String) -> JSONValue? {
        objects[resource]?[namespace]?[name]
    }

    func get(_ resource: GroupResource, _ key: ObjectKey) -> JSONValue? {
        objects[resource]?[key.namespace]?[key.name]
    }

    /// Objects of a resource, in one namespace or all, sorted by namespace then name.
    func list(_ resource: GroupResource, namespace: String? = nil) -> [JSONValue] {
        guard let byNamespace = objects[resource] else { return [] }
        if let namespace {
            guard let names = byNamespace[namespace] else { return [] }
            return names.keys.sorted().compactMap { names[$0] }
        }
        return byNamespace.keys.sorted().flatMap { namespace -> [JSONValue] in
            let names = byNamespace[namespace] ?? [:]
            return names.keys.sorted().compactMap { names[$0] }
        }
    }

    func count(_ resource: GroupResource) -> Int {
        objects[resource]?.values.reduce(0) { $0 + $1.count } ?? 0
    }

    func object(uid: String) -> (resource: GroupResource, object: JSONValue)? {
        guard let location = uids[uid], let object = get(location.resource, location.key) else { return nil }
        return (location.resource, object)
    }

    /// Objects of `resource` whose controlling owner has `uid`, sorted by name.
    func controlled(by uid: String, _ resource: GroupResource) -> [JSONValue] {
        (controlled[uid] ?? []).filter { $0.resource == resource }.sorted { $0.key < $1.key }
            .compactMap { get($0.resource, $0.key) }
    }

    func pods(onNode node: String) -> [JSONValue] {
        (podsOnNode[node] ?? []).sorted().compactMap { get(.pods, $0) }
    }

    /// Applies one change; returns false for a stale delivery (already superseded).
    @discardableResult
    mutating func apply(_ type: WatchEventType, _ resource: GroupResource, _ object: JSONValue, revision: UInt64) -> Bool {
        let key = ObjectKey(namespace: object.namespace, name: object.name)
        let ref = CachedRef(resource: resource, key: key)
        if let known = versions[ref], known > revision { return false }
        let old = get(resource, key)
        if let old { unindex(old, ref: ref) }
        switch type {
        case .deleted:
            objects[resource]?[key.namespace]?[key.name] = nil
            if objects[resource]?[key.namespace]?.isEmpty == true { objects[resource]?[key.namespace] = nil }
            versions[ref] = nil
        default:
            objects[resource, default: [:]][key.namespace, default: [:]][key.name] = object
            versions[ref] = revision
            index(object, ref: ref)
        }
        return true
    }

    private mutating func index(_ object: JSONValue, ref: CachedRef) {
        uids[object.uid] = (ref.resource, ref.key)
        if let owner = object.controllerReference?["uid"]?.stringValue {
            controlled[owner, default: []].insert(ref)
        }
        if ref.resource == .pods, let node = object[path: "spec", "nodeName"]?.stringValue, !node.isEmpty {
            podsOnNode[node, default: []].insert(ref.key)
        }
    }

    private mutating func unindex(_ object: JSONValue, ref: CachedRef) {
        uids[object.uid] = nil
        if let owner = object.controllerReference?["uid"]?.stringValue {
            controlled[owner]?.remove(ref)
            if controlled[owner]?.isEmpty == true { controlled[owner] = nil }
        }
        if ref.resource == .pods, let node = object[path: "spec", "nodeName"]?.stringValue, !node.isEmpty {
            podsOnNode[node]?.remove(ref.key)
        }
    }
}
