import Foundation
import KubeAPI
import KubeModels
import Testing

@testable import KubeSim
@testable import Remediation

/// PatchDeploymentImage, ScaleDeployment, RolloutRestart and DeletePod through their whole life on
/// KubeSim, and undo of the undoable ones. Recovery is simulated by setting the workload's status
/// (KubeSim's controllers are not started here).
@Suite("Workload actions end to end")
struct WorkloadActionTests {
    @Test func patchDeploymentImageThenUndo() async throws {
        let harness = try await RemediationHarness.start()
        let now = Date()
        let (deployment, replicaSet) = Fixtures.deployment("web", namespace: "shop", image: "nginx:1.25.33", now: now)
        try await harness.seed([Fixtures.namespace("shop"), deployment, replicaSet])
        let task = harness.run(try harness.controller())
        let lifecycle = Lifecycle(harness: harness)

        let (recovered, timings) = try await lifecycle.run(
            .explicit(.patchDeploymentImage, "shop", "web", container: "main", image: "nginx:1.25.3"),
            recover: { try await harness.markAvailable(namespace: "shop", name: "web") },
            checkPreview: { preview in
                #expect(preview.imageBefore == "nginx:1.25.33")
                #expect(preview.imageAfter == "nginx:1.25.3")
                #expect(preview.container == "main")
            },
            checkApplied: { applied in
                let live = try await harness.sim.store.get(.deployments, namespace: "shop", name: "web")
                #expect(live[path: "spec", "template", "spec", "containers"]?[0]?["image"]?.stringValue == "nginx:1.25.3")
                #expect(live[path: "metadata", "generation"]?.intValue == 2)
                #expect(applied.status.rollback?.previousImage == "nginx:1.25.33")
                #expect(applied.status.rollback?.container == "main")
            })
        print("PatchDeploymentImage on KubeSim: approve → Applied \(timings.approveToApplied) s, available → Recovered \(timings.availableToRecovered) s")

        let undo = try await harness.actions().undo(recovered.name)
        #expect(undo.created)
        #expect(undo.action.spec.undoOf == recovered.name)
        #expect(undo.action.target.image == "nginx:1.25.33")
        #expect(undo.action.phase == .proposed)
        _ = try await lifecycle.waitForPreview(undo.action.name)
        let undone = try await lifecycle.approveAndWait(undo.action.name, [.applied, .recovered, .failed])
        #expect(undone.phase != .failed, "\(undone.status.message ?? "")")
        let live = try await harness.sim.store.get(.deployments, namespace: "shop", name: "web")
        #expect(live[path: "spec", "template", "spec", "containers"]?[0]?["image"]?.stringValue == "nginx:1.25.33")
        task.cancel()
        await task.value
        await harness.stop()
    }

    @Test func scaleDeploymentThenUndo() async throws {
        let harness = try await RemediationHarness.start()
        let (deployment, replicaSet) = Fixtures.deployment("api", namespace: "shop", replicas: 0, now: Date())
        try await harness.seed([Fixtures.namespace("shop"), deployment, replicaSet])
        let task = harness.run(try harness.controller())
        let lifecycle = Lifecycle(harness: harness)
        let (recovered, _) = try await lifecycle.run(
            .explicit(.scaleDeployment, "shop", "api", replicas: 3),
            recover: { try await harness.markAvailable(namespace: "shop", name: "api") },
            checkPreview: { preview in
                #expect(preview.replicasBefore == 0)
                #expect(preview.replicasAfter == 3)
            },
            checkApplied: { applied in
                let live = try await harness.sim.store.get(.deployments, namespace: "shop", name: "api")
                #expect(live[path: "spec", "replicas"]?.intValue == 3)
                #expect(applied.status.rollback?.previousReplicas == 0)
            })
        let undo = try await harness.actions().undo(recovered.name)
        #expect(undo.action.target.replicas == 0)
        _ = try await lifecycle.waitForPreview(undo.action.name)
        _ = try await lifecycle.approveAndWait(undo.action.name, [.applied, .recovered])
        #expect(try await harness.sim.store.get(.deployments, namespace: "shop", name: "api")[path: "spec", "replicas"]?.intValue == 0)
        task.cancel()
        await task.value
        await harness.stop()
    }

    @Test func rolloutRestartOfADeploymentAndAStatefulSet() async throws {
        let harness = try await RemediationHarness.start()
        let (deployment, replicaSet) = Fixtures.deployment("worker", namespace: "jobs", now: Date())
        var statefulSet = deployment
        statefulSet["kind"] = "StatefulSet"
        statefulSet["metadata"]?["name"] = "db"
        statefulSet["metadata"]?["uid"] = .string(Fixtures.uid())
        try await harness.seed([Fixtures.namespace("jobs"), deployment, replicaSet, statefulSet])
        let task = harness.run(try harness.controller())
        let lifecycle = Lifecycle(harness: harness)
        for (kind, name, resource) in [("Deployment", "worker", GroupResource.deployments), ("StatefulSet", "db", .statefulsets)] {
            let (recovered, _) = try await lifecycle.run(
                .explicit(.rolloutRestart, "jobs", name, kind: kind),
                recover: {
                    try await harness.markAvailable(.deployments, namespace: "jobs", name: "worker")
                    try await harness.markAvailable(.statefulsets, namespace: "jobs", name: "db")
                },
                checkPreview: { preview in #expect(preview.summary.contains("would restart \(kind) jobs/\(name)")) },
                checkApplied: { applied in
                    let live = try await harness.sim.store.get(resource, namespace: "jobs", name: name)
                    let stamp = live[path: "spec", "template", "metadata", "annotations", RolloutRestartAction.restartedAtAnnotation]
                    #expect(stamp?.stringValue == applied.status.execution?.stamp)
                    #expect(applied.status.rollback?.note != nil)
                })
            await #expect(throws: RemediationError.self) { _ = try await harness.actions().undo(recovered.name) }
        }
        task.cancel()
        await task.value
        await harness.stop()
    }

    @Test func deletePodStuckTerminating() async throws {
        let harness = try await RemediationHarness.start()
        let now = Date()
        let (deployment, replicaSet) = Fixtures.deployment("cache", namespace: "edge", now: now)
        let pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": [
                "name": "cache-84dwh4l6hs-abcde", "namespace": "edge", "uid": .string(Fixtures.uid()),
                "deletionTimestamp": Fixtures.time(now.addingTimeInterval(-600)), "deletionGracePeriodSeconds": 30,
                "ownerReferences": [
                    ["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "cache-84dwh4l6hs", "uid": replicaSet[path: "metadata", "uid"] ?? "", "controller": true]
                ],
            ],
            "spec": ["nodeName": "node-lost", "containers": [["name": "main", "image": "redis:7"]]],
            "status": ["phase": "Running"],
        ]
        try await harness.seed([Fixtures.namespace("edge"), deployment, replicaSet, pod])
        let task = harness.run(try harness.controller())
        let (recovered, _) = try await Lifecycle(harness: harness).run(
            .explicit(.deletePod, "edge", "cache-84dwh4l6hs-abcde"),
            recover: { try await harness.markAvailable(namespace: "edge", name: "cache") },
            checkPreview: { preview in
                #expect(preview.summary.contains("would force-delete Pod edge/cache-84dwh4l6hs-abcde"))
                #expect(preview.summary.contains("on node node-lost"))
            },
            checkApplied: { _ in
                await #expect(throws: APIError.self) {
                    _ = try await harness.sim.store.get(.pods, namespace: "edge", name: "cache-84dwh4l6hs-abcde")
                }
            })
        await #expect(throws: RemediationError.self) { _ = try await harness.actions().undo(recovered.name) }
        task.cancel()
        await task.value
        await harness.stop()
    }

    @Test func undoOfDeleteResourceQuotaRestoresTheQuota() async throws {
        let harness = try await RemediationHarness.start()
        try await harness.seed(Fixtures.quotaIncident(namespace: "lab"))
        let task = harness.run(try harness.controller())
        let lifecycle = Lifecycle(harness: harness)
        let (recovered, _) = try await lifecycle.run(
            .explicit(.deleteResourceQuota, "lab", "platform-hardening"),
            recover: { try await harness.markAvailable(namespace: "lab", name: "research") },
            checkApplied: { _ in })
        let undo = try await harness.actions().undo(recovered.name)
        #expect(undo.action.actionType == .restoreResourceQuota)
        #expect(undo.action.spec.action.restore?.hard?["requests.memory"]?.stringValue == "50Mi")
        let previewed = try await lifecycle.waitForPreview(undo.action.name)
        #expect(previewed.status.preview?.summary.contains("would re-create ResourceQuota lab/platform-hardening") == true)
        let restored = try await lifecycle.approveAndWait(undo.action.name, [.applied, .recovered, .failed])
        #expect(restored.phase != .failed, "\(restored.status.message ?? "")")
        let quota = try await harness.sim.store.get(.resourcequotas, namespace: "lab", name: "platform-hardening")
        #expect(quota[path: "spec", "hard", "requests.memory"]?.stringValue == "50Mi")
        #expect(quota[path: "metadata", "annotations", RestoreResourceQuotaAction.restoredByAnnotation]?.stringValue == undo.action.name)
        // Undo of the undo deletes it again.
        let again = try await harness.actions().undo(undo.action.name)
        #expect(again.action.actionType == .deleteResourceQuota)
        task.cancel()
        await task.value
        await harness.stop()
    }
}
