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
