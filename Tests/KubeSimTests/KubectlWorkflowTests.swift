import Foundation
import KubeModels
@testable import KubeSim
import Testing

@Suite("kubectl workflows against KubeSim")
struct KubectlWorkflowTests {
    static let app = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web}
        spec:
          replicas: 1
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector: {app: web}
          ports:
          - port: 80
        """

    @Test func serverSideApplyScaleRestartAndDescribe() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        let file = try harness.write("app.yaml", Self.app)
        let applied = try await harness.kubectl(["apply", "--server-side", "-f", file])
        #expect(applied.status == 0, "\(applied)")
        #expect(applied.stdout.contains("deployment.apps/web serverside-applied"), "\(applied)")
        let reapplied = try await harness.kubectl(["apply", "--server-side", "--force-conflicts", "-f", file])
        #expect(reapplied.status == 0, "\(reapplied)")

        let scaled = try await harness.kubectl(["scale", "deployment/web", "--replicas=3"])
        #expect(scaled.status == 0, "\(scaled)")
        #expect(scaled.stdout.contains("deployment.apps/web scaled"), "\(scaled)")
        let deployment = try await harness.sim.store.get(.deployments, namespace: "default", name: "web")
        #expect(deployment[path: "spec", "replicas"]?.intValue == 3)
        #expect(deployment[path: "metadata", "generation"]?.intValue == 2)

        let restarted = try await harness.kubectl(["rollout", "restart", "deployment/web"])
        #expect(restarted.status == 0, "\(restarted)")
        let after = try await harness.sim.store.get(.deployments, namespace: "default", name: "web")
        #expect(after[path: "spec", "template", "metadata", "annotations", "kubectl.kubernetes.io/restartedAt"] != nil)
        #expect(after[path: "spec", "template", "spec", "containers", ]?.arrayValue?.count == 1)

        let described = try await harness.kubectl(["describe", "deployment", "web"])
        #expect(described.status == 0, "\(described)")
        #expect(described.stdout.contains("Replicas:"), "\(described)")

        let wide = try await harness.kubectl(["get", "deploy,svc", "-o", "wide", "-l", "app=web"])
        #expect(wide.status == 0, "\(wide)")
        #expect(wide.stdout.contains("nginx:1.27"), "\(wide)")
    }

    @Test func podsSelectorsLogsAndDescribe() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        let store = harness.sim.store
        for (name, phase, node) in [("a", "Running", "n1"), ("b", "Pending", ""), ("c", "Running", "n2")] {
            var pod: JSONValue = [
                "apiVersion": "v1", "kind": "Pod",
                "metadata": ["name": .string(name), "namespace": "default", "labels": ["tier": name == "b" ? "back" : "front"]],
                "spec": ["containers": [["name": "main", "image": "busybox"]]],
                "status": ["phase": .string(phase)],
            ]
            if !node.isEmpty { pod.setValue(.string(node), at: ["spec", "nodeName"]) }
            try await store.seed(pod)
        }
        await store.setPodLog(namespace: "default", pod: "a", container: "main", text: "hello\nworld\n")

        let running = try await harness.kubectl(["get", "pods", "--field-selector=status.phase=Running", "-o", "name"])
        #expect(running.stdout == "pod/a\npod/c\n", "\(running)")
        let front = try await harness.kubectl(["get", "pods", "-l", "tier=front,tier!=back", "-o", "name"])
        #expect(front.stdout == "pod/a\npod/c\n", "\(front)")
        let onNode = try await harness.kubectl(["get", "pods", "-A", "--field-selector", "spec.nodeName=n2"])
        #expect(onNode.stdout.contains("default     c "), "\(onNode)")
        #expect(onNode.stdout.hasPrefix("NAMESPACE"), "\(onNode)")
        let table = try await harness.kubectl(["get", "pods"])
        #expect(table.stdout.hasPrefix("NAME   READY   STATUS    RESTARTS   AGE"), "\(table)")

        let logs = try await harness.kubectl(["logs", "a"])
        #expect(logs.status == 0, "\(logs)")
        #expect(logs.stdout == "hello\nworld\n", "\(logs)")
        let empty = try await harness.kubectl(["logs", "b"])
        #expect(empty.status == 0 && empty.stdout.isEmpty, "\(empty)")

        let yaml = try await harness.kubectl(["get", "pod", "a", "-o", "yaml"])
        #expect(yaml.stdout.contains("phase: Running"), "\(yaml)")
        let described = try await harness.kubectl(["describe", "pod", "a"])
        #expect(described.status == 0, "\(described)")
        #expect(described.stdout.contains("Node:"), "\(described)")
    }

    @Test func cascadingDeleteAndDryRun() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        let store = harness.sim.store
        let owner = try await store.create(.replicasets, namespace: "default", [
            "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": ["name": "rs"],
            "spec": ["selector": ["matchLabels": ["a": "b"]], "template": ["metadata": ["labels": ["a": "b"]], "spec": ["containers": [["name": "c", "image": "i"]]]]],
        ])
        for index in 0..<2 {
            try await store.create(.pods, namespace: "default", [
                "apiVersion": "v1", "kind": "Pod",
                "metadata": [
                    "name": .string("rs-\(index)"), "labels": ["a": "b"],
                    "ownerReferences": [["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": .string(owner.uid), "controller": true]],
                ],
                "spec": ["containers": [["name": "c", "image": "i"]]],
            ])
        }
        let dry = try await harness.kubectl(["delete", "rs", "rs", "--dry-run=server"])
        #expect(dry.status == 0, "\(dry)")
        #expect((try? await store.get(.replicasets, namespace: "default", name: "rs")) != nil)

        let orphan = try await harness.kubectl(["delete", "rs", "rs", "--cascade=orphan"])
        #expect(orphan.status == 0, "\(orphan)")
        let pods = try await store.list(.pods, namespace: "default")
        #expect(pods.items.count == 2)
        #expect(pods.items.allSatisfy { $0.object.ownerReferences.isEmpty })

        let owner2 = try await store.create(.replicasets, namespace: "default", [
            "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": ["name": "rs2"],
            "spec": ["selector": ["matchLabels": ["a": "c"]], "template": ["metadata": ["labels": ["a": "c"]], "spec": ["containers": [["name": "c", "image": "i"]]]]],
        ])
        try await store.create(.pods, namespace: "default", [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": "rs2-x", "ownerReferences": [["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs2", "uid": .string(owner2.uid), "controller": true]]],
            "spec": ["containers": [["name": "c", "image": "i"]]],
        ])
        let foreground = try await harness.kubectl(["delete", "rs", "rs2", "--cascade=foreground"])
        #expect(foreground.status == 0, "\(foreground)")
        #expect((try? await store.get(.pods, namespace: "default", name: "rs2-x")) == nil)
        #expect((try? await store.get(.replicasets, namespace: "default", name: "rs2")) == nil)
    }

    @Test func eventsWatchIsBoundedByRequestTimeout() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        let store = harness.sim.store
        try await store.create(.events, namespace: "default", [
            "apiVersion": "v1", "kind": "Event", "metadata": ["name": "e1"],
            "involvedObject": ["kind": "Pod", "name": "p", "namespace": "default"], "reason": "Started", "message": "first",
            "type": "Normal", "lastTimestamp": .string(KubeTime.format(Date())),
        ])
        let late = Task {
            try await Task.sleep(for: .milliseconds(700))
            try await store.create(.events, namespace: "default", [
                "apiVersion": "v1", "kind": "Event", "metadata": ["name": "e2"],
                "involvedObject": ["kind": "Pod", "name": "p", "namespace": "default"], "reason": "Killing", "message": "second",
                "type": "Normal", "lastTimestamp": .string(KubeTime.format(Date())),
            ])
        }
        let watched = try await harness.kubectl(["get", "events", "-w", "--request-timeout=2s"])
        _ = try await late.value
        #expect(watched.stdout.contains("first"), "\(watched)")
        #expect(watched.stdout.contains("second"), "\(watched)")
        let v1 = try await harness.kubectl(["get", "events.v1.events.k8s.io", "-o", "json"])
        #expect(v1.stdout.contains("\"note\": \"first\""), "\(v1)")
    }
}
