import ClusterState
import Diagnosis
import Foundation
import KubeModels
import Testing

@Suite("describe")
struct DescribeToolTests {
    /// web: revision 1 serving nginx:1.25.3, revision 2 stuck pulling nginx:1.25.33.
    static func rollout() throws -> ClusterState {
        var fixture = ToolFixture()
        let deployment = fixture.deployment("web", namespace: "shop", replicas: 2, available: 1, image: "nginx:1.25.33", revision: 2)
        let old = fixture.replicaSet("web-old11", namespace: "shop", deployment: "web", deploymentUID: deployment, revision: 1, replicas: 1, ready: 1, image: "nginx:1.25.3", labels: ["app": "web", "h": "old11"])
        let new = fixture.replicaSet("web-new22", namespace: "shop", deployment: "web", deploymentUID: deployment, revision: 2, replicas: 1, ready: 0, image: "nginx:1.25.33", labels: ["app": "web", "h": "new22"])
        fixture.pod("web-old11-aaaaa", namespace: "shop", labels: ["app": "web"], owner: ToolFixture.owner("ReplicaSet", "web-old11", uid: old))
        fixture.pod("web-new22-bbbbb", namespace: "shop", labels: ["app": "web"], owner: ToolFixture.owner("ReplicaSet", "web-new22", uid: new), image: "nginx:1.25.33", ready: false, waiting: "ImagePullBackOff", node: "worker-3")
        fixture.event(about: "Deployment", "web", namespace: "shop", reason: "ScalingReplicaSet", message: "Scaled up replica set web-new22 to 1", type: "Normal", firstMinutesAgo: 6, lastMinutesAgo: 6, component: "deployment-controller")
        fixture.event(about: "Pod", "web-new22-bbbbb", namespace: "shop", reason: "Failed", message: "Failed to pull image \"nginx:1.25.33\": not found \u{1B}[31mRED", count: 4, firstMinutesAgo: 6, lastMinutesAgo: 1)
        fixture.event(about: "Pod", "web-new22-bbbbb", namespace: "shop", reason: "BackOff", message: "Back-off pulling image \"nginx:1.25.33\"", count: 20, firstMinutesAgo: 6, lastMinutesAgo: 0.2)
        fixture.service("web", namespace: "shop", selector: ["app": "web"])
        fixture.endpointSlice("web", namespace: "shop", endpoints: [("10.244.1.10", true, "web-old11-aaaaa"), ("10.244.1.11", false, "web-new22-bbbbb")])
        fixture.deployment("web", namespace: "other")
        return try fixture.state()
    }

    @Test func deploymentShowsReplicaSetsNewestFirstWithTheirPodsAndEvents() throws {
        let result = try DescribeTool.describe(["deployment/web"], namespace: "shop", in: Self.rollout())
        #expect(result.object.ref == ResourceRef(kind: "Deployment", namespace: "shop", name: "web"))
        #expect(result.object.revision == 2 && result.object.replicas?.available == 1)
        #expect(result.object.events.map(\.reason) == ["ScalingReplicaSet"])
        #expect(result.object.children.map(\.ref.name) == ["web-new22", "web-old11"])
        #expect(result.object.children.map(\.revision) == [2, 1])
        let newPod = try #require(result.object.children.first?.children.first)
        #expect(newPod.ref.name == "web-new22-bbbbb")
        #expect(newPod.ready == "0/1" && newPod.node == "worker-3")
        #expect(newPod.reasons?.first?.contains("ImagePullBackOff") == true)
        #expect(newPod.events.map(\.reason) == ["BackOff", "Failed"], "newest first")
        #expect(result.owners.isEmpty)

        let text = result.renderText(style: .plain)
        #expect(text.contains("Deployment shop/web") && text.contains("ReplicaSet shop/web-new22") && text.contains("Pod shop/web-new22-bbbbb"))
        #expect(text.contains("TYPE") && text.contains("REASON") && text.contains("Back-off pulling image"))
        #expect(!text.contains("\u{1B}"), "cluster text is cleaned")
    }

    @Test func kindAliasesAndTwoWordFormWork() throws {
        let state = try Self.rollout()
        for arguments in [["deploy", "web"], ["deployments/web"], ["deployment.apps/web"], ["Deployment", "web"]] {
            #expect(try DescribeTool.describe(arguments, namespace: "shop", in: state).object.ref.kind == "Deployment")
        }
    }

    @Test func podShowsItsControllersUpWithTheirEvents() throws {
        let result = try DescribeTool.describe(["po/web-new22-bbbbb"], namespace: nil, in: Self.rollout())
        #expect(result.owners.map(\.ref.kindAndName) == ["ReplicaSet/web-new22", "Deployment/web"])
        #expect(result.owners.last?.events.first?.reason == "ScalingReplicaSet")
        #expect(result.renderText(style: .plain).contains("Controlled by: ReplicaSet/web-new22 → Deployment/web"))
    }

    @Test func serviceShowsEndpointSlicesAndTheirPods() throws {
        let result = try DescribeTool.describe(["svc", "web"], namespace: "shop", in: Self.rollout())
        let slice = try #require(result.object.children.first)
        #expect(slice.ref.kind == "EndpointSlice")
        #expect(slice.status == "1 ready, 1 not ready")
        #expect(Set(slice.children.map(\.ref.name)) == ["web-old11-aaaaa", "web-new22-bbbbb"])
        #expect(result.object.details.contains(DescribeDetail("Matching pods", "2 (1 ready)")))
    }

    @Test func lookupErrorsAreClear() throws {
        let state = try Self.rollout()
        #expect(throws: ToolError.self) { try DescribeTool.describe(["deployment/web"], namespace: nil, in: state) }
        do {
            _ = try DescribeTool.describe(["deployment/web"], namespace: nil, in: state)
        } catch {
            #expect(error.description.contains("other, shop") && error.description.contains("-n"))
        }
        do {
            _ = try DescribeTool.describe(["pod/web-old11-aaaaa"], namespace: "default", in: state)
            Issue.record("expected not found")
        } catch {
            #expect(error.description.contains("not found in namespace default") && error.description.contains("-n shop"))
        }
        #expect(throws: ToolError.self) { try DescribeTool.describe(["web"], namespace: nil, in: state) }
        #expect(throws: ToolError.self) { try DescribeTool.describe(["gizmo/web"], namespace: nil, in: state) }
    }

    @Test(.enabled(if: ToolScenarios.available, ToolScenarios.skipReason))
    func imageTagTypoScenarioShowsThePullFailureUnderTheNewReplicaSet() throws {
        let result = try DescribeTool.describe(["deployment/web"], namespace: "shop", in: ToolScenarios.state("image-tag-typo"))
        #expect(result.object.children.count >= 2)
        let pods = result.object.children.flatMap(\.children)
        let failing = try #require(pods.first { $0.events.contains { $0.reason == "Failed" } })
        #expect(failing.events.contains { $0.message.contains("nginx:1.25.33") })
        #expect(result.object.children.contains { $0.images?.contains("nginx:1.25.3") == true })
    }

    @Test(.enabled(if: ToolScenarios.available, ToolScenarios.skipReason))
    func lostNodeShowsItsEventsAndItsPods() throws {
        let result = try DescribeTool.describe(["node/worker-2"], namespace: nil, in: ToolScenarios.state("node-lost-stuck-terminating"))
        #expect(result.object.events.contains { $0.reason == "NodeNotReady" })
        #expect(result.object.status?.hasPrefix("NotReady") == true)
        let stuck = try #require(result.object.children.first { $0.ref.name == "db-0" })
        #expect(stuck.status == "Terminating")
        #expect(stuck.events.contains { $0.reason == "TaintManagerEviction" })
    }

    @Test(.enabled(if: ToolScenarios.available, ToolScenarios.skipReason))
    func statefulSetPodShowsItsPendingClaim() throws {
        let result = try DescribeTool.describe(["sts/queue"], namespace: "messaging", in: ToolScenarios.state("pvc-pending"))
        let pod = try #require(result.object.children.first { $0.ref.name == "queue-0" })
        let claim = try #require(pod.children.first)
        #expect(claim.ref == ResourceRef(kind: "PersistentVolumeClaim", namespace: "messaging", name: "data-queue-0"))
        #expect(claim.status == "Pending")
        #expect(claim.events.contains { $0.reason == "FailedBinding" })
    }
}
