import Diagnosis
import Foundation
import KubeAPI
import KubeModels
import Notify
import Remediation
import Synchronization
import Testing

@testable import ClusterState
@testable import KubeSim
@testable import Watcher

/// Bursts: many failure events for one incident, and many incidents at once.
@Suite("Watcher: bursts", .serialized)
struct BurstTests {
    @Test("1,000 failure events over 50 pods of one Deployment give one KarsSREAction and at most 4 messages a minute")
    func thousandEventsOneAction() async throws {
        let harness = try await WatcherHarness.start()
        try await Stage.apply(.imageTypo, on: harness.simulation)
        // Precondition: the staged incident is one the diagnosis proposes an action for.
        let client = try harness.client()
        let state = try await LiveLoader(client: client).load(now: harness.clock.now()).state
        let finding = Diagnoser().diagnose(AnalysisContext(state: state)).findings.first { $0.namespace == "shop" && $0.name == "web" }
        #expect(finding?.action?.type == .patchDeploymentImage)
        try await client.shutdown()

        let watcher = try harness.startWatcher { $0.scope = NamespaceScope.all }
        try await watcher.waitUntilPrimed()
        let replicaSets = try await harness.sim.store.list(.replicasets, namespace: "shop").items.map(\.object.name)
        let newest = try #require(replicaSets.sorted().last)
        let suffixes = ["bcdfg", "hjklm", "npqrs", "tvwxz", "24567", "89bcd", "fghjk", "lmnpq", "rstvw", "xz245"]
        let pods = (0..<50).map { "\(newest)-\(suffixes[$0 % 10].prefix(4))\(["b", "c", "d", "f", "g"][$0 / 10])" }
        #expect(Set(pods).count == 50)
        for index in 0..<1000 {
            try await harness.recordEvent(
                namespace: "shop", pod: pods[index % 50], reason: "BackOff",
                message: "Back-off pulling image \"nginx:1.25.33\"", index: index)
        }
        let received = await eventually(timeout: 120) { await watcher.stats.failureEvents >= 1000 }
        let stats = await watcher.stats
        #expect(received, "\(stats)")
        #expect(try await eventually { try await harness.actions().count == 1 })
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await harness.actions().count == 1)
        #expect(watcher.messages.count <= 4)
        #expect(watcher.messages.count >= 1)
        await watcher.stop()
        await harness.stop()
    }
}

/// The collapse and the rate limit, driven directly (no cluster): every cycle's incidents become one
/// detailed message plus a summary tail, at most `rateLimit` messages per window, the rest counted
/// into the next message.
@Suite("Watcher: burst collapse and rate limit")
struct CollapseTests {
    struct NoCluster: ClusterReader {
        func load(namespace: String?) async throws -> ClusterState { try ClusterState(objects: [], now: Date()) }
    }

    struct NoActions: ActionSink {
        func create(_ draft: ActionDraft) async throws -> (name: String, created: Bool) { ("none", false) }
        func existing() async throws -> [KnownAction] { [] }
    }

    static func incident(_ index: Int, _ findingClass: FindingClass, severity: Severity = .warning) -> Incident {
        let finding = Finding(
            class: findingClass, severity: severity,
            root: ObjectKey(kind: "Deployment", namespace: "kars-\(index)", name: "app"), summary: "summary \(index)",
            evidence: ["evidence \(index)"])
        return Incident(finding: finding, triggers: [], received: Date(), key: Incident.key(for: finding))
    }

    @Test("one detailed message per cycle for the most urgent incident, the others in the tail")
    func collapse() async throws {
        let sent = Recorder<IncidentNotification>()
        var configuration = WatcherConfiguration()
        configuration.rateLimit = 4
        let engine = IncidentEngine(
            configuration: configuration, reader: NoCluster(), sink: NoActions(), submit: { sent.append($0) })
        try await engine.handle([
            Self.incident(1, .unschedulable), Self.incident(2, .unschedulable), Self.incident(3, .crashLoopBackOff),
            Self.incident(4, .oomKilled, severity: .critical),
        ])
        #expect(sent.count == 1)
        let message = try #require(sent.all.first)
        #expect(message.title.hasPrefix("OOMKilled"))
        #expect(message.summaryTail == "+3 other incidents: 2 Unschedulable, 1 CrashLoopBackOff")
    }

    @Test("at most rateLimit messages per window; what is held back goes out as a summary when a slot frees")
    func rateLimit() async throws {
        let sent = Recorder<IncidentNotification>()
        var configuration = WatcherConfiguration()
        configuration.rateLimit = 4
        configuration.rateWindow = 60
        configuration.cooldown = 3600
        let clock = MovableClock()
        let engine = IncidentEngine(
            configuration: configuration, reader: NoCluster(), sink: NoActions(), submit: { sent.append($0) },
            now: { clock.now })
        for index in 0..<10 {
            try await engine.handle([Self.incident(index, .probeFailure)])
        }
        #expect(sent.count == 4)
        #expect(await engine.statistics.heldBack == 6)
        clock.advance(30)
        try await Task.sleep(for: .milliseconds(1500))
        #expect(sent.count == 4)
        clock.advance(31)
        #expect(await eventually(timeout: 10) { sent.count == 5 })
        let summary = try #require(sent.all.last)
        #expect(summary.isSummaryOnly)
        #expect(summary.summaryTail == "6 incidents: 6 ProbeFailure")
        // The same findings again within the cool-down: nothing new.
        for index in 0..<10 {
            try await engine.handle([Self.incident(index, .probeFailure)])
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(sent.count == 5)
    }
}

/// A clock the test moves by hand.
final class MovableClock: Sendable {
    private let value = Mutex(Date())
    var now: Date { value.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
