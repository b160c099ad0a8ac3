import Foundation
import KubeModels

/// The objects a simulated cluster starts with: worker nodes, the KARS namespaces and the
/// `KarsSandbox` CRD, and optionally CoreDNS.
public struct ClusterBootstrap: Sendable {
    /// Worker nodes `worker-1` … `worker-N`.
    public var nodes: Int
    public var nodeCPU: String
    public var nodeMemory: String
    public var maxPods: Int
    /// Run CoreDNS (2 replicas) in kube-system, as every real cluster does.
    public var coreDNS: Bool
    /// Namespaces to create (`kars-system`, `kars-sre`).
    public var namespaces: [String]

    public init(
        nodes: Int = 3, nodeCPU: String = "4", nodeMemory: String = "16262792Ki", maxPods: Int = 110, coreDNS: Bool = true,
        namespaces: [String] = ["kars-system", "kars-sre"]
    ) {
        self.nodes = nodes
        self.nodeCPU = nodeCPU
        self.nodeMemory = nodeMemory
        self.maxPods = maxPods
        self.coreDNS = coreDNS
        self.namespaces = namespaces
    }

    /// A node as a kubelet registers it, Ready.
    public func node(index: Int, now: Date) -> JSONValue {
        let name = "worker-\(index)"
        let time = SimObjects.time(now)
        func condition(_ type: String, _ status: String, _ reason: String, _ message: String) -> JSONValue {
            [
                "type": .string(type), "status": .string(status), "lastHeartbeatTime": time, "lastTransitionTime": time,
                "reason": .string(reason), "message": .string(message),
            ]
        }
        return [
            "apiVersion": "v1", "kind": "Node",
            "metadata": [
                "name": .string(name),
                "labels": [
                    "kubernetes.io/hostname": .string(name), "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
                    "node.kubernetes.io/instance-type": "Standard_D4s_v5", "topology.kubernetes.io/zone": .string("zone-\((index - 1) % 3 + 1)"),
                ],
            ],
            "spec": ["podCIDR": .string("10.244.\(index).0/24"), "podCIDRs": [.string("10.244.\(index).0/24")]],
            "status": [
                "capacity": ["cpu": .string(nodeCPU), "memory": .string(nodeMemory), "pods": .string(String(maxPods)), "ephemeral-storage": "101203600Ki"],
                "allocatable": ["cpu": .string(nodeCPU), "memory": .string(nodeMemory), "pods": .string(String(maxPods)), "ephemeral-storage": "93270227564"],
                "conditions": [
                    condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                    condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
                ],
                "nodeInfo": [
                    "kubeletVersion": "v1.31.4", "kubeProxyVersion": "v1.31.4", "containerRuntimeVersion": "containerd://1.7.24",
                    "kernelVersion": "5.15.0-1074-azure", "osImage": "Ubuntu 22.04.5 LTS", "architecture": "amd64",
                    "operatingSystem": "linux",
                ],
                "addresses": [
                    ["type": "InternalIP", "address": .string("10.0.\(index / 250).\(index % 250 + 10)")],
                    ["type": "Hostname", "address": .string(name)],
                ],
                "daemonEndpoints": ["kubeletEndpoint": ["Port": 10250]],
            ],
        ]
    }

    /// Creates what is missing (existing objects, e.g. from a loaded snapshot, are kept).
    public func apply(to store: ClusterStore, now: Date) async {
        _ = try? await store.create(.customresourcedefinitions, KarsSandboxController.customResourceDefinition)
        for namespace in namespaces {
            _ = try? await store.create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]])
        }
        let existingNodes = (try? await store.list(.nodes).items.count) ?? 0
        if existingNodes == 0, nodes > 0 {
            for index in 1...nodes {
                _ = try? await store.create(.nodes, node(index: index, now: now), options: WriteOptions(preserveStatus: true))
            }
        }
        if coreDNS, (try? await store.get(.deployments, namespace: "kube-system", name: "coredns")) == nil {
            _ = try? await store.create(.deployments, namespace: "kube-system", Self.coreDNSDeployment)
            _ = try? await store.create(.services, namespace: "kube-system", Self.kubeDNSService)
        }
    }

    static let coreDNSDeployment: JSONValue = [
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": ["name": "coredns", "namespace": "kube-system", "labels": ["k8s-app": "kube-dns"]],
        "spec": [
            "replicas": 2, "selector": ["matchLabels": ["k8s-app": "kube-dns"]],
            "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": 1]],
            "template": [
                "metadata": ["labels": ["k8s-app": "kube-dns"]],
                "spec": [
                    "priorityClassName": "system-cluster-critical",
                    "tolerations": [["key": "CriticalAddonsOnly", "operator": "Exists"]],
                    "containers": [[
                        "name": "coredns", "image": "registry.k8s.io/coredns/coredns:v1.11.3",
                        "args": ["-conf", "/etc/coredns/Corefile"],
                        "resources": ["requests": ["cpu": "100m", "memory": "70Mi"], "limits": ["memory": "170Mi"]],
                        "ports": [
                            ["containerPort": 53, "name": "dns", "protocol": "UDP"],
                            ["containerPort": 53, "name": "dns-tcp", "protocol": "TCP"],
                        ],
                        "readinessProbe": ["httpGet": ["path": "/ready", "port": 8181], "periodSeconds": 10],
                    ]],
                ],
            ],
        ],
    ]

    static let kubeDNSService: JSONValue = [
        "apiVersion": "v1", "kind": "Service",
        "metadata": ["name": "kube-dns", "namespace": "kube-system", "labels": ["k8s-app": "kube-dns"]],
        "spec": [
            "selector": ["k8s-app": "kube-dns"], "clusterIP": "10.96.0.10",
            "ports": [
                ["name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53],
                ["name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53],
            ],
        ],
    ]
}

/// A running simulation: a store, its controllers and its clock.
///
/// `KubeSimulation.start(store:clock:options:bootstrap:)` hooks the controllers to a store (a fresh
/// one, or the one behind a running `KubeSim`), bootstraps nodes and namespaces, and returns. With a
/// `ManualClock`, drive it with `settle()` and `advance(by:)`; with a `ScaledClock` it runs by itself.
public final class KubeSimulation: Sendable {
    public let store: ClusterStore
    public let manager: ControllerManager

    public var clock: any SimulationClock { manager.clock }

    private init(store: ClusterStore, manager: ControllerManager) {
        self.store = store
        self.manager = manager
    }

    public static func start(
        store: ClusterStore, clock: any SimulationClock = ScaledClock(), options: SimulationOptions = SimulationOptions(),
        bootstrap: ClusterBootstrap? = ClusterBootstrap()
    ) async -> KubeSimulation {
        let manager = ControllerManager(store: store, clock: clock, options: options)
        await manager.start()
        if let bootstrap { await bootstrap.apply(to: store, now: clock.now()) }
        let simulation = KubeSimulation(store: store, manager: manager)
        if clock.isManual { await manager.advance(by: 5) }
        return simulation
    }

    /// A fresh in-memory store with the simulation running on it.
    public static func start(
        clock: any SimulationClock = ManualClock(), options: SimulationOptions = SimulationOptions(),
        bootstrap: ClusterBootstrap? = ClusterBootstrap(), historySize: Int = 100_000
    ) async -> KubeSimulation {
        // The store stamps its bootstrap objects with the simulation's clock too: a manual clock may
        // be set before or after the wall clock, and a snapshot's "now" is its newest timestamp.
        let store = await ClusterStore(configuration: StoreConfiguration(historySize: historySize), clock: { clock.now() })
        return await start(store: store, clock: clock, options: options, bootstrap: bootstrap)
    }

    public func stop() async { await manager.stop() }

    public func settle() async { await manager.settle() }

    public func advance(by seconds: Double) async { await manager.advance(by: seconds) }

    /// Advances until `condition` holds or `seconds` have passed; returns whether it held.
    @discardableResult
    public func advance(by seconds: Double, until condition: @escaping @Sendable () async -> Bool) async -> Bool {
        await manager.advance(by: seconds, until: condition)
    }

    /// The cluster as a `kubectl get -o json` List (see `ClusterStore.snapshotList()`).
    public func snapshot() async -> JSONValue { await store.snapshotList() }
}
