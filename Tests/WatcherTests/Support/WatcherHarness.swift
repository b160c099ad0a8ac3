import Foundation
import KubeAPI
import KubeModels
import Notify
import Remediation
import Synchronization
import TestSupport
import Watcher

@testable import KubeSim

/// KubeSim in-process (real HTTPS on an ephemeral port) with its controllers on a manual clock,
/// the KarsSREAction CRD and namespace kars-sre installed, and an admin client: what a watcher
/// test needs to stage incidents and watch them over the API.
final class WatcherHarness: Sendable {
    let sim: KubeSim
    let simulation: KubeSimulation
    let clock: ManualClock
    let directory: TemporaryDirectory
    let config: KubeClientConfig

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func start(faults: String? = nil) async throws -> WatcherHarness {
        var options = KubeSimOptions()
        if let faults { options.faults = try FaultOptions(spec: faults) }
        let sim = try await KubeSim.start(options)
        let text = try String(
            contentsOf: root.appendingPathComponent("deploy/crds/karssreactions.yaml"), encoding: .utf8)
        let crd = try BodyDecoding.decode(Array(text.components(separatedBy: "\n---\n")[0].utf8), contentType: "application/yaml")
        try await sim.store.seed(crd)
        try await sim.store.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "kars-sre"]])
        let clock = ManualClock(start: Date())
        let simulation = await KubeSimulation.start(store: sim.store, clock: clock)
        let directory = try TemporaryDirectory(prefix: "kars-watcher")
        let path = directory.file("admin.kubeconfig")
        try sim.writeKubeconfig(to: path)
        let config = try KubeConfigLoader().resolve(kubeconfig: path)
        return WatcherHarness(sim: sim, simulation: simulation, clock: clock, directory: directory, config: config)
    }

    private init(sim: KubeSim, simulation: KubeSimulation, clock: ManualClock, directory: TemporaryDirectory, config: KubeClientConfig) {
        self.sim = sim
        self.simulation = simulation
        self.clock = clock
        self.directory = directory
        self.config = config
    }

    func stop() async {
        await simulation.stop()
        await sim.stop()
        directory.remove()
    }

    func client() throws -> KubeClient { try KubeClient(config: config) }

    /// A watcher on this cluster with short test timings, recording what it sends; runs until stopped.
    /// Its cool-down is kept in the ConfigMap `kars-sre/kars-sre-watcher-state`. With
    /// `simulatedClock` the engine (re-checks, cool-down, rate limit) runs on the simulation's clock.
    func startWatcher(
        _ configure: (inout WatcherConfiguration) -> Void = { _ in },
        dispatcher: NotificationDispatcher? = nil, observer: @escaping @Sendable (DetectionRecord) -> Void = { _ in },
        simulatedClock: Bool = false, metrics: DetectionMetrics = .off
    ) throws -> RunningWatcher {
        var configuration = WatcherConfiguration()
        configuration.resync = .seconds(1)
        configuration.retryDelay = .milliseconds(100)
        configure(&configuration)
        let client = try client()
        let clock = self.clock
        let messages = Recorder<IncidentNotification>()
        let verbose = ProcessInfo.processInfo.environment["WATCHER_TEST_LOG"] != nil
        let engineNow: @Sendable () -> Date
        if simulatedClock { engineNow = { clock.now() } } else { engineNow = { Date() } }
        let cooldownStore: ConfigMapCooldownStore? = configuration.cooldownConfigMap.map {
            ConfigMapCooldownStore(client: client, namespace: "kars-sre", name: $0)
        }
        let watcher = Watcher(
            configuration: configuration,
            feed: KubeEventFeed(client: client, mode: configuration.mode, fallbackInterval: configuration.fallbackPollInterval),
            reader: LiveClusterReader(client: client, now: { clock.now() }),
            sink: RemediationActionSink(client: ActionClient(client: client)),
            submit: { message in
                messages.append(message)
                dispatcher?.submit(message)
            },
            log: { line in if verbose { print(line) } }, observer: observer,
            cooldownStore: cooldownStore, metrics: metrics, now: engineNow)
        return RunningWatcher(watcher: watcher, client: client, messages: messages)
    }

    /// Every KarsSREAction in the store.
    func actions() async throws -> [JSONValue] {
        try await sim.store.list(GroupResource(group: "kars.azure.com", resource: "karssreactions"), namespace: "kars-sre")
            .items.map(\.object)
    }

    /// A namespace whose Deployment `app` cannot create pods: quota `cap` allows 50Mi of memory
    /// requests, the pod asks for 128Mi (the quota incident, in any namespace).
    func stageQuotaIncident(_ namespace: String) async throws {
        let store = sim.store
        _ = try await store.create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]])
        _ = try await store.create(
            .resourcequotas, namespace: namespace,
            [
                "apiVersion": "v1", "kind": "ResourceQuota", "metadata": ["name": "cap", "namespace": .string(namespace)],
                "spec": ["hard": ["requests.memory": "50Mi"]],
            ])
        _ = try await store.create(
            .deployments, namespace: namespace,
            [
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": ["name": "app", "namespace": .string(namespace), "labels": ["app": "app"]],
                "spec": [
                    "replicas": 1, "selector": ["matchLabels": ["app": "app"]],
                    "template": [
                        "metadata": ["labels": ["app": "app"]],
                        "spec": [
                            "containers": [[
                                "name": "app", "image": "ghcr.io/acme/app:1.0.0",
                                "resources": ["requests": ["cpu": "50m", "memory": "128Mi"]],
                            ]]
                        ],
                    ],
                ],
            ])
    }

    /// Creates a Warning event about a pod (as the kubelet would).
    func recordEvent(namespace: String, pod: String, reason: String, message: String, index: Int) async throws {
        let time = KubeTime.format(clock.now())
        _ = try await sim.store.create(
            .events, namespace: namespace,
            [
                "apiVersion": "v1", "kind": "Event",
                "metadata": ["name": .string("\(pod).burst\(index)"), "namespace": .string(namespace)],
                "involvedObject": ["kind": "Pod", "namespace": .string(namespace), "name": .string(pod), "apiVersion": "v1"],
                "reason": .string(reason), "message": .string(message), "type": "Warning", "count": 1,
                "firstTimestamp": .string(time), "lastTimestamp": .string(time),
                "source": ["component": "kubelet", "host": "worker-1"],
            ])
    }
}

/// A watcher running in a task, with what it sent.
final class RunningWatcher: Sendable {
    let watcher: Watcher
    let client: KubeClient
    let messages: Recorder<IncidentNotification>
    private let task: Task<Void, Never>

    init(watcher: Watcher, client: KubeClient, messages: Recorder<IncidentNotification>) {
        self.watcher = watcher
        self.client = client
        self.messages = messages
        task = Task { await watcher.run() }
    }

    /// Waits until the watcher has listed both event APIs: events written before that are part
    /// of the priming snapshot and, by design, never announced.
    func waitUntilPrimed() async throws {
        let primed = await eventually(timeout: 60) { await self.watcher.engine.statistics.snapshots >= 2 }
        if !primed { throw WatcherNotPrimed(stats: await watcher.engine.statistics) }
    }

    struct WatcherNotPrimed: Error { var stats: WatcherStats }

    func stop() async {
        task.cancel()
        await task.value
        try? await client.shutdown()
    }

    var stats: WatcherStats {
        get async { await watcher.engine.statistics }
    }
}

/// Thread-safe list of what a callback received.
final class Recorder<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])

    func append(_ item: Element) { items.withLock { $0.append(item) } }
    var all: [Element] { items.withLock { $0 } }
    var count: Int { items.withLock { $0.count } }
}

/// Polls until `condition` holds or `timeout` seconds pass (generous: CI machines are loaded);
/// returns whether it held.
func eventually(timeout: TimeInterval = 60, interval: Duration = .milliseconds(50), _ condition: () async throws -> Bool)
    async rethrows -> Bool
{
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}
