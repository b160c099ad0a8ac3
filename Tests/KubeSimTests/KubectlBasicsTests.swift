import Foundation
import KubeModels
@testable import KubeSim
import Testing

@Suite("kubectl basics against KubeSim")
struct KubectlBasicsTests {
    static let deployment = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
                ports:
                - containerPort: 80
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: shop
        data:
          mode: fast
        """

    @Test func getNamespacesAndApply() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        let namespaces = try await harness.kubectl(["get", "namespaces"])
        #expect(namespaces.status == 0, "\(namespaces)")
        #expect(namespaces.stdout.contains("kube-system"))
        #expect(namespaces.stdout.hasPrefix("NAME"), "\(namespaces)")

        let file = try harness.write("app.yaml", Self.deployment)
        let applied = try await harness.kubectl(["apply", "-f", file])
        #expect(applied.status == 0, "\(applied)")
        #expect(applied.stdout.contains("deployment.apps/web created"), "\(applied)")
        #expect(applied.stderr.isEmpty, "\(applied)")

        let again = try await harness.kubectl(["apply", "-f", file])
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout.contains("deployment.apps/web unchanged"), "\(again)")

        let json = try await harness.kubectl(["get", "deployment", "web", "-n", "shop", "-o", "json"])
        #expect(json.status == 0, "\(json)")
        #expect(json.stdout.contains("\"replicas\": 2"))

        let table = try await harness.kubectl(["get", "deploy", "-n", "shop"])
        #expect(table.stdout.contains("READY"), "\(table)")
        #expect(table.stdout.contains("web"), "\(table)")
    }
}

@Suite("kubectl typed-client creates (protobuf bodies)")
struct KubectlProtobufCreateTests {
    @Test func createCommandsOfEveryTypedKind() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        let commands: [[String]] = [
            ["create", "deployment", "web", "--image=nginx:1.27", "--replicas=2", "--port=80"],
            ["create", "job", "once", "--image=busybox", "--", "echo", "hi"],
            ["create", "cronjob", "tick", "--image=busybox", "--schedule=*/5 * * * *"],
            ["create", "service", "clusterip", "web", "--tcp=80:8080"],
            ["create", "quota", "small", "--hard=pods=10,requests.memory=1Gi"],
            ["create", "priorityclass", "high", "--value=1000", "--description=important"],
            ["create", "pdb", "web", "--selector=app=web", "--min-available=1"],
            ["create", "ingress", "web", "--rule=shop.example.com/api*=web:80"],
            ["create", "secret", "generic", "creds", "--from-literal=user=admin"],
            ["create", "configmap", "settings", "--from-literal=mode=fast"],
        ]
        for command in commands {
            let result = try await harness.kubectl(command)
            #expect(result.status == 0, "\(command): \(result)")
        }
        let store = harness.sim.store
        let deployment = try await store.get(.deployments, namespace: "default", name: "web")
        #expect(deployment[path: "spec", "replicas"]?.intValue == 2)
        #expect(deployment[path: "spec", "selector", "matchLabels", "app"]?.stringValue == "web")
        #expect(deployment[path: "spec", "template", "spec", "containers"]?[0]?[path: "image"]?.stringValue == "nginx:1.27")
        #expect(deployment[path: "spec", "template", "spec", "containers"]?[0]?[path: "ports"]?[0]?[path: "containerPort"]?.intValue == 80)
        let job = try await store.get(GroupResource(group: "batch", resource: "jobs"), namespace: "default", name: "once")
        #expect(job[path: "spec", "template", "spec", "containers"]?[0]?[path: "command"] == ["echo", "hi"])
        #expect(job[path: "spec", "template", "spec", "restartPolicy"]?.stringValue == "Never")
        let cron = try await store.get(GroupResource(group: "batch", resource: "cronjobs"), namespace: "default", name: "tick")
        #expect(cron[path: "spec", "schedule"]?.stringValue == "*/5 * * * *")
        let service = try await store.get(.services, namespace: "default", name: "web")
        #expect(service[path: "spec", "ports"]?[0]?[path: "port"]?.intValue == 80)
        #expect(service[path: "spec", "ports"]?[0]?[path: "targetPort"]?.intValue == 8080)
        let quota = try await store.get(.resourcequotas, namespace: "default", name: "small")
        #expect(quota[path: "spec", "hard", "requests.memory"]?.stringValue == "1Gi")
        let priority = try await store.get(GroupResource(group: "scheduling.k8s.io", resource: "priorityclasses"), name: "high")
        #expect(priority["value"]?.intValue == 1000)
        let pdb = try await store.get(GroupResource(group: "policy", resource: "poddisruptionbudgets"), namespace: "default", name: "web")
        #expect(pdb[path: "spec", "minAvailable"]?.intValue == 1)
        let ingress = try await store.get(GroupResource(group: "networking.k8s.io", resource: "ingresses"), namespace: "default", name: "web")
        #expect(ingress[path: "spec", "rules"]?[0]?[path: "host"]?.stringValue == "shop.example.com")
        #expect(ingress[path: "spec", "rules"]?[0]?[path: "http", "paths"]?[0]?[path: "backend", "service", "port", "number"]?.intValue == 80)
        #expect(ingress[path: "spec", "rules"]?[0]?[path: "http", "paths"]?[0]?[path: "pathType"]?.stringValue == "Prefix")
        let table = try await harness.kubectl(["get", "deploy,job,cronjob,svc,quota,pdb,ingress", "-o", "name"])
        #expect(table.stdout.contains("ingress.networking.k8s.io/web"), "\(table)")
    }
}
