import Foundation
import KubeModels

/// What happens to a pod bound to a node when it is deleted gracefully.
public enum PodTerminationPolicy: Sendable {
    /// It stays terminating until a kubelet confirms with a delete of grace period 0 (the real
    /// behaviour; part 2's kubelet does that, a lost node never does).
    case awaitKubelet
    /// It is removed at once, as if a kubelet had confirmed immediately.
    case immediate
}

/// Settings of the store.
public struct StoreConfiguration: Sendable {
    /// How many changes a watch can resume across before `410 Gone`.
    public var historySize: Int
    public var podTermination: PodTerminationPolicy
    /// Create the `default`, `kube-system`, `kube-public`, `kube-node-lease` namespaces, the
    /// default RBAC roles and the `kubernetes` Service.
    public var bootstrap: Bool

    public init(historySize: Int = 10_000, podTermination: PodTerminationPolicy = .awaitKubelet, bootstrap: Bool = true) {
        self.historySize = historySize
        self.podTermination = podTermination
        self.bootstrap = bootstrap
    }
}

/// The cluster's object store: every object of every resource, with the semantics of the real API
/// server (resource versions, conflicts, generation, finalizers, graceful and cascading deletion,
/// admission) and a change feed.
///
/// Exists as the one source of truth that the HTTPS API serves and that in-process controllers
/// (part 2) read and write directly as admin.
public actor ClusterStore {
    public internal(set) var registry: ResourceRegistry
    let configuration: StoreConfiguration
    var buckets: [GroupResource: [ObjectKey: StoredObject]] = [:]
    var sortedKeys: [GroupResource: [ObjectKey]] = [:]
    var revision: UInt64 = 1
    var history: WatchHistory
    var watchers: [Int: WatchSubscription] = [:]
    var feeds: [Int: AsyncStream<StoreChange>.Continuation] = [:]
    var nextSubscriptionID = 1
    var podTerminationHook: (@Sendable (JSONValue) async -> Void)?
    /// Pod logs by namespace/name/container (the kubelet of part 2 or tests fill them).
    var podLogs: [String: String] = [:]
    /// uid → where the object lives (owner lookups).
    var uidIndex: [String: (resource: GroupResource, key: ObjectKey)] = [:]
    /// owner uid → the stored objects whose owner references name it (cascading deletion and
    /// garbage collection look dependents up here instead of scanning every object).
    var dependentsIndex: [String: Set<ObjectLocation>] = [:]
    public nonisolated let tokens: TokenAuthority
    /// Where server-set times (creation and deletion timestamps, managed fields) come from; the
    /// simulation (part 2) sets its own clock with `setClock(_:)`.
    var clock: @Sendable () -> Date = { Date() }

    /// `clock` stamps server-set times from the start, the bootstrap objects included (a simulation
    /// on a fresh store passes its own, so that nothing in the API is on another timeline).
    public init(
        configuration: StoreConfiguration = StoreConfiguration(), tokens: TokenAuthority = TokenAuthority(),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) async {
        self.tokens = tokens
        self.configuration = configuration
        self.clock = clock
        self.registry = ResourceRegistry()
        self.history = WatchHistory(capacity: configuration.historySize)
        if configuration.bootstrap {
            Bootstrap.objects().forEach { bootstrapInsert($0) }
        }
    }

    private func bootstrapInsert(_ object: JSONValue) {
        guard let type = registry.lookup(apiVersion: object.apiVersionString, kind: object.kindString) else { return }
        var prepared = object
        Metadata.prepareForCreate(&prepared, type: type, now: clock())
        let key = ObjectKey(namespace: type.namespaced ? prepared.namespace : "", name: prepared.name)
        commit(.added, type.storage, key: key, object: prepared, old: nil)
    }

    // MARK: - Types

    /// The type serving `resource`, or 404 as the real server answers unknown resources.
    func resolve(_ resource: GroupResource) throws(APIError) -> ResourceType {
        guard let type = registry[resource] else { throw APIError.pageNotFound() }
        return type
    }

    public func resourceType(group: String, version: String, resource: String) -> ResourceType? {
        registry.lookup(group: group, version: version, resource: resource)
    }

    public func resourceType(apiVersion: String, kind: String) -> ResourceType? {
        registry.lookup(apiVersion: apiVersion, kind: kind)
    }

    public var currentResourceVersion: UInt64 { revision }

    // MARK: - Reads

    /// GET of one object, converted to the requested version.
    public func get(_ resource: GroupResource, namespace: String? = nil, name: String, version: String? = nil)
        throws(APIError) -> JSONValue
    {
        try getStored(resource, namespace: namespace, name: name, version: version).object
    }

    /// GET returning the stored form with its cached bytes (when no conversion applies).
    public func getStored(_ resource: GroupResource, namespace: String? = nil, name: String, version: String? = nil)
        throws(APIError) -> StoredObject
    {
        let type = try resolve(resource)
        let key = ObjectKey(namespace: type.namespaced ? namespace ?? "" : "", name: name)
        guard let stored = buckets[type.storage]?[key] else { throw APIError.notFound(resource, name) }
        return present(stored, type: type, version: version)
    }

    func present(_ stored: StoredObject, type: ResourceType, version: String?) -> StoredObject {
        if Conversion.isIdentity(type, version: version) { return stored }
        let converted = Conversion.present(stored.object, as: type, version: version)
        return StoredObject(object: converted, resourceVersion: stored.resourceVersion)
    }

    /// LIST with selectors and pagination (`limit`/`continue`). A `continue` token lists from the
    /// snapshot its first page was taken at (reconstructed from the watch history), so the pages of
    /// one LIST are consistent; once that version has left the history window the token is
    /// answered `410 Expired` as by the real server after compaction.
    public func list(_ resource: GroupResource, namespace: String? = nil, options: ListOptions = ListOptions(), version: String? = nil)
        throws(APIError) -> ListResult
    {
        let type = try resolve(resource)
        let filter = try ObjectFilter(namespace: type.namespaced ? namespace : nil, options: options, resource: resource)
        var keys = orderedKeys(type.storage)
        let bucket = buckets[type.storage] ?? [:]
        var overlay: [ObjectKey: StoredObject?] = [:]
        var start = 0
        var listRevision = revision
        if let token = options.continueToken, !token.isEmpty {
            guard let decoded = ContinueToken.decode(token) else {
                throw APIError.badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)")
            }
            listRevision = decoded.revision
            if listRevision < revision {
                overlay = try snapshotOverlay(type: type, at: listRevision)
                if !overlay.isEmpty { keys = Array(Set(keys).union(overlay.keys)).sorted() }
            }
            start = Self.firstIndex(in: keys, after: decoded.start)
        }
        let lookup = { (key: ObjectKey) -> StoredObject? in
            if let past = overlay[key] { return past }
            return bucket[key]
        }
        let scoped = type.namespaced && !(namespace ?? "").isEmpty
        if let namespace, scoped {
            // Keys are sorted by namespace first: jump to the namespace's range.
            start = max(start, Self.firstIndex(in: keys, atLeast: ObjectKey(namespace: namespace, name: "")))
        }
        let limit = (options.limit ?? 0) > 0 ? options.limit : nil
        var items: [StoredObject] = []
        var index = start
        var lastKey: ObjectKey?
        while index < keys.count {
            let key = keys[index]
            index += 1
            if scoped, key.namespace != namespace { break }
            guard let stored = lookup(key) else { continue }
            let shown = present(stored, type: type, version: version)
            if !filter.isTrivial || filter.namespace != nil, !filter.matches(shown.object) { continue }
            items.append(shown)
            lastKey = key
            if let limit, items.count >= limit { break }
        }
        var result = ListResult(items: items, resourceVersion: listRevision)
        if let limit, items.count >= limit, let lastKey, index < keys.count {
            let rest = keys[index...].filter { key in (!scoped || key.namespace == namespace) && lookup(key) != nil }
            if !rest.isEmpty {
                result.continueToken = ContinueToken.encode(revision: listRevision, start: lastKey)
                if filter.isTrivial { result.remainingItemCount = rest.count }
            }
        }
        return result
    }

    /// How the objects of a type that changed after `revision` looked at `revision` (nil: absent).
    func snapshotOverlay(type: ResourceType, at revision: UInt64) throws(APIError) -> [ObjectKey: StoredObject?] {
        guard revision >= history.compactedRevision else {
            throw APIError.gone(
                "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.")
        }
        var overlay: [ObjectKey: StoredObject?] = [:]
        for entry in history.entries(after: revision, resource: type.storage).reversed() {
            let object = entry.object.object
            let key = ObjectKey(namespace: type.namespaced ? object.namespace : "", name: object.name)
            if let old = entry.oldObject {
                overlay[key] = .some(StoredObject(object: old, resourceVersion: UInt64(old.resourceVersionString) ?? 0))
            } else {
                overlay[key] = .some(nil)
            }
        }
        return overlay
    }

    func orderedKeys(_ storage: GroupResource) -> [ObjectKey] {
        if let keys = sortedKeys[storage] { return keys }
        let keys = (buckets[storage] ?? [:]).keys.sorted()
        sortedKeys[storage] = keys
        return keys
    }

    private static func firstIndex(in keys: [ObjectKey], after key: ObjectKey) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] <= key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func firstIndex(in keys: [ObjectKey], atLeast key: ObjectKey) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// All stored objects of a resource (storage form), for admission and controllers.
    func objects(_ storage: GroupResource, namespace: String? = nil) -> [JSONValue] {
        guard let bucket = buckets[storage] else { return [] }
        if let namespace {
            return bucket.compactMap { $0.key.namespace == namespace ? $0.value.object : nil }
        }
        return bucket.values.map(\.object)
    }

    /// How many objects each resource holds (`apiserver_storage_objects` of `/metrics`), sorted.
    public func objectCounts() -> [(resource: String, count: Int)] {
        buckets.filter { !$0.value.isEmpty }.map { ($0.key.description, $0.value.count) }.sorted { $0.0 < $1.0 }
    }

    func storedObject(_ storage: GroupResource, namespace: String, name: String) -> StoredObject? {
        buckets[storage]?[ObjectKey(namespace: namespace, name: name)]
    }

    // MARK: - Commit

    /// Writes one change: bumps the revision, stamps it on the object, keeps history, notifies.
    @discardableResult
    func commit(_ type: WatchEventType, _ storage: GroupResource, key: ObjectKey, object: JSONValue, old: JSONValue?)
        -> StoredObject
    {
        revision += 1
        var stamped = object
        stamped.setValue(.string(String(revision)), at: ["metadata", "resourceVersion"])
        let stored = StoredObject(object: stamped, resourceVersion: revision)
        let location = ObjectLocation(resource: storage, key: key)
        for uid in Self.ownerUIDs(old) {
            dependentsIndex[uid]?.remove(location)
            if dependentsIndex[uid]?.isEmpty == true { dependentsIndex[uid] = nil }
        }
        switch type {
        case .deleted:
            uidIndex[stamped.uid] = nil
            buckets[storage]?[key] = nil
            sortedKeys[storage] = nil
        default:
            for uid in Self.ownerUIDs(stamped) { dependentsIndex[uid, default: []].insert(location) }
            uidIndex[stamped.uid] = (storage, key)
            if buckets[storage]?[key] == nil { sortedKeys[storage] = nil }
            buckets[storage, default: [:]][key] = stored
        }
        history.append(WatchHistory.Entry(type: type, resource: storage, object: stored, oldObject: old))
        deliver(type: type, storage: storage, object: stored, old: old)
        let change = StoreChange(type: type, resource: storage, object: stamped, oldObject: old, resourceVersion: revision)
        for feed in feeds.values { feed.yield(change) }
        return stored
    }

    static func ownerUIDs(_ object: JSONValue?) -> [String] {
        (object?.ownerReferences ?? []).compactMap { $0["uid"]?.stringValue }
    }

    /// Drops the watch window up to now: every watch from an older version gets 410 Gone.
    public func compactHistory() {
        history.compact(through: revision)
    }

    // MARK: - Change feed

    /// Every committed change of every resource, in order, from now on (for in-process controllers).
    public func changes() -> AsyncStream<StoreChange> {
        let (stream, continuation) = AsyncStream<StoreChange>.makeStream()
        let id = nextSubscriptionID
        nextSubscriptionID += 1
        feeds[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.removeFeed(id) }
        }
        return stream
    }

    private func removeFeed(_ id: Int) { feeds[id] = nil }

    // MARK: - Hooks

    /// Called when a pod bound to a node is marked for graceful deletion (the kubelet's cue).
    public func setPodTerminationHook(_ hook: (@Sendable (JSONValue) async -> Void)?) {
        podTerminationHook = hook
    }

    /// Sets the log text served by `pods/log` for a container.
    public func setPodLog(namespace: String, pod: String, container: String, text: String) {
        podLogs["\(namespace)/\(pod)/\(container)"] = text
    }

    func podLog(namespace: String, pod: String, container: String) -> String {
        podLogs["\(namespace)/\(pod)/\(container)"] ?? ""
    }
}

/// The opaque `continue` token of a paginated LIST: the list's revision and the last key returned.
enum ContinueToken {
    static func encode(revision: UInt64, start: ObjectKey) -> String {
        let json: JSONValue = ["v": "meta.k8s.io/v1", "rv": .int(Int64(revision)), "start": .string(start.token)]
        return Data(JSONWriter.encode(json)).base64EncodedString()
    }

    static func decode(_ token: String) -> (revision: UInt64, start: ObjectKey)? {
        guard let data = Data(base64Encoded: token), let json = try? JSONReader.parse(Array(data)),
            let rv = json["rv"]?.intValue, let start = json["start"]?.stringValue,
            let slash = start.firstIndex(of: "/")
        else { return nil }
        return (UInt64(rv), ObjectKey(namespace: String(start[..<slash]), name: String(start[start.index(after: slash)...])))
    }
}

/// Where a stored object lives: its storage resource and key.
struct ObjectLocation: Hashable, Sendable {
    var resource: GroupResource
    var key: ObjectKey
}
