import Foundation
import KubeModels
@testable import KubeSim
import Testing

@Suite("KubeSim write semantics")
struct WriteSemanticsTests {
    static func deployment(_ name: String = "web", replicas: Int64 = 1) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(name), "labels": ["app": "web"]],
            "spec": [
                "replicas": .int(replicas), "selector": ["matchLabels": ["app": "web"]],
                "template": [
                    "metadata": ["labels": ["app": "web"]],
                    "spec": ["containers": [
                        ["name": "web", "image": "nginx:1.27", "env": [["name": "A", "value": "1"], ["name": "B", "value": "2"]]],
                        ["name": "sidecar", "image": "envoy:1"],
                    ]],
                ],
            ],
        ]
    }

    @Test func strategicMergeDeleteDirectiveRemovesListItemsAndMaps() async throws {
        let store = await ClusterStore()
        try await store.create(.deployments, namespace: "default", Self.deployment())
        let patch: JSONValue = [
            "spec": ["template": ["spec": ["containers": [
                ["name": "sidecar", "$patch": "delete"],
                ["name": "web", "env": [["name": "A", "$patch": "delete"]]],
            ]]]],
            "metadata": ["labels": ["$patch": "replace", "tier": "front"]],
        ]
        let patched = try await store.patch(.deployments, namespace: "default", name: "web", type: .strategic, body: patch)
        let containers = patched[path: "spec", "template", "spec", "containers"]?.arrayValue ?? []
        #expect(containers.map { $0["name"]?.stringValue ?? "" } == ["web"])
        #expect(containers.first?["env"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["B"])
        #expect(patched.labels == ["tier": "front"])
        // A whole map deleted with $patch: delete.
        let removed = try await store.patch(
            .deployments, namespace: "default", name: "web", type: .strategic,
            body: ["spec": ["strategy": ["$patch": "delete"]]])
        #expect(removed[path: "spec", "strategy"] == nil)
        // Merge patch: null removes.
        let merged = try await store.patch(.deployments, namespace: "default", name: "web", type: .merge, body: ["metadata": ["labels": ["tier": nil]]])
        #expect(merged.labels.isEmpty)
    }

    @Test func dryRunPersistsNothingOnAnyWrite() async throws {
        let store = await ClusterStore()
        let dry = WriteOptions(dryRun: true)
        let startRV = await store.currentResourceVersion
        let shown = try await store.create(.deployments, namespace: "default", Self.deployment("ghost"), options: dry)
        #expect(shown.name == "ghost")
        #expect(shown[path: "spec", "strategy", "type"]?.stringValue == "RollingUpdate", "defaults are applied")
        await #expect(throws: APIError.self) { try await store.get(.deployments, namespace: "default", name: "ghost") }
        #expect(await store.currentResourceVersion == startRV)

        let real = try await store.create(.deployments, namespace: "default", Self.deployment())
        let afterCreate = await store.currentResourceVersion
        var changed = real
        changed.setValue(7, at: ["spec", "replicas"])
        let updated = try await store.update(.deployments, namespace: "default", changed, options: dry)
        #expect(updated[path: "spec", "replicas"]?.intValue == 7)
        for type in [PatchType.merge, .strategic] {
            let patched = try await store.patch(.deployments, namespace: "default", name: "web", type: type, body: ["spec": ["replicas": 9]], options: dry)
            #expect(patched[path: "spec", "replicas"]?.intValue == 9)
        }
        let jsonPatched = try await store.patch(
            .deployments, namespace: "default", name: "web", type: .json,
            body: [["op": "replace", "path": "/spec/replicas", "value": 4]], options: dry)
        #expect(jsonPatched[path: "spec", "replicas"]?.intValue == 4)
        var applyOptions = dry
        applyOptions.fieldManager = "tester"
        applyOptions.force = true
        _ = try await store.patch(.deployments, namespace: "default", name: "web", type: .apply, body: Self.deployment(replicas: 5), options: applyOptions)
        _ = try await store.patch(.configmaps, namespace: "default", name: "applied", type: .apply, body: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "applied"]], options: applyOptions)
        let outcome = try await store.delete(.deployments, namespace: "default", name: "web", options: DeleteOptions(dryRun: true))
        #expect(!outcome.removed)
        let stored = try await store.get(.deployments, namespace: "default", name: "web")
        #expect(stored[path: "spec", "replicas"]?.intValue == 1)
        #expect(stored.resourceVersionString == real.resourceVersionString)
        await #expect(throws: APIError.self) { try await store.get(.configmaps, namespace: "default", name: "applied") }
        #expect(await store.currentResourceVersion == afterCreate)
    }

    @Test func kubectlServerDryRunPersistsNothing() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        let file = try harness.write("app.yaml", KubectlWorkflowTests.app)
        let dryApply = try await harness.kubectl(["apply", "-f", file, "--dry-run=server"])
        #expect(dryApply.status == 0, "\(dryApply)")
        #expect(dryApply.stdout.contains("deployment.apps/web created (server dry run)"), "\(dryApply)")
        await #expect(throws: APIError.self) { try await harness.sim.store.get(.deployments, namespace: "default", name: "web") }
        #expect(try await harness.kubectl(["apply", "-f", file]).status == 0)
        let dryScale = try await harness.kubectl(["scale", "deployment/web", "--replicas=4", "--dry-run=server"])
        #expect(dryScale.status == 0, "\(dryScale)")
        let dryPatch = try await harness.kubectl(["patch", "deployment", "web", "-p", #"{"spec":{"replicas":6}}"#, "--dry-run=server"])
        #expect(dryPatch.status == 0, "\(dryPatch)")
        let dryDelete = try await harness.kubectl(["delete", "deployment", "web", "--dry-run=server"])
        #expect(dryDelete.status == 0, "\(dryDelete)")
        let stored = try await harness.sim.store.get(.deployments, namespace: "default", name: "web")
        #expect(stored[path: "spec", "replicas"]?.intValue == 1)
    }

    @Test func finalizersBlockDeletionUntilRemoved() async throws {
        let store = await ClusterStore()
        var config: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "held", "finalizers": ["example.com/hold", "example.com/audit"]]]
        try await store.create(.configmaps, namespace: "default", config)
        let first = try await store.delete(.configmaps, namespace: "default", name: "held")
        #expect(!first.removed)
        let marked = try await store.get(.configmaps, namespace: "default", name: "held")
        #expect(marked.hasDeletionTimestamp)
        #expect(marked[path: "metadata", "deletionGracePeriodSeconds"]?.intValue == 0)
        // Deleting again changes nothing; new finalizers are refused.
        #expect(try await store.delete(.configmaps, namespace: "default", name: "held").removed == false)
        config = marked
        config.setValue(["example.com/hold", "example.com/audit", "example.com/new"], at: ["metadata", "finalizers"])
        do {
            try await store.update(.configmaps, namespace: "default", config)
            Issue.record("adding a finalizer to a deleting object must fail")
        } catch {
            #expect(error.code == 422)
            #expect(error.message.contains("no new finalizers can be added if the object is being deleted"))
        }
        // Removing one finalizer keeps it; removing the last removes it.
        try await store.patch(.configmaps, namespace: "default", name: "held", type: .json, body: [["op": "remove", "path": "/metadata/finalizers/0"]])
        #expect((try? await store.get(.configmaps, namespace: "default", name: "held")) != nil)
        let feed = try await store.watch(.configmaps, namespace: "default", options: ListOptions(resourceVersion: String(await store.currentResourceVersion)))
        try await store.patch(.configmaps, namespace: "default", name: "held", type: .merge, body: ["metadata": ["finalizers": nil]])
        await #expect(throws: APIError.self) { try await store.get(.configmaps, namespace: "default", name: "held") }
        var iterator = feed.events.makeAsyncIterator()
        #expect(await iterator.next()?.type == .deleted)
        await store.endWatch(feed.id)
    }

    @Test func generationBumpsOnlyOnSpecChanges() async throws {
        let store = await ClusterStore()
        let created = try await store.create(.deployments, namespace: "default", Self.deployment())
        #expect(created[path: "metadata", "generation"]?.intValue == 1)
        let labelled = try await store.patch(.deployments, namespace: "default", name: "web", type: .merge, body: ["metadata": ["labels": ["x": "y"], "annotations": ["a": "b"]]])
        #expect(labelled[path: "metadata", "generation"]?.intValue == 1)
        let status = try await store.patch(
            .deployments, namespace: "default", name: "web", type: .merge, body: ["status": ["replicas": 1, "observedGeneration": 1]],
            subresource: "status")
        #expect(status[path: "metadata", "generation"]?.intValue == 1)
        #expect(status[path: "status", "observedGeneration"]?.intValue == 1)
        let scaled = try await store.patch(.deployments, namespace: "default", name: "web", type: .merge, body: ["spec": ["replicas": 3]])
        #expect(scaled[path: "metadata", "generation"]?.intValue == 2)
        #expect(scaled[path: "status", "observedGeneration"]?.intValue == 1, "status is kept by a main-resource write")
        // A status write through the main resource is ignored; a spec write through status is too.
        let ignored = try await store.patch(.deployments, namespace: "default", name: "web", type: .merge, body: ["status": ["replicas": 9]])
        #expect(ignored[path: "status", "replicas"]?.intValue == 1)
        let ignoredSpec = try await store.patch(
            .deployments, namespace: "default", name: "web", type: .merge, body: ["spec": ["replicas": 8]], subresource: "status")
        #expect(ignoredSpec[path: "spec", "replicas"]?.intValue == 3)
        #expect(ignoredSpec[path: "metadata", "generation"]?.intValue == 2)
        // A no-op write does not bump the resource version either.
        let same = try await store.patch(.deployments, namespace: "default", name: "web", type: .merge, body: ["spec": ["replicas": 3]])
        #expect(same.resourceVersionString == ignoredSpec.resourceVersionString)
        // Kinds without generation tracking have none.
        let map = try await store.create(.configmaps, namespace: "default", ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["a": "1"]])
        #expect(map[path: "metadata", "generation"] == nil)
    }

    @Test func dependentsAreIndexedByOwnerUID() async throws {
        let store = await ClusterStore()
        let owner = try await store.create(.configmaps, namespace: "default", ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "owner"]])
        let reference: JSONValue = [["apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": .string(owner.uid)]]
        for name in ["b", "a", "c"] {
            try await store.create(.secrets, namespace: "default", ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": .string(name), "ownerReferences": reference]])
        }
        try await store.create(.secrets, namespace: "default", ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "unrelated"]])
        #expect(await store.dependents(of: owner.uid).map(\.key.name) == ["a", "b", "c"])
        // Dropping the reference leaves the index; background deletion takes the rest.
        try await store.patch(.secrets, namespace: "default", name: "c", type: .merge, body: ["metadata": ["ownerReferences": nil]])
        #expect(await store.dependents(of: owner.uid).map(\.key.name) == ["a", "b"])
        try await store.delete(.configmaps, namespace: "default", name: "owner")
        let left = try await store.list(.secrets, namespace: "default").items.map(\.object.name)
        #expect(left == ["c", "unrelated"])
        #expect(await store.dependents(of: owner.uid).isEmpty)
    }
}
