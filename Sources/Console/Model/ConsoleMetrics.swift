import Foundation
import Prometheus
import Remediation

/// The `/metrics` registry (Prometheus text format). The console records what it sees itself
/// (actions by phase, time to recover, Kubernetes API request latency of its own client). The
/// watcher's detection latency and the notification counters are recorded by the Watcher and
/// the notifiers through swift-metrics: `factory` is the swift-metrics factory over this registry
/// (hand it to `DetectionMetrics` and `NotificationMetrics`, or bootstrap it process-wide).
public final class ConsoleMetrics: Sendable {
    public static let detectionLatencyName = "kars_sre_detection_latency_seconds"
    public static let notificationsName = "kars_sre_notifications_total"
    public let registry: PrometheusCollectorRegistry
    /// Records swift-metrics Timers and Counters into `registry`, with this registry's latency
    /// buckets for the detection latency.
    public let factory: PrometheusMetricsFactory
    let recovery: DurationHistogram
    let apiLatency: DurationHistogram
    let seenRecovered = RecoveredNames()

    static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
    ]
    static let recoveryBuckets: [Duration] = [
        .seconds(5), .seconds(10), .seconds(20), .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[Self.detectionLatencyName] = Self.latencyBuckets + [.seconds(30), .seconds(60)]
        self.factory = factory
        // Registered through the factory, exactly as the Watcher and notifiers will ask for them,
        // so the series read 0 until something happens. (swift-prometheus stops the process when
        // one name is registered twice with different help texts or buckets, and its factory
        // registers without help text: so these two series carry no HELP line.)
        _ = factory.makeTimer(label: Self.detectionLatencyName, dimensions: [])
        for result in ["sent", "failed"] {
            _ = factory.makeCounter(label: Self.notificationsName, dimensions: [("result", result)])
        }
        recovery = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "kars_sre", metricName: "time_to_recover", unitName: "seconds",
                helpText: "Time from applying an action to its confirmed recovery."),
            labels: [], buckets: Self.recoveryBuckets)
        apiLatency = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "kars_sre", metricName: "kube_api_request_duration", unitName: "seconds",
                helpText: "Latency of the console's Kubernetes API requests (watch streams: time to the response head)."),
            labels: [], buckets: Self.latencyBuckets)
    }

    /// Sets `kars_sre_actions{phase}` from the current actions (every phase, zero included).
    public func setActions(_ actions: [ActionObject]) {
        var counts = Dictionary(uniqueKeysWithValues: ActionPhase.allCases.map { ($0.rawValue, 0) })
        for action in actions { counts[action.phase.rawValue, default: 0] += 1 }
        for (phase, count) in counts {
            registry.makeGauge(
                descriptor: MetricNameDescriptor(
                    namespace: "kars_sre", metricName: "actions", unitName: "",
                    helpText: "KarsSREActions by phase."),
                labels: [("phase", phase)]
            ).set(Double(count))
        }
    }

    /// Observes the time to recover of an action once, the first time it is seen Recovered.
    public func observeRecovery(_ action: ActionObject) async {
        guard action.phase == .recovered, let applied = action.status.appliedAt,
            let recovered = action.status.recoveredAt, await seenRecovered.insert(action.name)
        else { return }
        let seconds = max(0, recovered.timeIntervalSince(applied))
        recovery.record(.milliseconds(Int64(seconds * 1000)))
    }

    func recordAPI(_ duration: Duration) { apiLatency.record(duration) }

    /// The exposition text.
    public func render() -> String { registry.emitToString() }
}

/// Names of actions whose recovery was already observed.
actor RecoveredNames {
    private var names: Set<String> = []
    func insert(_ name: String) -> Bool { names.insert(name).inserted }
}

import CoreMetrics

extension ConsoleMetrics {
    /// Routes swift-metrics (used by the Watcher, notifiers and Hummingbird) into this registry.
    /// Call once per process, before anything records a metric.
    public func bootstrapMetricsSystem() {
        MetricsSystem.bootstrap(factory)
    }
}
