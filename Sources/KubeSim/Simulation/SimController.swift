import KubeModels

/// One change as a controller sees it: the object after the change (the last state for a deletion)
/// and before it.
struct CacheChange {
    var type: WatchEventType
    var resource: GroupResource
    var object: JSONValue
    var old: JSONValue?

    var key: ObjectKey { ObjectKey(namespace: object.namespace, name: object.name) }
}

/// A simulated controller, run by the `ControllerManager` on its actor.
///
/// Like a real controller it maps changes of the objects it watches to keys of objects to reconcile
/// (`handle`), and brings one object towards its desired state per call (`reconcile`), reading the
/// manager's cache and writing through the store as admin. A controller never sleeps: it asks the
/// manager to reconcile a key again later (`enqueue(_:_:after:)`), on the simulation clock.
protocol SimController: AnyObject {
    /// The controller's name in logs.
    var name: String { get }
    /// Resources whose changes `handle` receives.
    var watches: Set<GroupResource> { get }
    /// Maps a change to keys to reconcile (`manager.enqueue`). Must not write.
    func handle(_ change: CacheChange, manager: isolated ControllerManager)
    /// Reconciles one key.
    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async
}

/// The simulated controllers, by name.
public enum ControllerKind: String, CaseIterable, Sendable {
    case deployment, replicaset, statefulset, daemonset, job, scheduler, kubelet
    case nodeLifecycle = "node-lifecycle"
    case endpoints
    case endpointSlice = "endpointslice"
    case namespace
    case garbageCollector = "garbage-collector"
    case metrics
    case karsSandbox = "kars-sandbox"
}

/// Settings of the simulation: which controllers run, the image registry, the seed of generated
/// names, and the simulated durations of things that take time on a real cluster.
public struct SimulationOptions: Sendable {
    public var controllers: Set<ControllerKind>
    public var images: ImageRegistry
    /// Seed of generated pod names, IPs and ids.
    public var seed: UInt64
    /// Simulated seconds an image pull takes (a present image takes none).
    public var pullSeconds: Double
    /// Simulated seconds from a pulled image to a started container.
    public var startSeconds: Double
    /// Simulated seconds a container takes to stop (the kubelet confirms a deletion after
    /// `min(grace period, this)`).
    public var stopSeconds: Double
    /// How often a kubelet renews its node Lease.
    public var leaseRenewSeconds: Double
    /// How often a kubelet posts node status.
    public var nodeStatusSeconds: Double
    /// How long after its last Lease renewal a node becomes `Ready=Unknown`.
    public var nodeMonitorGraceSeconds: Double
    /// How often synthetic metrics are refreshed.
    public var metricsSeconds: Double

    public init(
        controllers: Set<ControllerKind> = Set(ControllerKind.allCases), images: ImageRegistry = ImageRegistry(),
        seed: UInt64 = 1, pullSeconds: Double = 2, startSeconds: Double = 1, stopSeconds: Double = 1,
        leaseRenewSeconds: Double = 10, nodeStatusSeconds: Double = 60, nodeMonitorGraceSeconds: Double = 40,
        metricsSeconds: Double = 60
    ) {
        self.controllers = controllers
        self.images = images
        self.seed = seed
        self.pullSeconds = pullSeconds
        self.startSeconds = startSeconds
        self.stopSeconds = stopSeconds
        self.leaseRenewSeconds = leaseRenewSeconds
        self.nodeStatusSeconds = nodeStatusSeconds
        self.nodeMonitorGraceSeconds = nodeMonitorGraceSeconds
        self.metricsSeconds = metricsSeconds
    }
}
