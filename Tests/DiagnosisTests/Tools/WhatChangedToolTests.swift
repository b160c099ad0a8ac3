import ClusterState
import Diagnosis
import Foundation
import KubeModels
import Testing

@Suite("what-changed")
struct WhatChangedToolTests {
    static func cluster() throws -> ClusterState {
        var fixture = ToolFixture()
        let deployment = fixture.deployment("research", namespace: "lab", replicas: 1, available: 0)
        let replicaSet = fixture.replicaSet("research-84dwh", namespace: "lab", deployment: "research", deploymentUID: deployment, revision: 1, replicas: 1, ready: 0, image: "app:1", labels: ["app": "research"])
        _ = replicaSet
        let quota = "is forbidden: exceeded quota: hardening, requested: requests.memory=256Mi, used: requests.memory=0, limited: requests.memory=50Mi"
        for (suffix, minutes) in [("4phfq", 4.0), ("xrsqz", 3.0), ("m8brh", 2.0)] {
            fixture.event(about: "ReplicaSet", "research-84dwh", namespace: "lab", reason: "FailedCreate",
                          message: "Error creating: pods \"research-84dwh-\(suffix)\" \(quota)", firstMinutesAgo: minutes, lastMinutesAgo: minutes,
                          component: "replicaset-controller")
        }
        fixture.event(about: "ReplicaSet", "research-84dwh", namespace: "lab", reason: "FailedCreate",
                      message: "(combined from similar events): Error creating: pods \"research-84dwh-4phfq\" \(quota)", count: 9,
                      firstMinutesAgo: 4, lastMinutesAgo: 0.1, component: "replicaset-controller")
        // A pod that no longer exists: grouped under the Deployment through its generated name.
        fixture.event(about: "Pod", "research-84dwh-zzzzz", namespace: "lab", reason: "Killing", message: "Stopping container app", type: "Normal", firstMinutesAgo: 5, lastMinutesAgo: 5)
        fixture.event(about: "Pod", "research-84dwh-zzzzz", namespace: "lab", reason: "Evicted", message: "The node was low on resource: memory.", firstMinutesAgo: 5, lastMinutesAgo: 5)
        // Both event APIs about one pod of another workload.
        let cache = fixture.deployment("cache", namespace: "data", replicas: 1, available: 0)
        let cacheRS = fixture.replicaSet("cache-aa11", namespace: "data", deployment: "cache", deploymentUID: cache, revision: 1, replicas: 1, ready: 0, image: "redis:7.4.11", labels: ["app": "cache"])
        fixture.pod("cache-aa11-bbbbb", namespace: "data", labels: ["app": "cache"], owner: ToolFixture.owner("ReplicaSet", "cache-aa11", uid: cacheRS), ready: false, waiting: "ImagePullBackOff")
        fixture.event(about: "Pod", "cache-aa11-bbbbb", namespace: "data", reason: "BackOff", message: "Back-off pulling image \"redis:7.4.11\"", count: 5, firstMinutesAgo: 10, lastMinutesAgo: 3)
        fixture.eventV1(about: "Pod", "cache-aa11-bbbbb", namespace: "data", reason: "BackOff", note: "Back-off pulling image \"redis:7.4.11\"", count: 7, firstMinutesAgo: 9, lastMinutesAgo: 1)
        fixture.eventV1(about: "Pod", "cache-aa11-bbbbb", namespace: "data", reason: "Failed", note: "Failed to pull image \"redis:7.4.11\": not found", count: 3, firstMinutesAgo: 9, lastMinutesAgo: 2)
        fixture.event(about: "Pod", "cache-aa11-bbbbb", namespace: "data", reason: "Pulling", message: "Pulling image \"redis:7.4.11\"", type: "Normal", count: 3, firstMinutesAgo: 9, lastMinutesAgo: 2)
        // Old history, outside a 15 minute window.
        fixture.event(about: "Pod", "cache-aa11-bbbbb", namespace: "data", reason: "FailedScheduling", message: "0/3 nodes are available: 3 Insufficient memory.", firstMinutesAgo: 120, lastMinutesAgo: 90)
        // A cluster-scoped subject whose core event is filed in "default".
        fixture.node("worker-2", ready: false)
        fixture.event(about: "Node", "worker-2", namespace: nil, reason: "NodeNotReady", message: "Node worker-2 status is now: NodeNotReady\u{1B}[2J", type: "Normal", firstMinutesAgo: 12, lastMinutesAgo: 12, eventNamespace: "default")
        return try fixture.state()
    }

    @Test func duplicatesCollapseIntoOneLineWithSummedCountAndFirstAndLastSeen() throws {
        let result = WhatChangedTool.whatChanged(in: try Self.cluster())
        let group = try #require(result.groups.first { $0.root == ResourceRef(kind: "Deployment", namespace: "lab", name: "research") })
        let failedCreate = group.entries.filter { $0.reason == "FailedCreate" }
        #expect(failedCreate.count == 1)
        let entry = try #require(failedCreate.first)
        #expect(entry.count == 12 && entry.events == 4)
        #expect(entry.object == ResourceRef(kind: "ReplicaSet", namespace: "lab", name: "research-84dwh"))
        #expect(entry.message.contains("pods \"research-84dwh-*\" is forbidden: exceeded quota: hardening"))
        #expect(entry.firstSeen == ToolFixture.now.addingTimeInterval(-240))
        #expect(entry.lastSeen == ToolFixture.now.addingTimeInterval(-6))
        #expect(group.entries.first?.reason == "FailedCreate", "newest first")
    }

    @Test func bothEventAPIsAreMergedAndIdenticalLinesCollapseAcrossThem() throws {
        let result = WhatChangedTool.whatChanged(in: try Self.cluster())
        let group = try #require(result.groups.first { $0.root.name == "cache" })
        #expect(group.root.kind == "Deployment")
        let backOff = try #require(group.entries.first { $0.reason == "BackOff" })
        #expect(backOff.count == 12 && backOff.events == 2)
        #expect(backOff.apis == ["events.k8s.io/v1", "v1"])
        #expect(group.entries.contains { $0.reason == "Failed" && $0.apis == ["events.k8s.io/v1"] })
        #expect(!group.entries.contains { $0.reason == "Pulling" }, "routine Normal events are left out by default")
        #expect(!group.entries.contains { $0.reason == "FailedScheduling" }, "outside the window")
    }

    @Test func windowAllNormalAndNamespaceOptions() throws {
        let state = try Self.cluster()
        let wide = WhatChangedTool.whatChanged(in: state, window: 3 * 3600)
        #expect(wide.groups.flatMap(\.entries).contains { $0.reason == "FailedScheduling" })
        let all = WhatChangedTool.whatChanged(in: state, includeAllNormal: true)
        #expect(all.groups.flatMap(\.entries).contains { $0.reason == "Pulling" })
        let lab = WhatChangedTool.whatChanged(in: state, namespace: "lab")
        #expect(lab.groups.map(\.root.name) == ["research"])
        #expect(lab.groups.flatMap(\.entries).contains { $0.reason == "Evicted" })
        let narrow = WhatChangedTool.whatChanged(in: state, window: 30)
        #expect(narrow.groups.flatMap(\.entries).allSatisfy { ($0.lastSeen ?? .distantPast) >= state.now.addingTimeInterval(-30) })
    }

    @Test func groupsAreNewestFirstAndClusterScopedSubjectsHaveNoNamespace() throws {
        let result = WhatChangedTool.whatChanged(in: try Self.cluster())
        let lastSeen = result.groups.compactMap(\.lastSeen)
        #expect(lastSeen == lastSeen.sorted(by: >))
        #expect(result.groups.last?.root == ResourceRef(kind: "Node", namespace: nil, name: "worker-2"))
        let text = result.renderText(style: .plain)
        #expect(text.contains("Node worker-2") && !text.contains("\u{1B}"))
        #expect(text.contains("LAST SEEN") && text.contains("research-84dwh-*"))
    }

    @Test func quietClusterSaysSo() throws {
        let result = WhatChangedTool.whatChanged(in: try ToolFixture().state())
        #expect(result.groups.isEmpty)
        #expect(result.renderText(style: .plain).contains("No warning or notable events in the last 15m"))
    }

    @Test(.enabled(if: ToolScenarios.available, ToolScenarios.skipReason))
    func quotaScenarioIsOneLineOfTwelve() throws {
        let result = WhatChangedTool.whatChanged(in: try ToolScenarios.state("quota-blocks-sandbox"))
        let group = try #require(result.groups.first)
        #expect(group.root == ResourceRef(kind: "Deployment", namespace: "kars-research", name: "research"))
        let entry = try #require(group.entries.first { $0.reason == "FailedCreate" })
        #expect(entry.count == 12)
        #expect(group.entries.filter { $0.reason == "FailedCreate" }.count == 1)
    }

    @Test(.enabled(if: ToolScenarios.available, ToolScenarios.skipReason))
    func eventsV1OnlyScenarioIsGroupedUnderTheStatefulSet() throws {
        let result = WhatChangedTool.whatChanged(in: try ToolScenarios.state("statefulset-image-events-v2"))
        let group = try #require(result.groups.first { $0.root.kind == "StatefulSet" })
        #expect(group.root.name == "cache")
        #expect(group.entries.allSatisfy { $0.apis == ["events.k8s.io/v1"] })
        #expect(Set(group.entries.map(\.reason)) == ["Failed", "BackOff"])
    }

    @Test(.enabled(if: ToolScenarios.available, ToolScenarios.skipReason))
    func healthyClusterHasNoRecentChangesButShowsItsHistoryOnAWideWindow() throws {
        let state = try ToolScenarios.state("healthy-with-history")
        #expect(WhatChangedTool.whatChanged(in: state).groups.isEmpty)
        #expect(!WhatChangedTool.whatChanged(in: state, window: 24 * 3600).groups.isEmpty)
    }
}
