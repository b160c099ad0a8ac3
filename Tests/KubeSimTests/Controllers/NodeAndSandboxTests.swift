import Foundation
import KubeModels
import Testing
@testable import KubeSim

/// Node loss, the KarsSandbox operator and the smaller controllers, on a deterministic clock.
@Suite("Nodes, sandboxes and services")
struct NodeAndSandboxTests {
    @Test("a NotReady node is tainted, its pods marked not ready, evicted, and stuck Terminating")
    func nodeLost() async throws {
        let sim = await KubeSimulation.start()
        let report = try await Stage.apply(.nodeLost, on: sim)
        #expect(report.observed, "\(report)")
        await sim.advance(by: 300)
        let pod = try #require(await sim.object(.pods, "data", "db-0"))
        #expect(pod.isBeingDeleted)
        #expect(pod.condition("Ready")?["status"]?.stringValue == "False")
        #expect(pod.condition("Ready")?["reason"]?.stringValue == "NodeNotReady")
        let node = try #require(await sim.object(.nodes, nil, pod.nodeName))
        #expect(node.conditionStatus("Ready") == "Unknown")
        #expect(node.condition("Ready")?["reason"]?.stringValue == "NodeStatusUnknown")
        let taints = (node[path: "spec", "taints"]?.arrayValue ?? []).map {
            "\($0["key"]?.stringValue ?? ""):\($0["effect"]?.stringValue ?? "")"
        }
        #expect(taints.contains("node.kubernetes.io/unreachable:NoSchedule"))
        #expect(taints.contains("node.kubernetes.io/unreachable:NoExecute"))
        let podEvents = await sim.objects(.events, "data").filter { $0[path: "involvedObject", "name"]?.stringValue == "db-0" }
        let reasons = podEvents.compactMap { $0["reason"]?.stringValue }
        #expect(reasons.contains("NodeNotReady"))
        #expect(reasons.contains("TaintManagerEviction"))
        #expect(podEvents.contains { $0["message"]?.stringValue == "Marking for deletion Pod data/db-0" })
        let nodeEvents = await sim.objects(.events, "default").filter { $0["reason"]?.stringValue == "NodeNotReady" }
        #expect(nodeEvents.first?["message"]?.stringValue == "Node \(node.name) status is now: NodeNotReady")
        // Nobody confirms the deletion; the StatefulSet does not replace db-0 while it exists.
        await sim.advance(by: 1800)
        #expect(await sim.object(.pods, "data", "db-0")?.isBeingDeleted == true)
        #expect(await sim.objects(.pods, "data").count == 1)
        // The node comes back: the kubelet confirms, the StatefulSet recreates db-0 and it runs.
        let reset = try await Stage.apply(.nodeLost, reset: true, on: sim)
        #expect(reset.observed, "\(reset)")
        let back = try #require(await sim.object(.nodes, nil, node.name))
        #expect(back.conditionStatus("Ready") == "True")
        let remainingTaints = back[path: "spec", "taints"]?.arrayValue ?? []
        #expect(remainingTaints.isEmpty)
        await sim.stop()
    }

    @Test("missed heartbeats make a node Ready=Unknown")
    func heartbeats() async throws {
        let sim = await KubeSimulation.start()
        _ = try await sim.store.patch(
            .nodes, name: "worker-3", type: .merge, body: ["metadata": ["annotations": [SimAnnotations.kubelet: "stopped"]]])
        await sim.advance(by: 30)
        #expect(await sim.object(.nodes, nil, "worker-3")?.conditionStatus("Ready") == "True")
        await sim.advance(by: 30)
        let node = try #require(await sim.object(.nodes, nil, "worker-3"))
        #expect(node.conditionStatus("Ready") == "Unknown")
        #expect(node.condition("Ready")?["message"]?.stringValue == "Kubelet stopped posting node status.")
        #expect(await sim.object(.nodes, nil, "worker-1")?.conditionStatus("Ready") == "True")
        await sim.stop()
    }

    @Test("a KarsSandbox gets its namespace, Deployment and Service, and stays Running when its workload is down")
    func sandbox() async throws {
        let sim = await KubeSimulation.start()
        try await sim.store.create(SimResource.karssandboxes, namespace: "kars-system", [
            "apiVersion": "kars.azure.com/v1alpha1", "kind": "KarsSandbox",
            "metadata": ["name": "alpha", "namespace": "kars-system"],
            "spec": ["runtime": ["kind": "Hermes"]],
        ])
        #expect(await sim.advance(by: 60) { await sim.deploymentAvailable("kars-alpha", "alpha") })
        #expect(await sim.object(.namespaces, nil, "kars-alpha") != nil)
        #expect(await sim.object(.services, "kars-alpha", "alpha") != nil)
        let deployment = try #require(await sim.object(.deployments, "kars-alpha", "alpha"))
        let images = (deployment[path: "spec", "template", "spec", "containers"]?.arrayValue ?? []).compactMap { $0["image"]?.stringValue }
        #expect(images == ["karsacr.azurecr.io/hermes-sandbox:0.16.0", "karsacr.azurecr.io/inference-router:0.9.2"])
        var sandbox = try #require(await sim.object(SimResource.karssandboxes, "kars-system", "alpha"))
        #expect(sandbox[path: "status", "phase"]?.stringValue == "Running")
        #expect(sandbox[path: "status", "namespace"]?.stringValue == "kars-alpha")
        #expect(sandbox[path: "status", "deploymentName"]?.stringValue == "alpha")
        #expect(sandbox.conditionStatus("Ready") == "True")
        _ = try await sim.store.patch(.deployments, namespace: "kars-alpha", name: "alpha", type: .merge, body: ["spec": ["replicas": 0]])
        await sim.advance(by: 60)
        #expect(await sim.pods("kars-alpha", app: "alpha").isEmpty)
        sandbox = try #require(await sim.object(SimResource.karssandboxes, "kars-system", "alpha"))
        #expect(sandbox[path: "status", "phase"]?.stringValue == "Running")
        // Deleting the sandbox deletes its namespace.
        _ = try await sim.store.delete(SimResource.karssandboxes, namespace: "kars-system", name: "alpha")
        #expect(await sim.advance(by: 60) { await sim.object(.namespaces, nil, "kars-alpha") == nil })
        await sim.stop()
    }

    @Test("endpoints and endpoint slices follow pod readiness")
    func endpoints() async throws {
        let sim = await KubeSimulation.start()
        try await Stage.apply(.scaledToZero, reset: false, on: sim)
        let slice = try #require(await sim.objects(SimResource.endpointslices, "shop").first { $0.labels["kubernetes.io/service-name"] == "checkout" })
        #expect(slice["endpoints"]?.isNull == true)
        #expect(slice.labels["endpointslice.kubernetes.io/managed-by"] == "endpointslice-controller.k8s.io")
        #expect(slice.ownerReferences.first?["kind"]?.stringValue == "Service")
        try await Stage.apply(.scaledToZero, reset: true, on: sim)
        let ready = try #require(await sim.objects(SimResource.endpointslices, "shop").first { $0.labels["kubernetes.io/service-name"] == "checkout" })
        let endpoints = ready["endpoints"]?.arrayValue ?? []
        #expect(endpoints.count == 2)
        for endpoint in endpoints {
            #expect(endpoint[path: "conditions", "ready"]?.boolValue == true)
            #expect(endpoint[path: "conditions", "serving"]?.boolValue == true)
            #expect(endpoint[path: "conditions", "terminating"]?.boolValue == false)
            #expect(endpoint[path: "targetRef", "kind"]?.stringValue == "Pod")
        }
        #expect(ready["ports"]?[0]?["port"]?.intValue == 8080)
        let legacy = try #require(await sim.object(SimResource.endpoints, "shop", "checkout"))
        #expect(legacy[path: "subsets"]?[0]?["addresses"]?.arrayValue?.count == 2)
        await sim.stop()
    }

    @Test("crash, OOM and missing config reach their real container states")
    func containerFailures() async throws {
        let sim = await KubeSimulation.start()
        try await Stage.apply(.crashloopRollout, on: sim)
        try await Stage.apply(.oom, on: sim)
        try await Stage.apply(.missingConfig, on: sim)
        await sim.advance(by: 400)
        let crashing = await sim.pods("payments", app: "api").first { pod in
            pod[path: "status", "containerStatuses"]?[0]?[path: "state", "waiting", "reason"]?.stringValue == "CrashLoopBackOff"
        }
        let crash = try #require(crashing?[path: "status", "containerStatuses"]?[0])
        #expect(crash[path: "lastState", "terminated", "exitCode"]?.intValue == 1)
        #expect(crash[path: "lastState", "terminated", "reason"]?.stringValue == "Error")
        #expect((crash["restartCount"]?.intValue ?? 0) >= 3)
        let crashMessage = crash[path: "state", "waiting", "message"]?.stringValue ?? ""
        #expect(crashMessage.hasPrefix("back-off "))
        let backOff = await sim.events("payments", reason: "BackOff").first
        let backOffMessage = backOff?["message"]?.stringValue ?? ""
        #expect(backOffMessage.hasPrefix("Back-off restarting failed container api in pod api-"))
        let oom = try #require(await sim.pods("batch", app: "worker").first?[path: "status", "containerStatuses"]?[0])
        #expect(oom[path: "lastState", "terminated", "reason"]?.stringValue == "OOMKilled")
        #expect(oom[path: "lastState", "terminated", "exitCode"]?.intValue == 137)
        let config = try #require(await sim.pods("billing", app: "invoicer").first?[path: "status", "containerStatuses"]?[0])
        #expect(config[path: "state", "waiting", "reason"]?.stringValue == "CreateContainerConfigError")
        #expect(config[path: "state", "waiting", "message"]?.stringValue == "configmap \"app-config\" not found")
        // The fix for each: roll back, raise the limit, create the ConfigMap.
        #expect(try await Stage.apply(.crashloopRollout, reset: true, on: sim).observed)
        #expect(try await Stage.apply(.oom, reset: true, on: sim).observed)
        #expect(try await Stage.apply(.missingConfig, reset: true, on: sim).observed)
        await sim.stop()
    }

    @Test("a Job runs its pods to completion")
    func job() async throws {
        let sim = await KubeSimulation.start()
        try await sim.store.create(SimResource.jobs, namespace: "default", [
            "apiVersion": "batch/v1", "kind": "Job", "metadata": ["name": "migrate", "namespace": "default"],
            "spec": [
                "completions": 2, "parallelism": 1,
                "template": ["spec": ["containers": [["name": "migrate", "image": "busybox:1.36"]]]],
            ],
        ])
        let complete = await sim.advance(by: 120) { await sim.object(SimResource.jobs, "default", "migrate")?.conditionStatus("Complete") == "True" }
        #expect(complete)
        let job = try #require(await sim.object(SimResource.jobs, "default", "migrate"))
        #expect(job.statusInt("succeeded") == 2)
        await sim.stop()
    }

    @Test("a DaemonSet runs one pod per Ready node")
    func daemonSet() async throws {
        let sim = await KubeSimulation.start()
        try await sim.store.create(.daemonsets, namespace: "kube-system", [
            "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": ["name": "node-exporter", "namespace": "kube-system"],
            "spec": [
                "selector": ["matchLabels": ["app": "node-exporter"]],
                "template": [
                    "metadata": ["labels": ["app": "node-exporter"]],
                    "spec": ["containers": [["name": "exporter", "image": "busybox:1.36"]]],
                ],
            ],
        ])
        await sim.advance(by: 30)
        let pods = await sim.pods("kube-system", app: "node-exporter")
        #expect(Set(pods.map(\.nodeName)) == ["worker-1", "worker-2", "worker-3"])
        let allReady = pods.allSatisfy { $0.isReadyPod }
        #expect(allReady)
        let set = try #require(await sim.object(.daemonsets, "kube-system", "node-exporter"))
        #expect(set.statusInt("desiredNumberScheduled") == 3)
        #expect(set.statusInt("numberReady") == 3)
        await sim.stop()
    }

    @Test("metrics.k8s.io usage is derived from requests")
    func metrics() async throws {
        let sim = await KubeSimulation.start()
        try await Stage.apply(.scaledToZero, on: sim)
        try await Stage.apply(.scaledToZero, reset: true, on: sim)
        await sim.advance(by: 70)
        let podMetrics = await sim.objects(SimResource.podMetrics, "shop")
        #expect(podMetrics.count == 2)
        let usage = podMetrics.first?["containers"]?[0]?["usage"]
        #expect(usage?["cpu"]?.stringValue?.hasSuffix("n") == true)
        #expect(usage?["memory"]?.stringValue?.hasSuffix("Ki") == true)
        #expect(await sim.objects(SimResource.nodeMetrics).count == 3)
        await sim.stop()
    }
}
