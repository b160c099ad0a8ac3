import CoreMetrics
import Foundation
import Notify
import Prometheus
import Testing
import Watcher

@testable import KubeSim

/// Detection latency and notification outcomes recorded through swift-metrics into a Prometheus
/// registry (the factory the console bootstraps), read back from the exposition text.
@Suite("Watcher: metrics", .serialized)
struct MetricsTests {
    /// A channel that accepts every message, or refuses every one.
    struct StubChannel: Notifier {
        let name: String
        let refuses: Bool

        func send(_ notification: IncidentNotification) async throws {
            if refuses { throw ChannelError.rejected(channel: name, status: 400, detail: "stub refuses") }
        }
    }

    /// The value of the sample line `name` (with its labels) in the exposition text.
    static func sample(_ text: String, _ name: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    @Test("after an incident is detected and notified the registry has the detection latency and sent/failed counts")
    func detectionAndNotificationsRecorded() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        let harness = try await WatcherHarness.start()
        let dispatcher = NotificationDispatcher(
            channels: [StubChannel(name: "good", refuses: false), StubChannel(name: "bad", refuses: true)],
            metrics: NotificationMetrics(factory: factory))
        let watcher = try harness.startWatcher(dispatcher: dispatcher, metrics: DetectionMetrics(factory: factory))
        do {
            try await watcher.waitUntilPrimed()
            try await harness.stageQuotaIncident("kars-one")
            await harness.simulation.advance(by: 10)
            #expect(await eventually(timeout: 60) { dispatcher.deliveries.count == 2 })
            let text = registry.emitToString()
            let count = Self.sample(text, "kars_sre_detection_latency_seconds_count")
            #expect(count == 1, "\(text)")
            let sum = try #require(Self.sample(text, "kars_sre_detection_latency_seconds_sum"), "\(text)")
            #expect(sum > 0 && sum < 600, "\(text)")
            #expect(Self.sample(text, #"kars_sre_notifications_total{result="sent"}"#) == 1, "\(text)")
            #expect(Self.sample(text, #"kars_sre_notifications_total{result="failed"}"#) == 1, "\(text)")
        } catch {
            Issue.record(error)
        }
        await watcher.stop()
        await dispatcher.cancel()
        await harness.stop()
    }
}
