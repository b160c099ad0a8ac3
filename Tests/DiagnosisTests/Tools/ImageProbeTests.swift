import ClusterState
import Diagnosis
import Foundation
import KubeModels
import Testing

@Suite("image-probe")
struct ImageProbeTests {
    @Test func editDistanceIsLevenshtein() {
        #expect(ImageProbe.editDistance("kitten", "sitting") == 3)
        #expect(ImageProbe.editDistance("", "abc") == 3)
        #expect(ImageProbe.editDistance("nginx:1.25.3", "nginx:1.25.3") == 0)
        #expect(ImageProbe.editDistance("nginx:1.25.33", "nginx:1.25.3") == 1)
    }

    static func cluster() throws -> ClusterState {
        var fixture = ToolFixture()
        let web = fixture.deployment("web", namespace: "shop", image: "nginx:1.25.33")
        let rs = fixture.replicaSet("web-aa11", namespace: "shop", deployment: "web", deploymentUID: web, revision: 1, replicas: 1, ready: 1, image: "nginx:1.25.3", labels: ["app": "web"])
        fixture.pod("web-aa11-00001", namespace: "shop", labels: ["app": "web"], owner: ToolFixture.owner("ReplicaSet", "web-aa11", uid: rs), image: "nginx:1.25.3", container: "web")
        fixture.pod("web-bb22-00002", namespace: "shop", labels: ["app": "web"], image: "nginx:1.25.33", ready: false, waiting: "ImagePullBackOff", container: "web")
        // Same distance (1) from nginx:1.25.33 but not running anywhere: ranks after the running one.
        fixture.deployment("staging", namespace: "stage", replicas: 0, available: 0, image: "nginx:1.25.32")
        fixture.deployment("far", namespace: "other", image: "ghcr.io/acme/payments-api:1.9.4")
        return try fixture.state()
    }

    @Test func closestImagesRankByDistanceThenRunningAndExcludeTheReference() throws {
        let state = try Self.cluster()
        let closest = ImageProbe.closestImages(to: "nginx:1.25.33", in: state, limit: 5, maxDistance: 3)
        #expect(closest.map(\.image) == ["nginx:1.25.3", "nginx:1.25.32"])
        #expect(closest.first?.distance == 1 && closest.first?.runningPods == 1)
        #expect(!closest.contains { $0.image == "nginx:1.25.33" })
        let use = try #require(closest.first?.uses.first { $0.runningPods > 0 })
        #expect(use.workload == ResourceRef(kind: "Deployment", namespace: "shop", name: "web") && use.container == "web")
        #expect(ImageProbe.closestImages(to: "redis:7.4.11", in: state, maxDistance: 3).isEmpty)
        #expect(ImageProbe.closestImages(to: "redis:7.4.11", in: state, limit: 2).count == 2, "without a bound the nearest are listed")
    }

    @Test func probeSaysWhereTheReferenceIsUsedAndWhatIsClosest() throws {
        let result = try ImageProbe.probe("nginx:1.25.33", in: Self.cluster())
        #expect(result.usedBy.contains { $0.workload == ResourceRef(kind: "Deployment", namespace: "shop", name: "web") && $0.inTemplate })
        #expect(result.usedBy.contains { $0.workload.kind == "Pod" && $0.pods == 1 && $0.runningPods == 0 })
        #expect(result.summary.contains("closest image in use: nginx:1.25.3 (edit distance 1, 1 running)"))
        let text = result.renderText(style: .plain)
        #expect(text.contains("DISTANCE") && text.contains("shop/Deployment/web[web]"))
    }

    @Test func badReferencesAreUsageErrors() throws {
        let state = try Self.cluster()
        #expect(throws: ToolError.self) { try ImageProbe.probe("  ", in: state) }
        #expect(throws: ToolError.self) { try ImageProbe.probe("nginx 1.25", in: state) }
        #expect(throws: ToolError.self) { try ImageProbe.probe(String(repeating: "a", count: 600), in: state) }
    }

    @Test(.enabled(if: ToolScenarios.available, ToolScenarios.skipReason))
    func imageTagTypoScenarioFindsTheRunningTag() throws {
        let state = try ToolScenarios.state("image-tag-typo")
        let best = try #require(ImageProbe.closestImages(to: "nginx:1.25.33", in: state, limit: 3, maxDistance: 3).first)
        #expect(best.image == "nginx:1.25.3")
        #expect(best.distance == 1 && best.runningPods >= 1)
        #expect(best.uses.contains { $0.workload == ResourceRef(kind: "Deployment", namespace: "shop", name: "web") })
    }

    @Test(.enabled(if: ToolScenarios.available, ToolScenarios.skipReason))
    func statefulSetScenarioHasNoCloseImage() throws {
        let state = try ToolScenarios.state("statefulset-image-events-v2")
        let result = try ImageProbe.probe("redis:7.4.11", in: state)
        #expect(result.usedBy.contains { $0.workload.kind == "StatefulSet" })
        #expect(!result.candidates.contains { $0.image == "redis:7.4.11" })
    }
}
