import Foundation
import KubeAPI
import KubeModels
import Synchronization
import Testing

@testable import KubeSim
@testable import Remediation

/// The writer identity can do exactly the action: not another namespace, not another object of the
/// same kind, not another verb; and nothing at all once the grant is gone. No grant survives a
/// failed execution either.
@Suite("Least privilege")
struct LeastPrivilegeTests {
    /// Records the writer tokens the controller mints.
    final class TokenSpy: WriterClientFactory {
        let base: TestWriterFactory
        let tokens = Mutex<[String]>([])
        init(base: TestWriterFactory) { self.base = base }
        func client(token: String) throws -> KubeClient {
            tokens.withLock { $0.append(token) }
            return try base.client(token: token)
        }
        var last: String? { tokens.withLock { $0.last } }
    }

    /// Probes, while the grant exists, what the writer may do.
    final class ProbeHook: ExecutionHook {
        let spy: TokenSpy
        let harness: RemediationHarness
        let results = Mutex<[String: Int]>([:])
        init(spy: TokenSpy, harness: RemediationHarness) {
            self.spy = spy
            self.harness = harness
        }

        func code(_ body: () async throws -> Void) async -> Int {
            do {
                try await body()
                return 200
            } catch let error as KubeAPIError {
                return error.httpCode ?? -1
            } catch {
                return -1
            }
        }

        func reached(_ step: ExecutionStep, action: String) async throws {
            guard step == .followedThrough, let token = spy.last else { return }
            let writer = try spy.base.client(token: token)
            var probes: [String: Int] = [:]
            probes["delete quota in another namespace"] = await code {
                try await writer.delete(.resourceQuotas, name: "platform-hardening", namespace: "team-b")
            }
            probes["get another quota in the namespace"] = await code {
                _ = try await writer.get(.resourceQuotas, name: "other", namespace: "team-a")
            }
            probes["list pods"] = await code { _ = try await writer.list(.pods, namespace: "team-a") }
            probes["create configmap"] = await code {
                _ = try await writer.create(.configMaps, ["metadata": ["name": "x"]], namespace: "team-a")
            }
            probes["patch the deployment"] = await code {
                _ = try await writer.patch(.deployments, name: "research", namespace: "team-a", patch: ["metadata": ["labels": ["x": "y"]]])
            }
            probes["get the nudged replicaset"] = await code {
                _ = try await writer.get(.replicaSets, name: "research-84dwh4l6hs", namespace: "team-a")
            }
            try? await writer.shutdown()
            results.withLock { $0 = probes }
        }
    }

    @Test func writerCanTouchOnlyTheTargetAndOnlyDuringTheGrant() async throws {
        let harness = try await RemediationHarness.start()
        try await harness.seed(Fixtures.quotaIncident(namespace: "team-a") + Fixtures.quotaIncident(namespace: "team-b"))
        var other = try await harness.sim.store.get(.resourcequotas, namespace: "team-a", name: "platform-hardening")
        other["metadata"] = ["name": "other", "namespace": "team-a"]
        try await harness.sim.store.seed(other)

        let spy = TokenSpy(base: TestWriterFactory(base: harness.controllerConfig, life: nil))
        let hook = ProbeHook(spy: spy, harness: harness)
        var configuration = ControllerConfiguration(identity: "lp", settle: 0.5, resync: 1, retryBase: 0.1, errorRetry: 0.2)
        configuration.findingRecheck = 0.5
        let controller = RemediationController(
            configuration: configuration,
            dependencies: ControllerDependencies(
                client: try harness.controllerClient(), writerFactory: spy, hook: hook,
                findings: FixedFindingCheck(.notApplicable), log: RemediationLog.silent))
        let task = harness.run(controller)
        let created = try await harness.actions().create(.explicit(.deleteResourceQuota, "team-a", "platform-hardening"))
        _ = try await Lifecycle(harness: harness).waitForPreview(created.action.name)
        let applied = try await Lifecycle(harness: harness).approveAndWait(created.action.name, [.applied])
        #expect(applied.phase == .applied)

        let probes = hook.results.withLock { $0 }
        #expect(probes["delete quota in another namespace"] == 403, "\(probes)")
        #expect(probes["get another quota in the namespace"] == 403, "\(probes)")
        #expect(probes["list pods"] == 403, "\(probes)")
        #expect(probes["create configmap"] == 403, "\(probes)")
        #expect(probes["patch the deployment"] == 403, "\(probes)")
        #expect(probes["get the nudged replicaset"] == 200, "\(probes)")
        #expect(try await harness.sim.store.get(.resourcequotas, namespace: "team-b", name: "platform-hardening").name == "platform-hardening")

        // After the grant: the same (still unexpired) token can do nothing.
        let token = try #require(spy.last)
        let writer = try spy.base.client(token: token)
        await #expect(throws: KubeAPIError.self) {
            _ = try await writer.get(.replicaSets, name: "research-84dwh4l6hs", namespace: "team-a")
        }
        try? await writer.shutdown()
        #expect(try await harness.oneShotObjects().isEmpty)
        task.cancel()
        await task.value
        await harness.stop()
    }

    /// Changes the target between the grant and the write: the conditional write fails, the
    /// action ends Failed (TargetChanged), and the grant is gone.
    final class Saboteur: ExecutionHook {
        let harness: RemediationHarness
        let done = Mutex(false)
        let executing = Mutex(false)
        init(harness: RemediationHarness) { self.harness = harness }
        func reached(_ step: ExecutionStep, action: String) async throws {
            if step == .intentRecorded { executing.withLock { $0 = true } }
            guard step == .tokenMinted, executing.withLock({ $0 }), !done.withLock({ $0 }) else { return }
            guard var live = try? await harness.sim.store.get(.deployments, namespace: "shop", name: "web"),
                live[path: "spec", "template", "spec", "containers"]?[0]?["image"]?.stringValue == "nginx:1.25.33"
            else { return }
            done.withLock { $0 = true }
            live["spec"]?["template"]?["spec"]?["containers"] = [["name": "main", "image": "nginx:9.9"]]
            try await harness.sim.store.seed(live)
        }
    }

    @Test func noGrantSurvivesAFailedExecution() async throws {
        let harness = try await RemediationHarness.start()
        let (web, set) = Fixtures.deployment("web", namespace: "shop", image: "nginx:1.25.33", now: Date())
        try await harness.seed([Fixtures.namespace("shop"), web, set])
        let saboteur = Saboteur(harness: harness)
        let task = harness.run(try harness.controller(hook: saboteur))
        let created = try await harness.actions().create(
            .explicit(.patchDeploymentImage, "shop", "web", container: "main", image: "nginx:1.25.3"))
        _ = try await Lifecycle(harness: harness).waitForPreview(created.action.name)
        let failed = try await Lifecycle(harness: harness).approveAndWait(created.action.name, [.failed, .applied])
        #expect(failed.phase == .failed)
        #expect(failed.status.condition(.terminated)?.reason == ActionReason.targetChanged.rawValue)
        #expect(failed.status.message?.hasPrefix("changed during execution: the image of container main") == true, "\(failed.status.message ?? "")")
        let live = try await harness.sim.store.get(.deployments, namespace: "shop", name: "web")
        #expect(live[path: "spec", "template", "spec", "containers"]?[0]?["image"]?.stringValue == "nginx:9.9")
        #expect(try await harness.oneShotObjects().isEmpty)
        task.cancel()
        await task.value
        await harness.stop()
    }
}
