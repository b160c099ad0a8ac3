import ClusterState
import Diagnosis
import Foundation
import KubeModels
import Testing

@Suite("describe-state")
struct DescribeStateToolTests {
    static func cluster() throws -> ClusterState {
        var fixture = ToolFixture()
        fixture.karsSandbox("alpha", phase: "Running", conditions: [("Ready", "True")])
        fixture.deployment("alpha", namespace: "kars-alpha", replicas: 1, available: 1)
        fixture.karsSandbox("beta", phase: "Running", conditions: [("Ready", "True")])
        fixture.deployment("beta", namespace: "kars-beta", replicas: 1, available: 0)
        fixture.karsSandbox("gamma", phase: "Running")
        fixture.karsSandbox("delta", phase: "Running", conditions: [("Degraded", "True")])
        fixture.deployment("delta", namespace: "kars-delta", replicas: 1, available: 1)
        fixture.karsSandbox("epsilon", phase: "Pending")
        fixture.add(["apiVersion": "kars.azure.com/v1alpha1", "kind": "KarsSREAction",
                     "metadata": ["name": "fix-1", "namespace": "kars-sre"],
                     "spec": ["action": ["type": "DeletePod", "target": ["namespace": "data", "name": "db-0"]]],
                     "status": ["phase": "Failed", "message": "no recovery within 5 minutes"]])
        fixture.add(["apiVersion": "kars.azure.com/v1alpha1", "kind": "KarsSREAction",
                     "metadata": ["name": "fix-2", "namespace": "kars-sre"],
                     "spec": ["action": ["type": "DeletePod", "target": ["namespace": "data", "name": "db-1"]]],
                     "status": ["phase": "Recovered"]])
        return try fixture.state()
    }

    @Test func sandboxHealthIsWorkloadAware() throws {
        let result = DescribeStateTool.describe(try Self.cluster())
        let health = Dictionary(uniqueKeysWithValues: result.sandboxes.map { ($0.sandbox.name, $0) })
        #expect(health["alpha"]?.health == .healthy && health["alpha"]?.available == "1/1")
        #expect(health["beta"]?.health == .workloadDown)
        #expect(health["beta"]?.reason.contains("0/1 available") == true)
        #expect(health["gamma"]?.health == .workloadDown && health["gamma"]?.deploymentFound == false)
        #expect(health["gamma"]?.reason == "Deployment kars-gamma/gamma not found")
        #expect(health["delta"]?.health == .crDegraded, "Degraded=True wins over an available workload")
        #expect(health["epsilon"]?.health == .crDegraded && health["epsilon"]?.reason == "phase Pending")
    }

    @Test func kindsFromObjectsWithCountsAndNotReadyItems() throws {
        let result = DescribeStateTool.describe(try Self.cluster())
        #expect(result.kindsFrom == "objects")
        #expect(result.kinds.map(\.kind) == ["KarsSREAction", "KarsSandbox"])
        let sandboxes = try #require(result.kinds.first { $0.kind == "KarsSandbox" })
        #expect(sandboxes.plural == "karssandboxes" && sandboxes.count == 5 && sandboxes.notReady.count == 4)
        let actions = try #require(result.kinds.first { $0.kind == "KarsSREAction" })
        #expect(actions.count == 2 && actions.notReady.map(\.ref.name) == ["fix-1"])
        #expect(actions.notReady.first?.reason.contains("phase Failed") == true)
        let text = result.renderText(style: .plain)
        for label in ["Healthy", "Workload down", "CR-Degraded", "KarsSandbox health:", "NOT READY"] {
            #expect(text.contains(label), "\(label)")
        }
    }

    @Test func kindsFromDiscoveryIncludeEmptyOnes() throws {
        let installed = [KarsKindInfo(kind: "KarsSandbox", plural: "karssandboxes"), KarsKindInfo(kind: "KarsToolPolicy", plural: "karstoolpolicies")]
        let result = DescribeStateTool.describe(try Self.cluster(), installedKinds: installed)
        #expect(result.kindsFrom == "discovery")
        #expect(result.kinds.map(\.kind) == ["KarsSandbox", "KarsToolPolicy"])
        #expect(result.kinds.last?.count == 0)
        #expect(DescribeStateTool.describe(try ToolFixture().state()).renderText(style: .plain).contains("No kars.azure.com kinds"))
    }

    @Test(.enabled(if: ToolScenarios.available, ToolScenarios.skipReason))
    func quotaBlockedSandboxIsWorkloadDown() throws {
        for (scenario, name) in [("quota-blocks-sandbox", "research"), ("managed-quota-is-protected", "analyst")] {
            let result = DescribeStateTool.describe(try ToolScenarios.state(scenario))
            let row = try #require(result.sandboxes.first { $0.sandbox.name == name })
            #expect(row.phase == "Running" && row.health == .workloadDown, "\(scenario)")
        }
    }
}
