import CoreMetrics
import Foundation

/// The watcher's detection latency as a swift-metrics Timer named
/// `kars_sre_detection_latency_seconds` (no dimensions): from the first failure event of an incident
/// reaching the watcher to its detection (the KarsSREAction created, or the finding announced).
/// Opt-in: `DetectionMetrics(factory: MetricsSystem.factory)` records into the backend the
/// process bootstrapped (make it after bootstrapping); the default `.off` records nothing. Not on by
/// default because a Prometheus registry that pre-registered this name with a help text or other
/// buckets than its factory's would stop the process (swift-prometheus treats that as a
/// programming error): see docs/watcher.md, Metrics.
public struct DetectionMetrics: Sendable {
    public static let latencyName = "kars_sre_detection_latency_seconds"
    let latency: CoreMetrics.Timer

    public init(factory: any MetricsFactory) {
        latency = CoreMetrics.Timer(label: Self.latencyName, dimensions: [], factory: factory)
    }

    /// Records nothing.
    public static var off: DetectionMetrics { DetectionMetrics(factory: NOOPMetricsHandler.instance) }

    func detected(after seconds: TimeInterval) {
        latency.recordNanoseconds(Int64(max(0, seconds) * 1_000_000_000))
    }
}
