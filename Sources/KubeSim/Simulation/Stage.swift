import Foundation
import KubeModels

/// The incidents `kars-sre sim stage` can put a simulated cluster into, each with the shape of the
/// matching public scenario (`../shared/scenarios`).
public enum StageScenario: String, CaseIterable, Sendable {
    /// The GitOps ResourceQuota `platform-hardening` (requests.memory=50Mi) lands on the research
    /// sandbox's namespace, then its pod is rescheduled: `FailedCreate ... exceeded quota`.
    case quota
    /// A rollout of `web` in `shop` to `nginx:1.25.33` (a tag that does not exist): ImagePullBackOff.
    case imageTypo = "image-typo"
    /// A rollout of `api` in `payments` to an image that crashes on start: CrashLoopBackOff.
    case crashloopRollout = "crashloop-rollout"
    /// `checkout` in `shop` is scaled to zero behind its Service: no endpoints.
    case scaledToZero = "scaled-to-zero"
    /// The node of `db-0` (StatefulSet `db` in `data`) is lost: NodeNotReady, and the evicted pod
    /// hangs in Terminating.
    case nodeLost = "node-lost"
    /// `worker` in `batch` has a memory limit below what its image needs: OOMKilled.
    case oom
    /// `trainer` in `ml` requests more memory than any node has: FailedScheduling.
    case unschedulable
    /// `invoicer` in `billing` reads a key of a ConfigMap that does not exist:
    /// CreateContainerConfigError.
    case missingConfig = "missing-config"
}

/// What staging did.
public struct StageReport: Sendable, CustomStringConvertible {
    public var scenario: StageScenario
    public var reset: Bool
    /// One line per step taken.
    public var steps: [String] = []
    /// Whether the incident's signal (or, after a reset, recovery) was observed before returning.
    public var observed = false

    public var description: String {
        let head = "\(reset ? "reset" : "staged") \(scenario.rawValue)"
        return ([head] + steps.map { "  - \($0)" }).joined(separator: "\n")
    }
}

/// Why staging failed.
public struct StageError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// Stages incidents on a cluster (and undoes them), through a `StageClient`.
///
/// `Stage.apply(.quota, on: simulation)` in process, or `Stage.apply(.quota, client: remote)`
/// against a running `sim up`. Each scenario first makes sure its healthy workload exists and is
/// available, then breaks it the way it breaks in production, and waits until the incident's signal
/// shows (the FailedCreate event, the ImagePullBackOff pod, ...). `reset: true` undoes it and waits
/// for recovery.
public enum Stage {
    /// Stages (or resets) a scenario; `timeout` bounds each wait (simulated seconds in process).
    @discardableResult
    public static func apply(
        _ scenario: StageScenario, reset: Bool = false, client: any StageClient, timeout: Double = 300
    ) async throws -> StageReport {
        var stager = Stager(client: client, timeout: timeout, report: StageReport(scenario: scenario, reset: reset))
        switch (scenario, reset) {
        case (.quota, false): try await stager.quota()
        case (.quota, true): try await stager.resetQuota()
        case (.imageTypo, false): try await stager.rollout(.imageTypo)
        case (.imageTypo, true): try await stager.resetRollout(.imageTypo)
        case (.crashloopRollout, false): try await stager.rollout(.crashloopRollout)
        case (.crashloopRollout, true): try await stager.resetRollout(.crashloopRollout)
        case (.scaledToZero, false): try await stager.scaledToZero()
        case (.scaledToZero, true): try await stager.resetScaledToZero()
        case (.nodeLost, false): try await stager.nodeLost()
        case (.nodeLost, true): try await stager.resetNodeLost()
        case (.oom, false): try await stager.oom()
        case (.oom, true): try await stager.resetOOM()
        case (.unschedulable, false): try await stager.unschedulable()
        case (.unschedulable, true): try await stager.resetUnschedulable()
        case (.missingConfig, false): try await stager.missingConfig()
        case (.missingConfig, true): try await stager.resetMissingConfig()
        }
        return stager.report
    }

    /// Stages (or resets) a scenario on an in-process simulation.
    @discardableResult
    public static func apply(
        _ scenario: StageScenario, reset: Bool = false, on simulation: KubeSimulation, timeout: Double = 600
    ) async throws -> StageReport {
        try await apply(scenario, reset: reset, client: SimulationStageClient(simulation), timeout: timeout)
    }
}

/// The steps of the scenarios.
private struct Stager: Sendable {
    let client: any StageClient
    let timeout: Double
    var report: StageReport

    init(client: any StageClient, timeout: Double, report: StageReport) {
        self.client = client
        self.timeout = timeout
        self.report = report
    }

    // MARK: - Building blocks

    mutating func note(_ line: String) { report.steps.append(line) }

    func ensureNamespace(_ name: String) async throws {
        if try await client.get(.namespaces, namespace: nil, name: name) == nil {
            try await client.create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]])
        }
    }

    /// Creates the object, or merges its labels and spec into the existing one.
    func ensure(_ resource: GroupResource, _ object: JSONValue) async throws {
        let namespace = object.namespace.isEmpty ? nil : object.namespace
        if try await client.get(resource, namespace: namespace, name: object.name) == nil {
            try await client.create(resource, object)
        } else {
            var body: [String: JSONValue] = [:]
            if let labels = object[path: "metadata", "labels"] { body["metadata"] = ["labels": labels] }
            if let spec = object["spec"] { body["spec"] = spec }
            if let data = object["data"] { body["data"] = data }
            try await client.patch(resource, namespace: namespace, name: object.name, .object(body), status: false)
        }
    }

    static func deployment(
        namespace: String, name: String, image: String, replicas: Int, port: Int64 = 8080,
        requests: JSONValue = ["cpu": "100m", "memory": "128Mi"], limits: JSONValue? = nil, env: [JSONValue] = [],
        container: String? = nil
    ) -> JSONValue {
        var containerSpec: [String: JSONValue] = [
            "name": .string(container ?? name), "image": .string(image),
            "ports": [["containerPort": .int(port), "protocol": "TCP"]],
            "resources": limits.map { ["requests": requests, "limits": $0] } ?? ["requests": requests],
        ]
        if !env.isEmpty { containerSpec["env"] = .array(env) }
        return [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": ["app": .string(name)]],
            "spec": [
                "replicas": .int(Int64(replicas)), "selector": ["matchLabels": ["app": .string(name)]],
                "template": [
                    "metadata": ["labels": ["app": .string(name)]],
                    "spec": ["containers": [.object(containerSpec)]],
                ],
            ],
        ]
    }

    static func service(namespace: String, name: String, port: Int64 = 80, targetPort: Int64 = 8080, headless: Bool = false) -> JSONValue {
        var spec: [String: JSONValue] = [
            "selector": ["app": .string(name)],
            "ports": [["name": "http", "port": .int(port), "protocol": "TCP", "targetPort": .int(targetPort)]],
        ]
        if headless { spec["clusterIP"] = "None" }
        return [
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": ["app": .string(name)]],
            "spec": .object(spec),
        ]
    }

    func deploymentAvailable(_ namespace: String, _ name: String) async throws -> Bool {
        guard let deployment = try await client.get(.deployments, namespace: namespace, name: name) else { return false }
        let replicas = deployment.specReplicas
        let status = deployment["status"] ?? .null
        return (status["observedGeneration"]?.intValue ?? 0) >= deployment.generation
            && Int(status["updatedReplicas"]?.intValue ?? 0) == replicas
            && Int(status["availableReplicas"]?.intValue ?? 0) >= replicas
            && Int(status["replicas"]?.intValue ?? 0) == replicas
    }

    func pods(_ namespace: String, app: String) async throws -> [JSONValue] {
        try await client.list(.pods, namespace: namespace).filter { $0.labels["app"] == app }
    }

    /// Waits for a condition; throws when a preparation step does not complete.
    mutating func require(_ what: String, _ condition: @escaping @Sendable () async throws -> Bool) async throws {
        guard try await client.wait(upTo: timeout, until: condition) else {
            throw StageError(description: "timed out waiting for \(what)")
        }
        note(what)
    }

    /// Waits for the incident's signal (or recovery); records whether it was seen.
    mutating func expect(_ what: String, _ condition: @escaping @Sendable () async throws -> Bool) async throws {
        report.observed = try await client.wait(upTo: timeout, until: condition)
        note(report.observed ? what : "not yet observed: \(what)")
    }

    func eventSeen(_ namespace: String, reason: String, matching: @escaping @Sendable (JSONValue) -> Bool = { _ in true })
        async throws -> Bool
    {
        try await client.list(.events, namespace: namespace).contains { $0["reason"]?.stringValue == reason && matching($0) }
    }

    static func waitingReason(_ pod: JSONValue) -> [String] {
        (pod[path: "status", "containerStatuses"]?.arrayValue ?? []).compactMap { $0[path: "state", "waiting", "reason"]?.stringValue }
    }

    /// Sets one container's image by rewriting the template's container list.
    func setImage(_ namespace: String, _ name: String, container: String, image: String) async throws {
        guard let deployment = try await client.get(.deployments, namespace: namespace, name: name) else {
            throw StageError(description: "deployment \(namespace)/\(name) not found")
        }
        var containers = deployment[path: "spec", "template", "spec", "containers"]?.arrayValue ?? []
        for index in containers.indices where containers[index]["name"]?.stringValue == container {
            containers[index]["image"] = .string(image)
        }
        try await client.patch(
            .deployments, namespace: namespace, name: name,
            ["spec": ["template": ["spec": ["containers": .array(containers)]]]], status: false)
    }

    // MARK: - quota

    mutating func quota() async throws {
        try await ensureNamespace("kars-system")
        if try await client.get(SimResource.karssandboxes, namespace: "kars-system", name: "research") == nil {
            try await client.create(SimResource.karssandboxes, [
                "apiVersion": "kars.azure.com/v1alpha1", "kind": "KarsSandbox",
                "metadata": ["name": "research", "namespace": "kars-system", "labels": ["kars.azure.com/sandbox": "research"]],
                "spec": [
                    "runtime": ["kind": "Hermes", "hermes": .object([:])],
                    "governance": ["enabled": true, "toolPolicyRef": ["name": "research-tools"]],
                    "networkPolicy": ["defaultDeny": true],
                ],
            ])
            note("created KarsSandbox kars-system/research")
        }
        let client = self.client
        try await require("sandbox deployment kars-research/research available") { [self] in
            try await deploymentAvailable("kars-research", "research")
        }
        if try await client.get(.resourcequotas, namespace: "kars-research", name: "platform-hardening") == nil {
            try await client.create(.resourcequotas, [
                "apiVersion": "v1", "kind": "ResourceQuota",
                "metadata": [
                    "name": "platform-hardening", "namespace": "kars-research",
                    "labels": ["app.kubernetes.io/part-of": "platform-gitops"],
                ],
                "spec": ["hard": ["requests.memory": "50Mi"]],
            ])
        }
        note("created ResourceQuota kars-research/platform-hardening (requests.memory=50Mi)")
        for pod in try await pods("kars-research", app: "research") where !pod.isBeingDeleted {
            try await client.delete(.pods, namespace: "kars-research", name: pod.name)
            note("deleted pod kars-research/\(pod.name) (forced reschedule)")
        }
        try await expect("FailedCreate: exceeded quota: platform-hardening") { [self] in
            try await eventSeen("kars-research", reason: "FailedCreate") {
                ($0["message"]?.stringValue ?? "").contains("exceeded quota: platform-hardening")
            }
        }
    }

    mutating func resetQuota() async throws {
        try await client.delete(.resourcequotas, namespace: "kars-research", name: "platform-hardening")
        note("deleted ResourceQuota kars-research/platform-hardening")
        try await nudgeReplicaSets("kars-research")
        try await expect("deployment kars-research/research available") { [self] in
            try await deploymentAvailable("kars-research", "research")
        }
    }

    /// Annotates every ReplicaSet of a namespace so its controller retries at once.
    mutating func nudgeReplicaSets(_ namespace: String) async throws {
        let stamp = KubeTime.format(await client.now())
        for rs in try await client.list(.replicasets, namespace: namespace) {
            try await client.patch(
                .replicasets, namespace: namespace, name: rs.name,
                ["metadata": ["annotations": [SimAnnotations.nudge: .string(stamp)]]], status: false)
            note("nudged ReplicaSet \(namespace)/\(rs.name)")
        }
    }

    // MARK: - image-typo and crashloop-rollout

    struct Rollout {
        var namespace: String
        var name: String
        var replicas: Int
        var good: String
        var bad: String
        var port: Int64
        var signal: String
    }

    static func rolloutSpec(_ scenario: StageScenario) -> Rollout {
        switch scenario {
        case .crashloopRollout:
            return Rollout(
                namespace: "payments", name: "api", replicas: 2, good: "ghcr.io/acme/payments-api:1.9.4",
                bad: "ghcr.io/acme/payments-api:2.0.0", port: 8080, signal: "CrashLoopBackOff")
        default:
            return Rollout(
                namespace: "shop", name: "web", replicas: 3, good: "nginx:1.25.3", bad: "nginx:1.25.33", port: 80,
                signal: "ImagePullBackOff")
        }
    }

    mutating func rollout(_ scenario: StageScenario) async throws {
        let spec = Self.rolloutSpec(scenario)
        try await ensureNamespace(spec.namespace)
        let current = try await client.get(.deployments, namespace: spec.namespace, name: spec.name)
        let image = current?[path: "spec", "template", "spec", "containers"]?[0]?["image"]?.stringValue
        if current == nil || image != spec.good {
            try await ensure(.deployments, Self.deployment(
                namespace: spec.namespace, name: spec.name, image: spec.good, replicas: spec.replicas, port: spec.port,
                requests: ["cpu": "50m", "memory": "64Mi"], limits: ["memory": "128Mi"]))
            try await ensure(.services, Self.service(namespace: spec.namespace, name: spec.name, targetPort: spec.port))
        }
        try await require("deployment \(spec.namespace)/\(spec.name) available on \(spec.good)") { [self] in
            try await deploymentAvailable(spec.namespace, spec.name)
        }
        try await setImage(spec.namespace, spec.name, container: spec.name, image: spec.bad)
        note("rolled out \(spec.namespace)/\(spec.name) to \(spec.bad)")
        try await expect("a new pod in \(spec.signal)") { [self] in
            try await pods(spec.namespace, app: spec.name).contains { Self.waitingReason($0).contains(spec.signal) }
        }
    }

    mutating func resetRollout(_ scenario: StageScenario) async throws {
        let spec = Self.rolloutSpec(scenario)
        try await setImage(spec.namespace, spec.name, container: spec.name, image: spec.good)
        note("rolled \(spec.namespace)/\(spec.name) back to \(spec.good)")
        try await expect("deployment \(spec.namespace)/\(spec.name) available") { [self] in
            try await deploymentAvailable(spec.namespace, spec.name)
        }
    }

    // MARK: - scaled-to-zero

    mutating func scaledToZero() async throws {
        try await ensureNamespace("shop")
        if try await client.get(.deployments, namespace: "shop", name: "checkout") == nil {
            try await ensure(.deployments, Self.deployment(namespace: "shop", name: "checkout", image: "ghcr.io/acme/checkout:3.3.0", replicas: 2))
            try await ensure(.services, Self.service(namespace: "shop", name: "checkout"))
        } else {
            try await client.patch(.deployments, namespace: "shop", name: "checkout", ["spec": ["replicas": 2]], status: false)
        }
        try await require("deployment shop/checkout available") { [self] in try await deploymentAvailable("shop", "checkout") }
        try await client.patch(.deployments, namespace: "shop", name: "checkout", ["spec": ["replicas": 0]], status: false)
        note("scaled shop/checkout to 0")
        try await expect("no pods behind Service shop/checkout") { [self] in
            try await pods("shop", app: "checkout").isEmpty
        }
    }

    mutating func resetScaledToZero() async throws {
        try await client.patch(.deployments, namespace: "shop", name: "checkout", ["spec": ["replicas": 2]], status: false)
        note("scaled shop/checkout to 2")
        try await expect("deployment shop/checkout available") { [self] in try await deploymentAvailable("shop", "checkout") }
    }

    // MARK: - node-lost

    mutating func nodeLost() async throws {
        try await ensureNamespace("data")
        if try await client.get(.statefulsets, namespace: "data", name: "db") == nil {
            let toleration: (String) -> JSONValue = { key in
                ["key": .string(key), "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 30]
            }
            try await client.create(.statefulsets, [
                "apiVersion": "apps/v1", "kind": "StatefulSet",
                "metadata": ["name": "db", "namespace": "data", "labels": ["app": "db"]],
                "spec": [
                    "replicas": 1, "serviceName": "db", "selector": ["matchLabels": ["app": "db"]],
                    "template": [
                        "metadata": ["labels": ["app": "db"]],
                        "spec": [
                            "tolerations": [toleration("node.kubernetes.io/not-ready"), toleration("node.kubernetes.io/unreachable")],
                            "containers": [[
                                "name": "postgres", "image": "postgres:16.4",
                                "ports": [["containerPort": 5432, "protocol": "TCP", "name": "postgres"]],
                                "resources": ["requests": ["cpu": "250m", "memory": "512Mi"], "limits": ["memory": "1Gi"]],
                            ]],
                        ],
                    ],
                ],
            ])
            note("created StatefulSet data/db (no Service in front of it, as in the public scenario)")
        }
        try await require("pod data/db-0 ready") { [client] in
            try await client.get(.pods, namespace: "data", name: "db-0")?.isReadyPod == true
        }
        guard let pod = try await client.get(.pods, namespace: "data", name: "db-0"), !pod.nodeName.isEmpty,
            let node = try await client.get(.nodes, namespace: nil, name: pod.nodeName)
        else { throw StageError(description: "pod data/db-0 is not on a node") }
        try await client.patch(
            .nodes, namespace: nil, name: node.name,
            ["metadata": ["annotations": [SimAnnotations.kubelet: "stopped"]]], status: false)
        note("stopped the kubelet of node \(node.name)")
        let now = SimObjects.time(await client.now())
        var conditions = node[path: "status", "conditions"]?.arrayValue ?? []
        for index in conditions.indices {
            conditions[index]["status"] = "Unknown"
            conditions[index]["reason"] = "NodeStatusUnknown"
            conditions[index]["message"] = "Kubelet stopped posting node status."
            conditions[index]["lastTransitionTime"] = now
        }
        try await client.patch(.nodes, namespace: nil, name: node.name, ["status": ["conditions": .array(conditions)]], status: true)
        note("marked node \(node.name) Ready=Unknown (NodeStatusUnknown)")
        try await expect("pod data/db-0 Terminating on the lost node") { [client] in
            try await client.get(.pods, namespace: "data", name: "db-0")?.isBeingDeleted == true
        }
    }

    mutating func resetNodeLost() async throws {
        for node in try await client.list(.nodes, namespace: nil)
        where node.annotation(SimAnnotations.kubelet) == "stopped" || node.conditionStatus("Ready") != "True" {
            try await client.patch(
                .nodes, namespace: nil, name: node.name, ["metadata": ["annotations": [SimAnnotations.kubelet: "running"]]],
                status: false)
            note("restarted the kubelet of node \(node.name)")
        }
        try await expect("pod data/db-0 ready") { [client] in
            guard let pod = try await client.get(.pods, namespace: "data", name: "db-0") else { return false }
            return pod.isReadyPod && !pod.isBeingDeleted
        }
    }

    // MARK: - oom

    static func oomDeployment(memory: String) -> JSONValue {
        deployment(
            namespace: "batch", name: "worker", image: "ghcr.io/acme/worker:7.3.0", replicas: 2,
            requests: ["cpu": "100m", "memory": .string(memory)], limits: ["memory": .string(memory)])
    }

    mutating func oom() async throws {
        try await ensureNamespace("batch")
        try await ensure(.deployments, Self.oomDeployment(memory: "128Mi"))
        try await ensure(.services, Self.service(namespace: "batch", name: "worker"))
        note("deployment batch/worker with a 128Mi memory limit (its image needs 300Mi)")
        try await expect("a worker container OOMKilled and restarting") { [self] in
            try await pods("batch", app: "worker").contains { pod in
                (pod[path: "status", "containerStatuses"]?.arrayValue ?? []).contains {
                    $0[path: "lastState", "terminated", "reason"]?.stringValue == "OOMKilled"
                }
            }
        }
    }

    mutating func resetOOM() async throws {
        try await ensure(.deployments, Self.oomDeployment(memory: "512Mi"))
        note("raised the memory limit of batch/worker to 512Mi")
        try await expect("deployment batch/worker available") { [self] in try await deploymentAvailable("batch", "worker") }
    }

    // MARK: - unschedulable

    static func trainer(memory: String) -> JSONValue {
        deployment(
            namespace: "ml", name: "trainer", image: "ghcr.io/acme/trainer:4.2.0", replicas: 2,
            requests: ["cpu": "500m", "memory": .string(memory)])
    }

    mutating func unschedulable() async throws {
        try await ensureNamespace("ml")
        try await ensure(.deployments, Self.trainer(memory: "64Gi"))
        note("deployment ml/trainer requesting 64Gi of memory per pod")
        try await expect("FailedScheduling: Insufficient memory") { [self] in
            try await eventSeen("ml", reason: "FailedScheduling") { ($0["message"]?.stringValue ?? "").contains("Insufficient memory") }
        }
    }

    mutating func resetUnschedulable() async throws {
        try await ensure(.deployments, Self.trainer(memory: "1Gi"))
        note("lowered the memory request of ml/trainer to 1Gi")
        try await expect("deployment ml/trainer available") { [self] in try await deploymentAvailable("ml", "trainer") }
    }

    // MARK: - missing-config

    mutating func missingConfig() async throws {
        try await ensureNamespace("billing")
        try await client.delete(.configmaps, namespace: "billing", name: "app-config")
        try await ensure(.deployments, Self.deployment(
            namespace: "billing", name: "invoicer", image: "ghcr.io/acme/billing:3.1.0", replicas: 1,
            env: [["name": "APP_MODE", "valueFrom": ["configMapKeyRef": ["name": "app-config", "key": "mode"]]]]))
        note("deployment billing/invoicer reading ConfigMap app-config, which does not exist")
        try await expect("a pod in CreateContainerConfigError") { [self] in
            try await pods("billing", app: "invoicer").contains { Self.waitingReason($0).contains("CreateContainerConfigError") }
        }
    }

    mutating func resetMissingConfig() async throws {
        try await ensure(.configmaps, [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "app-config", "namespace": "billing"],
            "data": ["mode": "production"],
        ])
        note("created ConfigMap billing/app-config")
        try await expect("deployment billing/invoicer available") { [self] in try await deploymentAvailable("billing", "invoicer") }
    }
}
