import Console
import CoreMetrics
import Foundation
import Notify
import Testing
import Watcher

/// `/metrics` carries what the watcher and the notifiers record: the series they write through
/// swift-metrics land in the console's registry (same names, same buckets), without the clash that
/// makes swift-prometheus stop the process.
@Suite("Console: metrics recorded by the watcher and the notifiers")
struct MetricsWiringTests {
    struct Accepting: Notifier {
        let name = "accepting"
        func send(_ notification: IncidentNotification) async throws {}
    }

    struct Refusing: Notifier {
        struct Refused: Error {}
        let name = "refusing"
        func send(_ notification: IncidentNotification) async throws { throw Refused() }
    }

    static func sample(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func detectionLatencyAndNotificationsLandInTheConsoleRegistry() async {
        let metrics = ConsoleMetrics()
        #expect(ConsoleMetrics.detectionLatencyName == DetectionMetrics.latencyName)
        #expect(ConsoleMetrics.notificationsName == NotificationMetrics.name)
        let before = metrics.render()
        #expect(Self.sample(before, "kars_sre_detection_latency_seconds_count") == 0, "\(before)")
        #expect(Self.sample(before, #"kars_sre_notifications_total{result="sent"}"#) == 0, "\(before)")

        // What DetectionMetrics records for one incident detected 300 ms after its first event.
        CoreMetrics.Timer(label: DetectionMetrics.latencyName, dimensions: [], factory: metrics.factory)
            .recordMilliseconds(300)
        // A real dispatcher with one channel that accepts and one that refuses.
        let dispatcher = NotificationDispatcher(
            channels: [Accepting(), Refusing()], sendTimeout: .seconds(5),
            metrics: NotificationMetrics(factory: metrics.factory))
        dispatcher.submit(
            IncidentNotification(
                key: "k", severity: "warning", title: "ProbeFailure: Deployment kars-a/app", symptom: "Unhealthy",
                evidence: [], rootCause: "readiness probe fails", proposedFix: "No typed action"))
        await dispatcher.shutdown()

        let text = metrics.render()
        #expect(Self.sample(text, "kars_sre_detection_latency_seconds_count") == 1, "\(text)")
        #expect(Self.sample(text, #"kars_sre_detection_latency_seconds_bucket{le="0.25"}"#) == 0, "\(text)")
        #expect(Self.sample(text, #"kars_sre_detection_latency_seconds_bucket{le="0.5"}"#) == 1, "\(text)")
        #expect(Self.sample(text, #"kars_sre_notifications_total{result="sent"}"#) == 1, "\(text)")
        #expect(Self.sample(text, #"kars_sre_notifications_total{result="failed"}"#) == 1, "\(text)")
    }
}
