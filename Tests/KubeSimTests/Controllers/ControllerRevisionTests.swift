import Foundation
import KubeModels
import Testing
@testable import KubeSim

/// ControllerRevisions of StatefulSets and DaemonSets: written by their controllers as the real ones
/// do, served, listed by kubectl, and read by `kubectl rollout history` / `undo`.
@Suite("Controller revisions")
struct ControllerRevisionTests {
    static func statefulSet(image: String = "postgres:16.4", historyLimit: Int? = nil) -> JSONValue {
        var spec: [String: JSONValue] = [
            "replicas": 2, "serviceName": "db", "selector": ["matchLabels": ["app": "db"]],
            "template": [
                "metadata": ["labels": ["app": "db"]],
                "spec": ["containers": [[
                    "name": "postgres", "image": .string(image), "resources": ["requests": ["cpu": "50m", "memory": "64Mi"]],
                ]]],
            ],
        ]
        if let historyLimit { spec["revisionHistoryLimit"] = .int(Int64(historyLimit)) }
        return [
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": ["name": "db", "namespace": "default", "annotations": ["kubernetes.io/change-cause": .string("db at \(image)")]],
            "spec": .object(spec),
        ]
    }

    static let daemonSet: JSONValue = [
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": ["name": "agent", "namespace": "default"],
        "spec": [
            "selector": ["matchLabels": ["app": "agent"]],
            "template": [
                "metadata": ["labels": ["app": "agent"]],
                "spec": ["containers": [["name": "agent", "image": "busybox:1.36", "resources": ["requests": ["cpu": "10m", "memory": "16Mi"]]]]],
            ],
        ],
    ]

    static func revisions(_ sim: KubeSimulation, owner: String) async -> [JSONValue] {
        await sim.objects(SimResource.controllerrevisions, "default")
            .filter { $0.controllerReference?["name"]?.stringValue == owner }
            .sorted { ($0["revision"]?.intValue ?? 0) < ($1["revision"]?.intValue ?? 0) }
    }

    static func statefulSetUpdated(_ sim: KubeSimulation) async -> Bool {
        guard let set = await sim.object(.statefulsets, "default", "db") else { return false }
        let status = set["status"] ?? .null
        return status["updatedReplicas"]?.intValue == 2 && status["readyReplicas"]?.intValue == 2
            && status["currentRevision"] == status["updateRevision"]
    }

    static func setImage(_ sim: KubeSimulation, _ resource: GroupResource, _ name: String, container: String, _ image: String) async throws {
        _ = try await sim.store.patch(
            resource, namespace: "default", name: name, type: .strategic,
            body: ["spec": ["template": ["spec": ["containers": [["name": .string(container), "image": .string(image)]]]]]])
    }

    @Test("a StatefulSet gets one revision per template; a rollback renumbers the old one")
    func statefulSetHistory() async throws {
        let sim = await KubeSimulation.start()
        let created = try await sim.store.create(.statefulsets, namespace: "default", Self.statefulSet())
        #expect(await sim.advance(by: 120) { await Self.statefulSetUpdated(sim) })
        let first = try #require(await Self.revisions(sim, owner: "db").first)
        let hash = try #require(first.labels[ControllerHistory.statefulSetHashLabel])
        #expect(first.name == "db-\(hash)")
        #expect(first["revision"]?.intValue == 1)
        #expect(first.labels["app"] == "db")
        #expect(first.controllerReference?["uid"]?.stringValue == created.uid)
        #expect(first.controllerReference?["kind"]?.stringValue == "StatefulSet")
        #expect(first.annotation("kubernetes.io/change-cause") == "db at postgres:16.4")
        #expect(first[path: "data", "spec", "template", "$patch"]?.stringValue == "replace")
        #expect(first[path: "data", "spec", "template", "spec", "containers"]?[0]?["image"]?.stringValue == "postgres:16.4")
        let set = try #require(await sim.object(.statefulsets, "default", "db"))
        #expect(set[path: "status", "currentRevision"]?.stringValue == first.name)
        for pod in await sim.pods("default", app: "db") { #expect(pod.labels["controller-revision-hash"] == first.name) }

        try await Self.setImage(sim, .statefulsets, "db", container: "postgres", "postgres:16.6")
        #expect(await sim.advance(by: 300) { await Self.statefulSetUpdated(sim) })
        var history = await Self.revisions(sim, owner: "db")
        #expect(history.map { $0["revision"]?.intValue } == [1, 2])
        let second = try #require(history.last)
        #expect(second.name != first.name)
        #expect(await sim.object(.statefulsets, "default", "db")?[path: "status", "updateRevision"]?.stringValue == second.name)
        for pod in await sim.pods("default", app: "db") { #expect(pod.labels["controller-revision-hash"] == second.name) }

        // What `kubectl rollout undo` sends: the old revision's data as a strategic merge patch.
        _ = try await sim.store.patch(.statefulsets, namespace: "default", name: "db", type: .strategic, body: first["data"] ?? .null)
        #expect(await sim.advance(by: 300) { await Self.statefulSetUpdated(sim) })
        history = await Self.revisions(sim, owner: "db")
        #expect(history.map(\.name) == [second.name, first.name])
        #expect(history.map { $0["revision"]?.intValue } == [2, 3])
        let pods = await sim.pods("default", app: "db")
        #expect(pods.count == 2 && pods.allSatisfy { $0[path: "spec", "containers"]?[0]?["image"]?.stringValue == "postgres:16.4" })
        await sim.stop()
    }

    @Test("revisions beyond revisionHistoryLimit that no pod uses are deleted, oldest first")
    func historyLimit() async throws {
        let sim = await KubeSimulation.start()
        try await sim.store.create(.statefulsets, namespace: "default", Self.statefulSet(historyLimit: 1))
        #expect(await sim.advance(by: 120) { await Self.statefulSetUpdated(sim) })
        for image in ["postgres:16.6", "postgres:17.2"] {
            try await Self.setImage(sim, .statefulsets, "db", container: "postgres", image)
            #expect(await sim.advance(by: 300) { await Self.statefulSetUpdated(sim) })
        }
        let history = await Self.revisions(sim, owner: "db")
        // The current revision plus one old one (the limit); revision 1 is gone.
        #expect(history.map { $0["revision"]?.intValue } == [2, 3])
        #expect(history.last?[path: "data", "spec", "template", "spec", "containers"]?[0]?["image"]?.stringValue == "postgres:17.2")
        await sim.stop()
    }

    @Test("a DaemonSet's revisions carry the hash its pods are labelled with")
    func daemonSetHistory() async throws {
        let sim = await KubeSimulation.start()
        try await sim.store.create(.daemonsets, namespace: "default", Self.daemonSet)
        @Sendable func rolledOut(_ image: String) async -> Bool {
            let pods = await sim.pods("default", app: "agent").filter { !$0.isBeingDeleted }
            return pods.count == 3 && pods.allSatisfy { $0.isReadyPod && $0[path: "spec", "containers"]?[0]?["image"]?.stringValue == image }
        }
        #expect(await sim.advance(by: 120) { await rolledOut("busybox:1.36") })
        let first = try #require(await Self.revisions(sim, owner: "agent").first)
        let hash = try #require(first.labels[ControllerHistory.daemonSetHashLabel])
        #expect(first.name == "agent-\(hash)")
        #expect(first["revision"]?.intValue == 1)
        #expect(first.labels["app"] == "agent")
        for pod in await sim.pods("default", app: "agent") { #expect(pod.labels["controller-revision-hash"] == hash) }
        try await Self.setImage(sim, .daemonsets, "agent", container: "agent", "busybox:1.37")
        #expect(await sim.advance(by: 300) { await rolledOut("busybox:1.37") })
        let history = await Self.revisions(sim, owner: "agent")
        #expect(history.map { $0["revision"]?.intValue } == [1, 2])
        let second = try #require(history.last)
        for pod in await sim.pods("default", app: "agent") {
            #expect(pod.labels["controller-revision-hash"] == second.labels[ControllerHistory.daemonSetHashLabel])
        }
        // Deleting the DaemonSet takes its revisions with it (owner references).
        try await sim.store.delete(.daemonsets, namespace: "default", name: "agent")
        #expect(await sim.advance(by: 60) { await Self.revisions(sim, owner: "agent").isEmpty })
        await sim.stop()
    }
}

/// The same history through the real `kubectl`, on a served KubeSim driven by a manual clock.
@Suite("Controller revisions through kubectl", .serialized)
struct KubectlRevisionTests {
    static let manifest = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
          namespace: default
          annotations: {kubernetes.io/change-cause: first}
        spec:
          replicas: 2
          serviceName: db
          selector:
            matchLabels: {app: db}
          template:
            metadata:
              labels: {app: db}
            spec:
              containers:
              - name: postgres
                image: postgres:16.4
                resources:
                  requests: {cpu: 50m, memory: 64Mi}
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
          namespace: default
        spec:
          selector:
            matchLabels: {app: agent}
          template:
            metadata:
              labels: {app: agent}
            spec:
              containers:
              - name: agent
                image: busybox:1.36
                resources:
                  requests: {cpu: 10m, memory: 16Mi}
        """

    static func rows(_ table: String, containing text: String) -> [[String]] {
        table.split(separator: "\n").filter { $0.contains(text) }.map { $0.split(separator: " ").map(String.init) }
    }

    @Test("kubectl lists ControllerRevisions and rolls StatefulSets and DaemonSets back through them")
    func historyAndUndo() async throws {
        let harness = try await SimHarness.start()
        let sim = await KubeSimulation.start(store: harness.sim.store, clock: ManualClock(start: Date()))
        let applied = try await harness.kubectl(["apply", "-f", "-"], stdin: Self.manifest)
        #expect(applied.status == 0, "\(applied)")
        #expect(await sim.advance(by: 120) { await ControllerRevisionTests.statefulSetUpdated(sim) })

        #expect(try await harness.kubectl(["annotate", "statefulset/db", "kubernetes.io/change-cause=second", "--overwrite"]).status == 0)
        #expect(try await harness.kubectl(["set", "image", "statefulset/db", "postgres=postgres:16.6"]).status == 0)
        #expect(try await harness.kubectl(["set", "image", "daemonset/agent", "agent=busybox:1.37"]).status == 0)
        #expect(await sim.advance(by: 300) { await ControllerRevisionTests.statefulSetUpdated(sim) })
        await sim.advance(by: 60)

        let list = try await harness.kubectl(["get", "controllerrevisions"])
        #expect(list.status == 0, "\(list)")
        #expect(list.stdout.hasPrefix("NAME"), "\(list)")
        #expect(list.stdout.contains("CONTROLLER") && list.stdout.contains("REVISION") && list.stdout.contains("AGE"), "\(list)")
        let sts = Self.rows(list.stdout, containing: "statefulset.apps/db")
        #expect(sts.map { $0[2] }.sorted() == ["1", "2"], "\(list)")
        #expect(sts.allSatisfy { $0[0].hasPrefix("db-") && $0[3] != "<invalid>" }, "\(list)")
        #expect(Self.rows(list.stdout, containing: "daemonset.apps/agent").map { $0[2] }.sorted() == ["1", "2"], "\(list)")

        let history = try await harness.kubectl(["rollout", "history", "statefulset/db"])
        #expect(history.status == 0, "\(history)")
        #expect(history.stdout.contains("REVISION  CHANGE-CAUSE"), "\(history)")
        #expect(Self.rows(history.stdout, containing: "first").first?.first == "1", "\(history)")
        #expect(Self.rows(history.stdout, containing: "second").first?.first == "2", "\(history)")
        let revision1 = try await harness.kubectl(["rollout", "history", "statefulset/db", "--revision=1"])
        #expect(revision1.status == 0, "\(revision1)")
        #expect(revision1.stdout.contains("postgres:16.4") && !revision1.stdout.contains("postgres:16.6"), "\(revision1)")
        let dsHistory = try await harness.kubectl(["rollout", "history", "daemonset/agent"])
        #expect(dsHistory.status == 0, "\(dsHistory)")
        #expect(Self.rows(dsHistory.stdout, containing: "<none>").map { $0[0] } == ["1", "2"], "\(dsHistory)")

        let undo = try await harness.kubectl(["rollout", "undo", "statefulset/db"])
        #expect(undo.status == 0 && undo.stdout.contains("rolled back"), "\(undo)")
        let dsUndo = try await harness.kubectl(["rollout", "undo", "daemonset/agent", "--to-revision=1"])
        #expect(dsUndo.status == 0 && dsUndo.stdout.contains("rolled back"), "\(dsUndo)")
        #expect(await sim.advance(by: 300) {
            let pods = await sim.pods("default", app: "db") + (await sim.pods("default", app: "agent")).filter { !$0.isBeingDeleted }
            let images = pods.compactMap { $0[path: "spec", "containers"]?[0]?["image"]?.stringValue }
            return await ControllerRevisionTests.statefulSetUpdated(sim) && Set(images) == ["postgres:16.4", "busybox:1.36"]
                && pods.count == 5 && pods.allSatisfy(\.isReadyPod)
        })
        let after = try await harness.kubectl(["rollout", "history", "statefulset/db"])
        // Revision 1 is the current template again, so it is renumbered 3.
        #expect(Self.rows(after.stdout, containing: "second").first?.first == "2", "\(after)")
        #expect(Self.rows(after.stdout, containing: "first").first?.first == "3", "\(after)")
        let status = try await harness.kubectl(["rollout", "status", "statefulset/db", "--timeout=10s"])
        #expect(status.status == 0, "\(status)")
        await sim.stop()
        await harness.stop()
    }
}
