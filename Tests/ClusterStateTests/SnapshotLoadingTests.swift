import ClusterState
import Foundation
import KubeModels
import Testing

/// The public scenarios, found next to the repository (`../shared/scenarios`).
enum Scenarios {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/scenarios")

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [])
            .filter { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).appendingPathComponent("cluster.json").path) }
            .sorted()
    }
}

@Suite("Snapshot loading")
struct SnapshotLoadingTests {
    @Test("every public scenario loads without loss")
    func scenariosLoad() throws {
        let names = Scenarios.names
        try #require(names.count >= 14, "expected the public scenarios at \(Scenarios.root.path)")
        for name in names {
            let path = Scenarios.root.appendingPathComponent(name).appendingPathComponent("cluster.json").path
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let raw = try JSONDecoder().decode(JSONValue.self, from: data)
            let items = try #require(raw["items"]?.arrayValue)
            let state = try SnapshotLoader.load(paths: [path])
            #expect(state.objects.count == items.count, "\(name): every item kept")
            #expect(state.objects.map(\.raw) == items, "\(name): raw objects identical")
            let typedCounts: [Int] = [
                state.namespaces.count, state.nodes.count, state.pods.count, state.deployments.count,
                state.replicaSets.count, state.statefulSets.count, state.daemonSets.count, state.jobs.count,
                state.cronJobs.count, state.services.count, state.endpointSlices.count, state.endpoints.count,
                state.resourceQuotas.count, state.persistentVolumeClaims.count, state.configMaps.count,
                state.secrets.count, state.karsSandboxes.count, state.karsSREActions.count,
            ]
            let typedCount = typedCounts.reduce(0, +)
            let eventCount = items.filter { $0["kind"]?.stringValue == "Event" }.count
            #expect(typedCount + eventCount == items.count, "\(name): every kind is typed")
            #expect(state.now > Date(timeIntervalSince1970: 1_700_000_000), "\(name): now comes from the snapshot")
        }
    }

    @Test("snapshot now is the newest observation, not a deletion deadline")
    func snapshotNow() throws {
        let path = Scenarios.root.appendingPathComponent("node-lost-stuck-terminating/cluster.json").path
        let state = try SnapshotLoader.load(paths: [path])
        #expect(KubeTime.format(state.now) == "2026-11-28T09:59:48Z")
        let overridden = try SnapshotLoader.load(paths: [path], now: Date(timeIntervalSince1970: 0))
        #expect(overridden.now == Date(timeIntervalSince1970: 0))
    }

    @Test("owner graph and events by object")
    func ownerGraph() throws {
        let path = Scenarios.root.appendingPathComponent("quota-blocks-sandbox/cluster.json").path
        let state = try SnapshotLoader.load(paths: [path])
        let deployment = try #require(state.deployment(namespace: "kars-research", name: "research"))
        let replicaSets = state.replicaSets(ownedBy: deployment)
        #expect(replicaSets.count == 1)
        let replicaSet = try #require(replicaSets.first)
        #expect(state.rootController(of: ObjectKey(replicaSet)) == ObjectKey(deployment))
        let deploymentObject = try #require(state.object(ObjectKey(deployment)))
        #expect(state.children(of: deploymentObject).map(\.name) == [replicaSet.name])
        let events = state.events(for: ObjectKey(replicaSet))
        #expect(events.count == 4)
        #expect(events.allSatisfy { $0.reason == "FailedCreate" })
        #expect(events.first?.count == 9, "newest first: the aggregated event")
    }

    @Test("events about cluster-scoped objects are indexed without a namespace")
    func clusterScopedEvents() throws {
        let path = Scenarios.root.appendingPathComponent("node-lost-stuck-terminating/cluster.json").path
        let state = try SnapshotLoader.load(paths: [path])
        #expect(state.events(for: ObjectKey(kind: "Node", namespace: nil, name: "worker-2")).count == 1)
    }

    @Test("a directory of snapshot files loads as one state")
    func directory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}}"#.utf8)
            .write(to: directory.appendingPathComponent("1-ns.json"))
        try Data(#"{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"a"},"spec":{"containers":[{"name":"c"}]}}]}"#.utf8)
            .write(to: directory.appendingPathComponent("2-pods.json"))
        try Data("ignored".utf8).write(to: directory.appendingPathComponent("README.txt"))
        let state = try SnapshotLoader.load(paths: [directory.path])
        #expect(state.namespaces.map(\.name) == ["a"])
        #expect(state.pods.map(\.name) == ["p"])
    }

    @Test("bad input names the file and what is wrong")
    func badInput() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let notJSON = directory.appendingPathComponent("notes.json")
        try Data("hello: world".utf8).write(to: notJSON)
        let error = #expect(throws: ClusterStateError.self) { try SnapshotLoader.load(paths: [notJSON.path]) }
        #expect(error?.description.contains(notJSON.path) == true)
        #expect(error?.description.contains("not Kubernetes JSON") == true)

        let noKind = directory.appendingPathComponent("nokind.json")
        try Data(#"{"items":[{"metadata":{"name":"x"}}]}"#.utf8).write(to: noKind)
        let second = #expect(throws: ClusterStateError.self) { try SnapshotLoader.load(paths: [noKind.path]) }
        #expect(second?.description.contains("items[0]") == true)

        let missing = #expect(throws: ClusterStateError.self) { try SnapshotLoader.load(paths: ["/nonexistent/x.json"]) }
        #expect(missing?.description.contains("/nonexistent/x.json") == true)
    }
}
