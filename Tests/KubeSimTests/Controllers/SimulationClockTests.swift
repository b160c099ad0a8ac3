import Foundation
import KubeAPI
import KubeModels
import Testing
@testable import KubeSim

/// One timeline: when the simulation clock runs ahead of the wall clock (`sim up --speed N`, or a
/// manual clock set days ahead), every timestamp the cluster writes and every age kubectl shows is
/// on the simulation clock.
@Suite("Simulation clock", .serialized)
struct SimulationClockTests {
    /// Every RFC 3339 time anywhere in a JSON value, with the path it was found at.
    static func times(in value: JSONValue, path: String = "") -> [(path: String, date: Date)] {
        switch value {
        case .object(let fields):
            return fields.flatMap { times(in: $0.value, path: path + "." + $0.key) }
        case .array(let items):
            return items.enumerated().flatMap { times(in: $0.element, path: path + "[\($0.offset)]") }
        case .string(let text):
            guard text.count >= 20, text.dropFirst(4).first == "-", text.contains("T"), let date = KubeTime.parse(text) else { return [] }
            return [(path, date)]
        default:
            return []
        }
    }

    @Test("kubectl's AGE and LAST SEEN, and every timestamp written, follow a clock running ahead of the wall clock")
    func servedTimeline() async throws {
        let harness = try await SimHarness.start()
        // Three days ahead of the wall clock: a wall-clock age would print <invalid>.
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 3 * 86_400).rounded(.down))
        let sim = await KubeSimulation.start(store: harness.sim.store, clock: ManualClock(start: start))
        let created = try await harness.kubectl(["create", "deployment", "web", "--image=nginx:1.25.3", "--replicas=2"])
        #expect(created.status == 0, "\(created)")
        #expect(await sim.advance(by: 120) { await sim.deploymentAvailable("default", "web") })
        await sim.advance(by: 600)
        let now = sim.clock.now()

        let deployments = try await harness.kubectl(["get", "deployments"])
        let row = deployments.stdout.split(separator: "\n").first { $0.hasPrefix("web ") }.map { $0.split(separator: " ").map(String.init) }
        // Created at the start plus the 5 s the simulation takes to bootstrap, 725 s before now.
        let age = Cells.humanDuration(now.timeIntervalSince(start) - 5)
        #expect(row?.last == age, "\(deployments)")
        let events = try await harness.kubectl(["get", "events"])
        #expect(events.status == 0 && events.stdout.contains("Started"), "\(events)")
        #expect(!events.stdout.contains("<invalid>"), "\(events)")
        let pods = try await harness.kubectl(["get", "pods", "-o", "wide"])
        #expect(!pods.stdout.contains("<invalid>") && pods.stdout.contains("Running"), "\(pods)")

        // Every object written since the simulation started is stamped on its timeline, server-set
        // fields (managed fields, creation) and controller-set ones (conditions, events, leases) alike.
        var checked = 0
        for type in await harness.sim.store.registry.all where !type.isVirtual && type.storage == type.groupResource {
            for stored in (try? await harness.sim.store.list(type.groupResource).items) ?? [] {
                let object = stored.object
                guard let createdAt = object[path: "metadata", "creationTimestamp"]?.stringValue.flatMap(KubeTime.parse),
                    createdAt >= start
                else { continue }
                for (path, date) in Self.times(in: object) {
                    checked += 1
                    #expect(date >= start.addingTimeInterval(-1) && date <= now.addingTimeInterval(1),
                            "\(type.resource) \(object.name) \(path) = \(KubeTime.format(date)), simulation \(KubeTime.format(start))…\(KubeTime.format(now))")
                }
            }
        }
        #expect(checked > 100)

        // A stage run through the API reads the cluster's time, not the wall clock.
        let client = try KubeClientStageClient(client: .resolve(kubeconfig: harness.kubeconfig))
        let clusterNow = await client.now()
        #expect(abs(clusterNow.timeIntervalSince(now)) < 2, "\(clusterNow) vs \(now)")
        try? await client.client.shutdown()
        await sim.stop()
        await harness.stop()
    }

    @Test("a fresh in-process simulation stamps its bootstrap objects with its own clock")
    func freshStoreBootstrap() async throws {
        let start = try #require(KubeTime.parse("2031-05-01T12:00:00Z"))
        let sim = await KubeSimulation.start(clock: ManualClock(start: start))
        let namespace = try #require(await sim.object(.namespaces, nil, "default"))
        #expect(namespace[path: "metadata", "creationTimestamp"]?.stringValue == "2031-05-01T12:00:00Z")
        let snapshot = await sim.snapshot()
        let latest = Self.times(in: snapshot).map(\.date).max()
        // The snapshot's newest time (what `diagnose --snapshot` takes as "now") is the simulation's.
        #expect(latest.map { $0 <= sim.clock.now() && $0 >= start } == true, "\(String(describing: latest))")
        await sim.stop()
    }
}
