import Foundation
import KubeModels

/// An indexed, immutable view of a cluster at one moment, built live or from snapshot files.
///
/// Every part of kars-sre reads the cluster through this type (DESIGN.md section 1), so analyzers
/// run the same online, offline and in tests. It keeps every object it was given (raw JSON), typed
/// views of the kinds the analyzers use, the owner graph in both directions, and events indexed by
/// the object they are about.
public struct ClusterState: Sendable {
    /// Every object, as received.
    public let objects: [KubeObject]
    /// "Now" for age and look-back computations: the live clock, or for a snapshot its newest timestamp.
    public let now: Date

    public let namespaces: [Namespace]
    public let nodes: [Node]
    public let pods: [Pod]
    public let deployments: [Deployment]
    public let replicaSets: [ReplicaSet]
    public let statefulSets: [StatefulSet]
    public let daemonSets: [DaemonSet]
    public let jobs: [Job]
    public let cronJobs: [CronJob]
    public let services: [Service]
    public let endpointSlices: [EndpointSlice]
    public let endpoints: [Endpoints]
    public let resourceQuotas: [ResourceQuota]
    public let persistentVolumeClaims: [PersistentVolumeClaim]
    public let configMaps: [ConfigMapInfo]
    public let secrets: [SecretInfo]
    public let karsSandboxes: [KarsSandbox]
    public let karsSREActions: [KarsSREAction]
    /// Events of both APIs, normalised and de-duplicated (one object served by both APIs counts once).
    public let events: [NormalizedEvent]

    /// Positions in `objects` (events left out) by key, by uid, and by the uid of each owner.
    private let objectsByKey: [ObjectKey: Int]
    private let objectsByUID: [String: Int]
    private let childrenByOwnerUID: [String: [Int]]
    /// Positions in `events` of the events about each object, newest first.
    private let eventPositionsByObject: [ObjectKey: [Int]]
    /// Positions in `pods` of each namespace's pods, in order (positions, not copies: a pod is big).
    private let podPositionsByNamespace: [String: [Int]]
    /// Positions in `pods` by namespace and `key=value` label, for selector look-ups.
    private let podPositionsByLabel: [String: [String: [Int]]]
    private let deploymentsByKey: [ObjectKey: Int]
    private let replicaSetsByKey: [ObjectKey: Int]
    private let statefulSetsByKey: [ObjectKey: Int]
    private let daemonSetsByKey: [ObjectKey: Int]
    private let jobsByKey: [ObjectKey: Int]
    private let podsByKey: [ObjectKey: Int]
    private let replicaSetsByOwnerUID: [String: [ReplicaSet]]

    /// Builds the state from objects; `now` defaults to the newest timestamp in them.
    public init(objects: [KubeObject], now: Date? = nil) throws {
        var decoded = DecodedObjects(tracksNewest: now == nil)
        for object in objects { try decoded.add(object: object) }
        self.init(decoded: decoded, now: now)
    }

    init(decoded: DecodedObjects, now: Date? = nil) {
        let collector = decoded.typed
        let objects = decoded.objects
        self.objects = objects
        self.now = now ?? decoded.newest ?? Date()
        namespaces = collector.namespaces
        nodes = collector.nodes
        pods = collector.pods
        deployments = collector.deployments
        replicaSets = collector.replicaSets
        statefulSets = collector.statefulSets
        daemonSets = collector.daemonSets
        jobs = collector.jobs
        cronJobs = collector.cronJobs
        services = collector.services
        endpointSlices = collector.endpointSlices
        endpoints = collector.endpoints
        resourceQuotas = collector.resourceQuotas
        persistentVolumeClaims = collector.persistentVolumeClaims
        configMaps = collector.configMaps
        secrets = collector.secrets
        karsSandboxes = collector.karsSandboxes
        karsSREActions = collector.karsSREActions
        events = collector.events.deduplicated()

        let nonEvents = max(0, objects.count - events.count)
        var byKey: [ObjectKey: Int] = [:]
        byKey.reserveCapacity(nonEvents)
        var byUID: [String: Int] = [:]
        byUID.reserveCapacity(nonEvents)
        var children: [String: [Int]] = [:]
        children.reserveCapacity(nonEvents / 2)
        for position in objects.indices where !Self.isEvent(objects[position]) {
            byKey[ObjectKey(objects[position])] = position
            if let uid = objects[position].metadata.uid { byUID[uid] = position }
            for owner in objects[position].metadata.ownerReferences ?? [] {
                children[owner.uid, default: []].append(position)
            }
        }
        var byNamespace: [String: [Int]] = [:]
        var byLabel: [String: [String: [Int]]] = [:]
        for (position, pod) in pods.enumerated() {
            let namespace = pod.namespace ?? ""
            byNamespace[namespace, default: []].append(position)
            guard let labels = pod.metadata.labels, !labels.isEmpty else { continue }
            for (key, value) in labels { byLabel[namespace, default: [:]][key + "=" + value, default: []].append(position) }
        }
        podPositionsByNamespace = byNamespace
        podPositionsByLabel = byLabel
        deploymentsByKey = Self.index(deployments)
        replicaSetsByKey = Self.index(replicaSets)
        statefulSetsByKey = Self.index(statefulSets)
        daemonSetsByKey = Self.index(daemonSets)
        jobsByKey = Self.index(jobs)
        podsByKey = Self.index(pods)
        var byOwner: [String: [ReplicaSet]] = [:]
        for set in replicaSets {
            for owner in set.metadata.ownerReferences ?? [] where owner.kind == "Deployment" { byOwner[owner.uid, default: []].append(set) }
        }
        replicaSetsByOwnerUID = byOwner
        objectsByKey = byKey
        objectsByUID = byUID
        childrenByOwnerUID = children
        var byObject: [ObjectKey: [Int]] = [:]
        byObject.reserveCapacity(nonEvents)
        for position in events.indices {
            guard let key = Self.subjectKey(of: events[position]) else { continue }
            byObject[key, default: []].append(position)
        }
        let events = events
        eventPositionsByObject = byObject.mapValues { positions in
            positions.sorted { (events[$0].lastSeen ?? .distantPast) > (events[$1].lastSeen ?? .distantPast) }
        }
    }

    /// Kinds that live outside namespaces: an event about one is filed in some namespace (often
    /// `default`) but its subject has none.
    public static let clusterScopedKinds: Set<String> = [
        "Node", "Namespace", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding",
        "CustomResourceDefinition", "PriorityClass", "CSINode", "VolumeAttachment", "APIService",
    ]

    /// The object an event is about.
    public static func subjectKey(of event: NormalizedEvent) -> ObjectKey? {
        guard let kind = event.object.kind else { return nil }
        let namespace = clusterScopedKinds.contains(kind) ? nil : (event.object.namespace ?? event.namespace)
        return ObjectKey(event.object, defaultNamespace: namespace).map {
            ObjectKey(kind: $0.kind, namespace: namespace, name: $0.name)
        }
    }

    /// Positions of the models by key (the first of a key wins).
    private static func index<T: KubeResourceModel>(_ models: [T]) -> [ObjectKey: Int] {
        var positions: [ObjectKey: Int] = [:]
        positions.reserveCapacity(models.count)
        for position in models.indices {
            let key = ObjectKey(models[position])
            if positions[key] == nil { positions[key] = position }
        }
        return positions
    }

    static func isEvent(_ object: KubeObject) -> Bool {
        object.kind == "Event" && (object.apiVersion == "v1" || object.apiVersion == "events.k8s.io/v1")
    }

    // MARK: Look-ups

    public func object(_ key: ObjectKey) -> KubeObject? { objectsByKey[key].map { objects[$0] } }
    public func object(uid: String) -> KubeObject? { objectsByUID[uid].map { objects[$0] } }

    /// Objects whose ownerReferences name the given owner.
    public func children(of owner: KubeObject) -> [KubeObject] {
        guard let uid = owner.metadata.uid else { return [] }
        return (childrenByOwnerUID[uid] ?? []).map { objects[$0] }
    }

    /// The controlling owner of an object, if it is in the state.
    public func controller(of metadata: ObjectMeta, namespace: String?) -> KubeObject? {
        controllerPosition(of: metadata, namespace: namespace).map { objects[$0] }
    }

    private func controllerPosition(of metadata: ObjectMeta, namespace: String?) -> Int? {
        guard let reference = metadata.controllerReference ?? metadata.ownerReferences?.first else { return nil }
        if let owner = objectsByUID[reference.uid] { return owner }
        return objectsByKey[ObjectKey(kind: reference.kind, namespace: namespace, name: reference.name)]
    }

    /// The top-most controller of an object (Pod → ReplicaSet → Deployment; Job → CronJob), or the
    /// object itself when it has none.
    public func rootController(of key: ObjectKey) -> ObjectKey {
        var current = key
        var seen: [ObjectKey] = [key]
        while let position = objectsByKey[current], let owner = controllerPosition(of: objects[position].metadata, namespace: current.namespace) {
            let next = ObjectKey(objects[owner])
            guard !seen.contains(next) else { break }
            seen.append(next)
            current = next
        }
        if current == key, let position = objectsByKey[key], let reference = objects[position].metadata.controllerReference {
            // Owner not in the state (e.g. a partial snapshot): still name it.
            return ObjectKey(kind: reference.kind, namespace: key.namespace, name: reference.name)
        }
        return current
    }

    /// Events about the object, newest first.
    public func events(for key: ObjectKey) -> [NormalizedEvent] {
        (eventPositionsByObject[key] ?? []).map { events[$0] }
    }

    /// Events about the object whose last occurrence is within `window` of now.
    public func recentEvents(for key: ObjectKey, within window: TimeInterval) -> [NormalizedEvent] {
        (eventPositionsByObject[key] ?? []).compactMap { isRecent(events[$0], within: window) ? events[$0] : nil }
    }

    public func isRecent(_ event: NormalizedEvent, within window: TimeInterval) -> Bool {
        guard let last = event.lastSeen ?? event.firstSeen else { return false }
        return now.timeIntervalSince(last) <= window
    }

    /// Pods of one namespace.
    public func pods(in namespace: String?) -> [Pod] { (podPositionsByNamespace[namespace ?? ""] ?? []).map { pods[$0] } }

    public func pods(in namespace: String?, matching selector: LabelSelector) -> [Pod] {
        pods(in: namespace).filter { selector.matches($0.metadata.labels) }
    }

    /// Pods of a namespace carrying every `key=value` of the selector (a Service's selector).
    public func pods(in namespace: String?, matchingLabels selector: [String: String]) -> [Pod] {
        guard !selector.isEmpty else { return pods(in: namespace) }
        guard let index = podPositionsByLabel[namespace ?? ""] else { return [] }
        let postings = selector.map { index[$0.key + "=" + $0.value] ?? [] }
        guard let smallest = postings.min(by: { $0.count < $1.count }) else { return [] }
        return smallest.compactMap { position in
            let labels = pods[position].metadata.labels
            return selector.allSatisfy { labels?[$0.key] == $0.value } ? pods[position] : nil
        }
    }

    /// Pods whose controller chain ends at the given root.
    public func pods(rootedAt root: ObjectKey) -> [Pod] {
        pods(in: root.namespace).filter { rootController(of: ObjectKey($0)) == root }
    }

    public func deployment(namespace: String?, name: String) -> Deployment? {
        deploymentsByKey[ObjectKey(kind: Deployment.kind, namespace: namespace, name: name)].map { deployments[$0] }
    }

    public func replicaSet(namespace: String?, name: String) -> ReplicaSet? {
        replicaSetsByKey[ObjectKey(kind: ReplicaSet.kind, namespace: namespace, name: name)].map { replicaSets[$0] }
    }

    public func statefulSet(namespace: String?, name: String) -> StatefulSet? {
        statefulSetsByKey[ObjectKey(kind: StatefulSet.kind, namespace: namespace, name: name)].map { statefulSets[$0] }
    }

    public func daemonSet(namespace: String?, name: String) -> DaemonSet? {
        daemonSetsByKey[ObjectKey(kind: DaemonSet.kind, namespace: namespace, name: name)].map { daemonSets[$0] }
    }

    public func job(namespace: String?, name: String) -> Job? {
        jobsByKey[ObjectKey(kind: Job.kind, namespace: namespace, name: name)].map { jobs[$0] }
    }

    public func pod(namespace: String?, name: String) -> Pod? {
        podsByKey[ObjectKey(kind: Pod.kind, namespace: namespace, name: name)].map { pods[$0] }
    }

    /// ReplicaSets controlled by the Deployment (by owner uid, or by name when uids are absent).
    public func replicaSets(ownedBy deployment: Deployment) -> [ReplicaSet] {
        if let uid = deployment.uid, let owned = replicaSetsByOwnerUID[uid] { return owned }
        return replicaSets.filter { rs in
            rs.namespace == deployment.namespace
                && (rs.metadata.ownerReferences ?? []).contains { $0.kind == "Deployment" && $0.name == deployment.name }
        }
    }

    public func node(named name: String) -> Node? { nodes.first { $0.name == name } }
}
