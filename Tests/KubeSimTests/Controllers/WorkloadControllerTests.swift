import Foundation
import KubeModels
import Testing
@testable import KubeSim

/// Deployments, ReplicaSets, the scheduler and the kubelet on a deterministic clock.
@Suite("Workload controllers")
struct WorkloadControllerTests {
    static func deployment(_ name: String, namespace: String = "default", image: String = "nginx:1.25.3", replicas: Int = 3) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": ["app": .string(name)]],
            "spec": [
                "replicas": .int(Int64(replicas)), "selector": ["matchLabels": ["app": .string(name)]],
                "template": [
                    "metadata": ["labels": ["app": .string(name)]],
                    "spec": ["containers": [[
                        "name": .string(name), "image": .string(image),
                        "resources": ["requests": ["cpu": "50m", "memory": "64Mi"]],
                        "ports": [["containerPort": 80]],
                    ]]],
                ],
            ],
        ]
    }

    @Test("a Deployment rolls out to Ready with the real ReplicaSet, pod and event shapes")
    func rollsOut() async throws {
        let sim = await KubeSimulation.start()
        try await sim.store.create(.deployments, namespace: "default", Self.deployment("web"))
        let ready = await sim.advance(by: 60) { await sim.deploymentAvailable("default", "web") }
        #expect(ready)
        let rs = try #require(await sim.objects(.replicasets, "default").first)
        let hash = try #require(rs.labels["pod-template-hash"])
        #expect(rs.name == "web-\(hash)")
        #expect(hash.count >= 8 && hash.count <= 10)
        #expect(rs.annotation("deployment.kubernetes.io/revision") == "1")
        #expect(rs.annotation("deployment.kubernetes.io/desired-replicas") == "3")
        #expect(rs.annotation("deployment.kubernetes.io/max-replicas") == "4")
        #expect(rs[path: "spec", "selector", "matchLabels", "pod-template-hash"]?.stringValue == hash)
        let pods = await sim.pods("default", app: "web")
        #expect(pods.count == 3)
        for pod in pods {
            #expect(pod.name.hasPrefix("web-\(hash)-"))
            #expect(pod[path: "metadata", "generateName"]?.stringValue == "web-\(hash)-")
            #expect(pod.podPhase == "Running")
            #expect(pod.isReadyPod)
            #expect(!pod.nodeName.isEmpty)
            #expect(pod[path: "status", "podIP"]?.stringValue?.hasPrefix("10.244.") == true)
            let status = try #require(pod[path: "status", "containerStatuses"]?[0])
            #expect(status[path: "state", "running", "startedAt"] != nil)
            #expect(status["containerID"]?.stringValue?.hasPrefix("containerd://") == true)
            #expect(status["imageID"]?.stringValue?.hasPrefix("docker.io/library/nginx@sha256:") == true)
            let types = (pod[path: "status", "conditions"]?.arrayValue ?? []).compactMap { $0["type"]?.stringValue }
            #expect(types == ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"])
        }
        let deployment = try #require(await sim.object(.deployments, "default", "web"))
        #expect(deployment.annotation("deployment.kubernetes.io/revision") == "1")
        #expect(deployment.statusInt("readyReplicas") == 3)
        #expect(deployment.statusInt("updatedReplicas") == 3)
        #expect(deployment.condition("Available")?["reason"]?.stringValue == "MinimumReplicasAvailable")
        #expect(deployment.condition("Progressing")?["reason"]?.stringValue == "NewReplicaSetAvailable")
        #expect(deployment.condition("Progressing")?["message"]?.stringValue == "ReplicaSet \"\(rs.name)\" has successfully progressed.")
        let scaling = await sim.events("default", reason: "ScalingReplicaSet")
        #expect(scaling.first?["message"]?.stringValue == "Scaled up replica set \(rs.name) to 3")
        let reasons = Set(await sim.objects(.events, "default").compactMap { $0["reason"]?.stringValue })
        #expect(reasons.isSuperset(of: ["Scheduled", "Pulling", "Pulled", "Created", "Started", "SuccessfulCreate", "ScalingReplicaSet"]))
        let scheduled = try #require(await sim.events("default", reason: "Scheduled").first)
        #expect(scheduled["eventTime"]?.stringValue != nil)
        #expect(scheduled["reportingComponent"]?.stringValue == "default-scheduler")
        let assigned = scheduled["message"]?.stringValue ?? ""
        #expect(assigned.hasPrefix("Successfully assigned default/web-\(hash)-"))
        await sim.stop()
    }

    @Test("a rollout to a missing image leaves the old ReplicaSet serving and the new pod in ImagePullBackOff")
    func missingImage() async throws {
        let sim = await KubeSimulation.start()
        try await sim.store.create(.deployments, namespace: "default", Self.deployment("web"))
        #expect(await sim.advance(by: 60) { await sim.deploymentAvailable("default", "web") })
        let oldRS = try #require(await sim.objects(.replicasets, "default").first)
        _ = try await sim.store.patch(
            .deployments, namespace: "default", name: "web", type: .strategic,
            body: ["spec": ["template": ["spec": ["containers": [["name": "web", "image": "nginx:1.25.33"]]]]]])
        await sim.advance(by: 300)
        let sets = await sim.objects(.replicasets, "default")
        #expect(sets.count == 2)
        let newRS = try #require(sets.first { $0.uid != oldRS.uid })
        #expect(newRS.annotation("deployment.kubernetes.io/revision") == "2")
        #expect(newRS.specReplicas == 1)
        let old = try #require(await sim.object(.replicasets, "default", oldRS.name))
        #expect(old.specReplicas == 3)
        #expect(old.statusInt("readyReplicas") == 3)
        let newPods = await sim.pods("default", app: "web").filter { $0.labels["pod-template-hash"] == newRS.labels["pod-template-hash"] }
        #expect(newPods.count == 1)
        let waiting = newPods.first?[path: "status", "containerStatuses"]?[0]?[path: "state", "waiting"]
        #expect(waiting?["reason"]?.stringValue == "ImagePullBackOff")
        #expect(waiting?["message"]?.stringValue == "Back-off pulling image \"nginx:1.25.33\"")
        let messages = await sim.objects(.events, "default").compactMap { $0["message"]?.stringValue }
        #expect(messages.contains(
            "Failed to pull image \"nginx:1.25.33\": rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:1.25.33\": failed to resolve reference \"docker.io/library/nginx:1.25.33\": docker.io/library/nginx:1.25.33: not found"))
        #expect(messages.contains("Error: ErrImagePull"))
        #expect(messages.contains("Back-off pulling image \"nginx:1.25.33\""))
        #expect(messages.contains("Error: ImagePullBackOff"))
        let backOff = try #require(await sim.events("default", reason: "BackOff").first)
        #expect((backOff["count"]?.intValue ?? 0) > 1)
        let deployment = try #require(await sim.object(.deployments, "default", "web"))
        #expect(deployment.annotation("deployment.kubernetes.io/revision") == "2")
        #expect(deployment.statusInt("updatedReplicas") == 1)
        #expect(deployment.statusInt("unavailableReplicas") == 1)
        // The progress deadline (600 s) passes without progress.
        await sim.advance(by: 400)
        let stuck = try #require(await sim.object(.deployments, "default", "web"))
        #expect(stuck.condition("Progressing")?["reason"]?.stringValue == "ProgressDeadlineExceeded")
        #expect(stuck.condition("Progressing")?["status"]?.stringValue == "False")
        await sim.stop()
    }

    @Test("rollout restart replaces every pod through a new ReplicaSet")
    func rolloutRestart() async throws {
        let sim = await KubeSimulation.start()
        try await sim.store.create(.deployments, namespace: "default", Self.deployment("web"))
        #expect(await sim.advance(by: 60) { await sim.deploymentAvailable("default", "web") })
        let before = Set(await sim.pods("default", app: "web").map(\.name))
        _ = try await sim.store.patch(
            .deployments, namespace: "default", name: "web", type: .strategic,
            body: ["spec": ["template": ["metadata": ["annotations": ["kubectl.kubernetes.io/restartedAt": "2026-11-28T10:00:00Z"]]]]])
        let done = await sim.advance(by: 120) {
            let pods = await sim.pods("default", app: "web")
            return await sim.deploymentAvailable("default", "web") && pods.count == 3 && Set(pods.map(\.name)).isDisjoint(with: before)
        }
        #expect(done)
        let sets = await sim.objects(.replicasets, "default")
        #expect(sets.count == 2)
        #expect(sets.contains { $0.specReplicas == 0 })
        let messages = await sim.events("default", reason: "ScalingReplicaSet").compactMap { $0["message"]?.stringValue }
        #expect(messages.contains { $0.hasPrefix("Scaled down replica set ") && $0.hasSuffix(" to 0 from 1") })
        await sim.stop()
    }

    @Test("scaling to zero is a ScalingReplicaSet event with the count before")
    func scaleToZero() async throws {
        let sim = await KubeSimulation.start()
        try await sim.store.create(.deployments, namespace: "default", Self.deployment("web", replicas: 2))
        #expect(await sim.advance(by: 60) { await sim.deploymentAvailable("default", "web") })
        _ = try await sim.store.patch(.deployments, namespace: "default", name: "web", type: .merge, body: ["spec": ["replicas": 0]])
        await sim.advance(by: 30)
        #expect(await sim.pods("default", app: "web").isEmpty)
        let rs = try #require(await sim.objects(.replicasets, "default").first)
        let messages = await sim.events("default", reason: "ScalingReplicaSet").compactMap { $0["message"]?.stringValue }
        #expect(messages.contains("Scaled down replica set \(rs.name) to 0 from 2"))
        await sim.stop()
    }

    @Test("an unschedulable pod gets the scheduler's FitError message")
    func unschedulable() async throws {
        let sim = await KubeSimulation.start()
        var big = Self.deployment("trainer", replicas: 1)
        var containers = big[path: "spec", "template", "spec", "containers"]?.arrayValue ?? []
        containers[0]["resources"] = ["requests": ["memory": "64Gi"]]
        big.setValue(.array(containers), at: ["spec", "template", "spec", "containers"])
        try await sim.store.create(.deployments, namespace: "default", big)
        await sim.advance(by: 30)
        let pod = try #require(await sim.pods("default", app: "trainer").first)
        let condition = pod.condition("PodScheduled")
        let message = "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
        #expect(condition?["reason"]?.stringValue == "Unschedulable")
        #expect(condition?["message"]?.stringValue == message)
        let event = try #require(await sim.events("default", reason: "FailedScheduling").first)
        #expect(event["message"]?.stringValue == message)
        #expect(event["type"]?.stringValue == "Warning")
        await sim.stop()
    }

    @Test("the same scenario plays out identically on every run")
    func deterministic() async throws {
        func run() async throws -> [String] {
            let sim = await KubeSimulation.start()
            try await Stage.apply(.imageTypo, on: sim)
            await sim.advance(by: 300)
            let pods = await sim.objects(.pods).map { "\($0.namespace)/\($0.name) \($0.podPhase) \($0.nodeName)" }
            let events = await sim.objects(.events).map { event in
                "\(event.name) \(event["reason"]?.stringValue ?? "") \(event["count"]?.intValue ?? 0) "
                    + "\(event["lastTimestamp"]?.stringValue ?? "") \(event["message"]?.stringValue ?? "")"
            }
            await sim.stop()
            return (pods + events).sorted()
        }
        let first = try await run()
        let second = try await run()
        #expect(first == second)
        #expect(first.count > 20)
    }
}
