import Foundation
import KubeModels
import Testing
@testable import KubeSim

/// The incidents of the "Show" list driven and observed with the real `kubectl` only: a
/// quota blocking a rescheduled pod until it is deleted, a NotReady node leaving its pod Terminating,
/// a KarsSandbox producing its namespace and Deployment. A manual clock makes the minutes of back-off
/// and toleration take no wall time.
@Suite("Incidents through kubectl", .serialized)
struct KubectlIncidentTests {
    static func start() async throws -> (SimHarness, KubeSimulation) {
        let harness = try await SimHarness.start()
        let simulation = await KubeSimulation.start(store: harness.sim.store, clock: ManualClock(start: Date()))
        return (harness, simulation)
    }

    /// The cells of the table row whose first cell is `name` (nil when there is none).
    static func row(_ table: String, _ name: String) -> [String]? {
        table.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.first { $0.first == name }
    }

    @Test("a quota blocks a rescheduled pod with FailedCreate events; deleting it lets the workload recover")
    func quota() async throws {
        let (harness, sim) = try await Self.start()
        #expect(try await harness.kubectl(["create", "namespace", "shop"]).status == 0)
        let created = try await harness.kubectl(["create", "deployment", "web", "-n", "shop", "--image=nginx:1.25.3"])
        #expect(created.status == 0, "\(created)")
        let limits = try await harness.kubectl(["set", "resources", "deployment/web", "-n", "shop", "--requests=memory=128Mi"])
        #expect(limits.status == 0, "\(limits)")
        #expect(await sim.advance(by: 120) { await sim.deploymentAvailable("shop", "web") })
        let quota = try await harness.kubectl(["create", "quota", "tight", "-n", "shop", "--hard=requests.memory=64Mi"])
        #expect(quota.status == 0, "\(quota)")
        #expect(try await harness.kubectl(["delete", "pod", "-n", "shop", "-l", "app=web", "--wait=false"]).status == 0)
        await sim.advance(by: 120)

        let events = try await harness.kubectl(["get", "events", "-n", "shop", "--field-selector", "reason=FailedCreate"])
        #expect(events.stdout.contains("Error creating: pods \"web-"), "\(events)")
        #expect(events.stdout.contains("is forbidden: exceeded quota: tight"), "\(events)")
        let blocked = try await harness.kubectl(["get", "deployment", "web", "-n", "shop"])
        #expect(Self.row(blocked.stdout, "web")?[1] == "0/1", "\(blocked)")

        #expect(try await harness.kubectl(["delete", "quota", "tight", "-n", "shop"]).status == 0)
        // No nudge: the ReplicaSet retries at the end of its back-off, minutes later, as on a real cluster.
        #expect(await sim.advance(by: 1200) { await sim.deploymentAvailable("shop", "web") })
        let recovered = try await harness.kubectl(["get", "deployment", "web", "-n", "shop"])
        #expect(Self.row(recovered.stdout, "web")?[1] == "1/1", "\(recovered)")
        await sim.stop()
        await harness.stop()
    }

    @Test("a node whose kubelet stops goes NotReady and its pod stays Terminating")
    func nodeLost() async throws {
        let (harness, sim) = try await Self.start()
        let created = try await harness.kubectl(["create", "deployment", "db", "--image=postgres:16.4"])
        #expect(created.status == 0, "\(created)")
        #expect(await sim.advance(by: 120) { await sim.deploymentAvailable("default", "db") })
        let wide = try await harness.kubectl(["get", "pods", "-l", "app=db", "-o", "wide"])
        let pod = try #require(wide.stdout.split(separator: "\n").dropFirst().first.map { $0.split(separator: " ").map(String.init) })
        let node = try #require(pod.first { $0.hasPrefix("worker-") }, "\(wide)")
        let stopped = try await harness.kubectl(["annotate", "node", node, "\(SimAnnotations.kubelet)=stopped"])
        #expect(stopped.status == 0, "\(stopped)")
        // 40 s without heartbeats, then 300 s of default toleration, then the eviction hangs.
        await sim.advance(by: 600)

        let nodes = try await harness.kubectl(["get", "nodes"])
        #expect(Self.row(nodes.stdout, node)?[1] == "NotReady", "\(nodes)")
        let pods = try await harness.kubectl(["get", "pods", "-l", "app=db"])
        #expect(Self.row(pods.stdout, pod[0])?[2] == "Terminating", "\(pods)")
        let events = try await harness.kubectl(["get", "events", "--field-selector", "involvedObject.name=\(pod[0])"])
        #expect(events.stdout.contains("NodeNotReady") && events.stdout.contains("TaintManagerEviction"), "\(events)")
        // Its replacement runs on another node.
        let replaced = await sim.advance(by: 120) {
            await sim.pods("default", app: "db").contains { $0.name != pod[0] && $0.isReadyPod && $0.nodeName != node }
        }
        #expect(replaced)
        await sim.stop()
        await harness.stop()
    }

    @Test("a KarsSandbox applied with kubectl produces its namespace and Deployment")
    func sandbox() async throws {
        let (harness, sim) = try await Self.start()
        let manifest = """
            apiVersion: kars.azure.com/v1alpha1
            kind: KarsSandbox
            metadata: {name: beta, namespace: kars-system}
            spec:
              runtime: {kind: Hermes}
            """
        let applied = try await harness.kubectl(["apply", "-f", "-"], stdin: manifest)
        #expect(applied.status == 0, "\(applied)")
        #expect(await sim.advance(by: 120) { await sim.deploymentAvailable("kars-beta", "beta") })
        let namespace = try await harness.kubectl(["get", "namespace", "kars-beta"])
        #expect(Self.row(namespace.stdout, "kars-beta")?[1] == "Active", "\(namespace)")
        let deployment = try await harness.kubectl(["get", "deployment", "beta", "-n", "kars-beta", "-o", "wide"])
        #expect(Self.row(deployment.stdout, "beta")?[1] == "1/1", "\(deployment)")
        #expect(deployment.stdout.contains("karsacr.azurecr.io/hermes-sandbox:0.16.0,karsacr.azurecr.io/inference-router:0.9.2"), "\(deployment)")
        let sandboxes = try await harness.kubectl(["get", "karssandboxes", "-n", "kars-system"])
        #expect(Self.row(sandboxes.stdout, "beta")?[1] == "Running", "\(sandboxes)")
        await sim.stop()
        await harness.stop()
    }
}
