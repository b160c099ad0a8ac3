import Foundation
import KubeAPI
import KubeModels
import TestSupport

@testable import KubeSim
@testable import Remediation

/// KubeSim in-process on port 0 with the KarsSREAction CRD, the writer ceilings, the writer and
/// controller ServiceAccounts and the controller's RBAC from deploy/ installed, plus clients for
/// the admin (test set-up), the controller identity and the writer factory.
final class RemediationHarness: Sendable {
    let sim: KubeSim
    let directory: TemporaryDirectory
    let adminConfig: KubeClientConfig
    let controllerConfig: KubeClientConfig
    let admin: KubeClient

    static func start(_ options: KubeSimOptions = KubeSimOptions()) async throws -> RemediationHarness {
        var options = options
        options.store = StoreConfiguration(podTermination: .awaitKubelet)
        let sim = try await KubeSim.start(options)
        let directory = try TemporaryDirectory(prefix: "kars-remediation")
        let adminPath = directory.file("admin.kubeconfig")
        try sim.writeKubeconfig(to: adminPath)
        let adminConfig = try KubeConfigLoader().resolve(kubeconfig: adminPath)
        try await install(sim.store)
        let minted = try await sim.store.requestToken(
            namespace: "kars-sre", serviceAccount: "kars-sre", request: ["spec": ["expirationSeconds": 7200]])
        let token = minted[path: "status", "token"]?.stringValue ?? ""
        let controllerPath = directory.file("controller.kubeconfig")
        try sim.writeKubeconfig(to: controllerPath, token: token, namespace: "kars-sre")
        let controllerConfig = try KubeConfigLoader().resolve(kubeconfig: controllerPath)
        return RemediationHarness(
            sim: sim, directory: directory, adminConfig: adminConfig, controllerConfig: controllerConfig,
            admin: try KubeClient(config: adminConfig))
    }

    private init(
        sim: KubeSim, directory: TemporaryDirectory, adminConfig: KubeClientConfig, controllerConfig: KubeClientConfig,
        admin: KubeClient
    ) {
        self.sim = sim
        self.directory = directory
        self.adminConfig = adminConfig
        self.controllerConfig = controllerConfig
        self.admin = admin
    }

    /// The CRD, namespace kars-sre, ceilings, writer and controller RBAC: what the chart installs.
    static func install(_ store: ClusterStore) async throws {
        try await store.seed(try Manifests.crd)
        try await store.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "kars-sre"]])
        for document in try Manifests.documents("deploy/rbac/writer-ceilings.yaml")
            + Manifests.documents("deploy/rbac/controller.yaml")
        {
            try await store.seed(document)
        }
        try await store.seed(Manifests.reader)
    }

    func stop() async {
        try? await admin.shutdown()
        await sim.stop()
        directory.remove()
    }

    /// A client as the controller's ServiceAccount; killable when `life` is given.
    func controllerClient(life: ProcessLife? = nil) throws -> KubeClient {
        try client(config: controllerConfig, life: life)
    }

    func client(config: KubeClientConfig, life: ProcessLife? = nil) throws -> KubeClient {
        let transport = try HTTPClientTransport(config: config)
        guard let life else { return KubeClient(transport: transport, defaultNamespace: config.namespace) }
        return KubeClient(
            transport: KillableTransport(base: transport, life: life), defaultNamespace: config.namespace)
    }

    /// A client for a static token with a user name (an approver), no groups beyond authenticated.
    func client(token: String, user: String, groups: [String] = []) throws -> KubeClient {
        sim.tokens.addStaticToken(token, user: SimUserInfo(username: user, groups: groups + ["system:authenticated"]))
        let path = directory.file("\(user.replacingOccurrences(of: ":", with: "-")).kubeconfig")
        try sim.writeKubeconfig(to: path, token: token, namespace: "kars-sre")
        return try KubeClient(config: try KubeConfigLoader().resolve(kubeconfig: path))
    }

    /// A controller against this cluster. Short timings by default so tests run in seconds.
    func controller(
        identity: String = "controller-a", life: ProcessLife? = nil, hook: any ExecutionHook = NoExecutionHook(),
        findings: (any FindingCheck)? = FixedFindingCheck(.notApplicable), clock: any RemediationClock = SystemClock(),
        configure: (inout ControllerConfiguration) -> Void = { _ in }
    ) throws -> RemediationController {
        var configuration = ControllerConfiguration(
            identity: identity, settle: 0.5, recoveryTimeout: 20, followUpAfter: 10, resync: 1, findingRecheck: 0.5,
            retryBase: 0.1, errorRetry: 0.2)
        configure(&configuration)
        let client = try controllerClient(life: life)
        let factory = TestWriterFactory(base: controllerConfig, life: life)
        return RemediationController(
            configuration: configuration,
            dependencies: ControllerDependencies(
                client: client, writerFactory: factory, clock: clock, hook: hook, findings: findings,
                log: Self.logger(identity)))
    }

    /// `KARS_TEST_VERBOSE=1` prints the controllers' log lines.
    static let verbose = ProcessInfo.processInfo.environment["KARS_TEST_VERBOSE"] != nil

    /// The controllers' log: silent unless `KARS_TEST_VERBOSE` is set.
    static func logger(_ identity: String) -> RemediationLogger {
        guard verbose else { return RemediationLog.silent }
        return { line in print("[\(identity)] \(line)") }
    }

    /// Starts a controller in a task.
    func run(_ controller: RemediationController) -> Task<Void, Never> {
        Task { await controller.run() }
    }

    /// The action client as an operator (admin) uses it.
    func actions(clock: any RemediationClock = SystemClock()) -> ActionClient {
        ActionClient(client: admin, clock: clock)
    }

    /// Waits until the action reaches one of `phases`.
    @discardableResult
    func wait(for name: String, _ phases: Set<ActionPhase>, timeout: TimeInterval = 60) async throws -> ActionObject {
        let store = KubeActionStore(client: admin)
        var last: ActionObject?
        let reached = try await eventually(timeout: timeout) {
            do {
                last = try await store.get(name)
            } catch let error as KubeAPIError where error.isTransient {
                return false  // injected faults: look again
            }
            return last.map { phases.contains($0.phase) } ?? false
        }
        guard reached, let last else {
            throw TimedOut(description: "\(name) did not reach \(phases.map(\.rawValue)): \(last.map { "\($0.phase) \($0.status.message ?? "") \($0.status.execution?.lastError ?? "")" } ?? "gone")")
        }
        return last
    }

    /// Every one-shot Role and RoleBinding in the cluster (`Kind ns/name`).
    func oneShotObjects() async throws -> [String] {
        var found: [String] = []
        for resource in [GroupResource.roles, .rolebindings] {
            let list = try await sim.store.list(resource, options: SimListOptions(labelSelector: OneShotGrant.selector))
            found += list.items.map { "\(resource.resource) \($0.object.namespace)/\($0.object.name)" }
        }
        return found
    }

    /// Seeds objects as given (status kept).
    func seed(_ objects: [JSONValue]) async throws {
        for object in objects { try await sim.store.seed(object) }
    }
}

/// Writer clients for the harness: same server and CA as the controller, only the token; killable
/// with the controller's process.
struct TestWriterFactory: WriterClientFactory {
    let base: KubeClientConfig
    let life: ProcessLife?

    func client(token: String) throws -> KubeClient {
        var config = base
        config.credentials = .bearerToken(token)
        let transport = try HTTPClientTransport(config: config)
        guard let life else { return KubeClient(transport: transport, defaultNamespace: config.namespace) }
        return KubeClient(transport: KillableTransport(base: transport, life: life), defaultNamespace: config.namespace)
    }
}

extension RemediationHarness {
    /// Simulated recovery (KubeSim's controllers are not used here): the workload's status says
    /// every replica is available for its current generation.
    func markAvailable(_ resource: GroupResource = .deployments, namespace: String, name: String) async throws {
        var object = try await sim.store.get(resource, namespace: namespace, name: name)
        let replicas = object[path: "spec", "replicas"] ?? 1
        object["status"] = [
            "observedGeneration": object[path: "metadata", "generation"] ?? 1, "replicas": replicas,
            "updatedReplicas": replicas, "readyReplicas": replicas, "availableReplicas": replicas,
        ]
        try await sim.store.seed(object)
    }

    /// Binds ClusterRole kars:sre-approver to `user` in kars-sre (what an operator is given).
    func grantApprover(_ user: String) async throws {
        try await sim.store.seed([
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
            "metadata": ["name": .string("approver-\(user)"), "namespace": "kars-sre"],
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "kars:sre-approver"],
            "subjects": [["kind": "User", "name": .string(user), "apiGroup": "rbac.authorization.k8s.io"]],
        ])
    }

    /// An approver's action client (token user with kars:sre-approver in kars-sre) and identity.
    func approver(_ user: String) async throws -> (ActionClient, ApproverIdentity) {
        try await grantApprover(user)
        let client = try self.client(token: "token-\(user)-\(UUID().uuidString)", user: user)
        let identity = try await ApproverIdentity.resolve(client: client, kubeconfigUser: nil)
        return (ActionClient(client: client), identity)
    }
}
