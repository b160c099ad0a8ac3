import Foundation
import KubeAPI
import KubeModels
import Testing
@testable import KubeSim

/// The simulated controllers seen through the real `kubectl`, over HTTPS, with a fast clock.
@Suite("Controllers through kubectl", .serialized)
struct KubectlControllerTests {
    static let manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: default
          labels: {app: web}
        spec:
          replicas: 3
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1.25.3
                ports:
                - containerPort: 80
                resources:
                  requests: {cpu: 50m, memory: 64Mi}
        """

    /// A KubeSim over HTTPS with the controllers on a clock 10 times faster than the wall clock.
    static func start() async throws -> (SimHarness, KubeSimulation) {
        let harness = try await SimHarness.start()
        let simulation = await KubeSimulation.start(store: harness.sim.store, clock: ScaledClock(speed: 10))
        return (harness, simulation)
    }

    @Test("kubectl rollout status waits for a Deployment to become Ready")
    func rolloutStatus() async throws {
        let (harness, simulation) = try await Self.start()
        let applied = try await harness.kubectl(["apply", "-f", "-"], stdin: Self.manifest)
        #expect(applied.status == 0, "\(applied)")
        let status = try await harness.kubectl(["rollout", "status", "deployment/web", "--timeout=60s"])
        #expect(status.status == 0, "\(status)")
        #expect(status.stdout.contains("successfully rolled out"), "\(status)")
        let pods = try await harness.kubectl(["get", "pods", "-l", "app=web", "-o", "json"])
        let list = try JSONReader.parse(pods.stdout)
        let items = list["items"]?.arrayValue ?? []
        #expect(items.count == 3)
        #expect(items.allSatisfy { $0.podPhase == "Running" && $0.isReadyPod })
        let table = try await harness.kubectl(["get", "pods", "-l", "app=web"])
        #expect(table.stdout.contains("1/1"), "\(table)")
        #expect(table.stdout.contains("Running"), "\(table)")
        await simulation.stop()
        await harness.stop()
    }

    @Test("kubectl rollout restart replaces the pods; a rollout to a missing image does not finish")
    func restartAndBadImage() async throws {
        let (harness, simulation) = try await Self.start()
        _ = try await harness.kubectl(["apply", "-f", "-"], stdin: Self.manifest)
        #expect(try await harness.kubectl(["rollout", "status", "deployment/web", "--timeout=60s"]).status == 0)
        let before = Set(await simulation.pods("default", app: "web").map(\.name))
        let restart = try await harness.kubectl(["rollout", "restart", "deployment/web"])
        #expect(restart.status == 0, "\(restart)")
        let restarted = try await harness.kubectl(["rollout", "status", "deployment/web", "--timeout=60s"])
        #expect(restarted.status == 0, "\(restarted)")
        let settled = await simulation.advance(by: 100) {
            let names = Set(await simulation.pods("default", app: "web").map(\.name))
            return names.count == 3 && names.isDisjoint(with: before)
        }
        #expect(settled)

        let setImage = try await harness.kubectl(["set", "image", "deployment/web", "web=nginx:1.25.33"])
        #expect(setImage.status == 0, "\(setImage)")
        let stuck = try await harness.kubectl(["rollout", "status", "deployment/web", "--timeout=3s"])
        #expect(stuck.status != 0, "\(stuck)")
        // Poll until a deadline: on a loaded machine the new pod may still be on its first pull, or
        // an old pod still starting; what is asserted is the same as a one-shot check.
        func pullFailing(_ table: String) -> Bool { table.contains("ImagePullBackOff") || table.contains("ErrImagePull") }
        func oldServing(_ table: String) -> Bool { table.components(separatedBy: "Running").count - 1 == 3 }
        var pods = CommandResult(status: 0, stdout: "", stderr: "")
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            pods = try await harness.kubectl(["get", "pods", "-l", "app=web"])
            if pullFailing(pods.stdout), oldServing(pods.stdout) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(pullFailing(pods.stdout), "\(pods)")
        #expect(oldServing(pods.stdout), "\(pods)")
        let undo = try await harness.kubectl(["rollout", "undo", "deployment/web"])
        #expect(undo.status == 0, "\(undo)")
        let recovered = try await harness.kubectl(["rollout", "status", "deployment/web", "--timeout=60s"])
        #expect(recovered.status == 0, "\(recovered)")
        await simulation.stop()
        await harness.stop()
    }

    @Test("kars-sre sim stage runs against a served KubeSim through the API")
    func stageThroughAPI() async throws {
        let (harness, simulation) = try await Self.start()
        let client = try KubeClientStageClient(client: .resolve(kubeconfig: harness.kubeconfig))
        let report = try await Stage.apply(.quota, client: client, timeout: 60)
        #expect(report.observed, "\(report)")
        let events = try await harness.kubectl(["get", "events", "-n", "kars-research", "--field-selector", "reason=FailedCreate"])
        #expect(events.stdout.contains("exceeded quota: platform-hardening"), "\(events)")
        let reset = try await Stage.apply(.quota, reset: true, client: client, timeout: 60)
        #expect(reset.observed, "\(reset)")
        try? await client.client.shutdown()
        await simulation.stop()
        await harness.stop()
    }
}
