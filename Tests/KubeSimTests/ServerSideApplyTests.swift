import Foundation
import KubeModels
@testable import KubeSim
import Testing

@Suite("KubeSim server-side apply")
struct ServerSideApplyTests {
    static func manifest(replicas: Int, extraLabel: Bool, sidecar: Bool, env: Bool) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            app: web
        \(extraLabel ? "    tier: front" : "")
        spec:
          replicas: \(replicas)
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
        \(env ? "        env: [{name: MODE, value: fast}]" : "")
        \(sidecar ? "      - {name: sidecar, image: envoy:1}" : "")
        """
    }

    @Test func fieldsDroppedFromTheAppliedConfigAreRemoved() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        let full = try harness.write("full.yaml", Self.manifest(replicas: 2, extraLabel: true, sidecar: true, env: true))
        let first = try await harness.kubectl(["apply", "--server-side", "-f", full])
        #expect(first.status == 0, "\(first)")
        let before = try await harness.sim.store.get(.deployments, namespace: "default", name: "web")
        #expect(before.labels["tier"] == "front")
        let entries = ManagedFields.entries(of: before)
        #expect(entries.map(\.manager) == ["kubectl"])
        #expect(entries.first?.operation == "Apply")
        let fields = before[path: "metadata", "managedFields"]?.arrayValue?.first?["fieldsV1"]
        #expect(fields?[path: "f:spec", "f:replicas"] == .object([:]))
        #expect(fields?[path: "f:metadata", "f:labels", "."] == .object([:]))
        #expect(fields?[path: "f:spec", "f:template", "f:spec", "f:containers", #"k:{"name":"nginx"}"#, "f:image"] == .object([:]))
        #expect(fields?[path: "f:spec", "f:template", "f:spec", "f:containers", #"k:{"name":"nginx"}"#, "."] == .object([:]))
        #expect(fields?[path: "f:spec", "f:strategy"] == nil, "defaults are not owned by the applier")

        let slim = try harness.write("slim.yaml", Self.manifest(replicas: 2, extraLabel: false, sidecar: false, env: false))
        let second = try await harness.kubectl(["apply", "--server-side", "-f", slim])
        #expect(second.status == 0, "\(second)")
        let after = try await harness.sim.store.get(.deployments, namespace: "default", name: "web")
        #expect(after.labels == ["app": "web"])
        let containers = after[path: "spec", "template", "spec", "containers"]?.arrayValue ?? []
        #expect(containers.map { $0["name"]?.stringValue ?? "" } == ["nginx"])
        #expect(containers.first?["env"] == nil)
        #expect(after[path: "spec", "strategy", "type"]?.stringValue == "RollingUpdate", "fields nobody applied stay")
        #expect(after[path: "metadata", "generation"]?.intValue == 2)

        // The same config again is a no-op: no new resource version.
        let third = try await harness.kubectl(["apply", "--server-side", "-f", slim])
        #expect(third.status == 0, "\(third)")
        let unchanged = try await harness.sim.store.get(.deployments, namespace: "default", name: "web")
        #expect(unchanged.resourceVersionString == after.resourceVersionString)
    }

    @Test func conflictsWithAnotherManagerAndForce() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        let one = try harness.write("one.yaml", Self.manifest(replicas: 1, extraLabel: false, sidecar: false, env: false))
        #expect(try await harness.kubectl(["apply", "-f", one]).status == 0)
        let three = try harness.write("three.yaml", Self.manifest(replicas: 3, extraLabel: false, sidecar: false, env: false))
        let conflicted = try await harness.kubectl(["apply", "--server-side", "-f", three])
        #expect(conflicted.status != 0)
        #expect(
            conflicted.stderr.contains(
                #"Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas"#),
            "\(conflicted)")
        #expect(try await harness.sim.store.get(.deployments, namespace: "default", name: "web")[path: "spec", "replicas"]?.intValue == 1)

        let forced = try await harness.kubectl(["apply", "--server-side", "--force-conflicts", "-f", three])
        #expect(forced.status == 0, "\(forced)")
        let object = try await harness.sim.store.get(.deployments, namespace: "default", name: "web")
        #expect(object[path: "spec", "replicas"]?.intValue == 3)
        let entries = ManagedFields.entries(of: object)
        let applier = entries.first { $0.manager == "kubectl" && $0.operation == "Apply" }
        #expect(applier?.fields.contains([.field("spec"), .field("replicas")]) == true)
        #expect(!entries.contains { $0.manager != "kubectl" && $0.fields.contains([.field("spec"), .field("replicas")]) })

        // kubectl scale (the scale subresource) now owns replicas; applying again conflicts with it.
        #expect(try await harness.kubectl(["scale", "deployment/web", "--replicas=5"]).status == 0)
        let scaled = try await harness.sim.store.get(.deployments, namespace: "default", name: "web")
        #expect(ManagedFields.entries(of: scaled).contains { $0.subresource == "scale" && $0.fields.contains([.field("spec"), .field("replicas")]) })
        let again = try await harness.kubectl(["apply", "--server-side", "-f", three])
        #expect(again.stderr.contains(#"conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas"#), "\(again)")
    }

    @Test func twoAppliersShareFieldsWithEqualValuesAndConflictOnDifferentOnes() async throws {
        let store = await ClusterStore()
        let base: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "shared", "namespace": "default"], "data": ["a": "1", "b": "2"]]
        try await store.patch(.configmaps, namespace: "default", name: "shared", type: .apply, body: base, options: WriteOptions(fieldManager: "alice"))
        var bob = base
        bob.setValue(["a": "1", "c": "3"], at: ["data"])
        let shared = try await store.patch(.configmaps, namespace: "default", name: "shared", type: .apply, body: bob, options: WriteOptions(fieldManager: "bob"))
        #expect(shared[path: "data"] == ["a": "1", "b": "2", "c": "3"])
        // Alice drops `a`: bob still owns it, so it stays; she drops `b`: nobody else owns it, it goes.
        var alice = base
        alice.setValue(["z": "9"], at: ["data"])
        let dropped = try await store.patch(.configmaps, namespace: "default", name: "shared", type: .apply, body: alice, options: WriteOptions(fieldManager: "alice"))
        #expect(dropped[path: "data"] == ["a": "1", "c": "3", "z": "9"])
        var clash = base
        clash.setValue(["c": "different", "z": "other"], at: ["data"])
        do {
            try await store.patch(.configmaps, namespace: "default", name: "shared", type: .apply, body: clash, options: WriteOptions(fieldManager: "carol"))
            Issue.record("expected a conflict")
        } catch {
            #expect(error.code == 409)
            #expect(error.message == "Apply failed with 2 conflicts: conflicts with \"alice\":\n- .data.z\nconflicts with \"bob\":\n- .data.c")
            #expect(error.status.details?.causes?.first?.reason == "FieldManagerConflict")
        }
        // An update takes ownership without conflicts.
        try await store.patch(.configmaps, namespace: "default", name: "shared", type: .merge, body: ["data": ["c": "mine"]], options: WriteOptions(fieldManager: "editor"))
        let edited = try await store.get(.configmaps, namespace: "default", name: "shared")
        let editor = ManagedFields.entries(of: edited).first { $0.manager == "editor" }
        #expect(editor?.operation == "Update")
        #expect(editor?.fields.paths == [[.field("data"), .field("c")]])
        #expect(ManagedFields.entries(of: edited).first { $0.manager == "bob" }?.fields.contains([.field("data"), .field("c")]) == false)
    }

    @Test func customResourcesMergeByTheirSchemaMarkers() async throws {
        let store = await ClusterStore()
        try await store.create(.customresourcedefinitions, [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": ["name": "routes.example.com"],
            "spec": [
                "group": "example.com", "scope": "Namespaced", "names": ["plural": "routes", "kind": "Route"],
                "versions": [["name": "v1", "served": true, "storage": true, "schema": ["openAPIV3Schema": [
                    "type": "object",
                    "properties": ["spec": ["type": "object", "properties": [
                        "backends": ["type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                                     "items": ["type": "object", "properties": ["name": ["type": "string"], "weight": ["type": "integer"]]]],
                        "hosts": ["type": "array", "x-kubernetes-list-type": "set", "items": ["type": "string"]],
                        "tags": ["type": "array", "items": ["type": "string"]],
                    ]]],
                ]]]],
            ],
        ])
        let routes = GroupResource(group: "example.com", resource: "routes")
        func route(_ backends: [(String, Int64)], hosts: [String], tags: [String]) -> JSONValue {
            ["apiVersion": "example.com/v1", "kind": "Route", "metadata": ["name": "r", "namespace": "default"],
             "spec": ["backends": .array(backends.map { ["name": .string($0.0), "weight": .int($0.1)] }), "hosts": .array(hosts.map { .string($0) }), "tags": .array(tags.map { .string($0) })]]
        }
        let mine = WriteOptions(fieldManager: "mine")
        try await store.patch(routes, namespace: "default", name: "r", type: .apply, body: route([("a", 1), ("b", 2)], hosts: ["x", "y"], tags: ["t1"]), options: mine)
        // Another manager adds its own backend and host; the list-map and set merge.
        try await store.patch(routes, namespace: "default", name: "r", type: .apply, body: route([("c", 3)], hosts: ["z"], tags: ["t2"]), options: WriteOptions(fieldManager: "theirs", force: true))
        var object = try await store.get(routes, namespace: "default", name: "r")
        #expect(object[path: "spec", "backends"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["a", "b", "c"])
        #expect(object[path: "spec", "hosts"] == ["x", "y", "z"])
        #expect(object[path: "spec", "tags"] == ["t2"], "an atomic list is replaced whole")
        // The first manager drops backend b and host y: only its own members go.
        try await store.patch(routes, namespace: "default", name: "r", type: .apply, body: route([("a", 1)], hosts: ["x"], tags: ["t2"]), options: mine)
        object = try await store.get(routes, namespace: "default", name: "r")
        #expect(object[path: "spec", "backends"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["a", "c"])
        #expect(object[path: "spec", "hosts"] == ["x", "z"])
        let fields = ManagedFields.entries(of: object).first { $0.manager == "mine" }?.fields
        #expect(fields?.contains([.field("spec"), .field("backends"), .key(#"{"name":"a"}"#), .field("weight")]) == true)
        #expect(fields?.contains([.field("spec"), .field("hosts"), .value(#""x""#)]) == true)
    }
}
