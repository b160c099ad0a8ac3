import CoreMetrics

/// Deliveries per outcome as the swift-metrics Counter `kars_sre_notifications_total{result}`:
/// `sent` for each message a channel accepted, `failed` for each it did not (after its retries, or
/// out of time). Opt-in like the watcher's `DetectionMetrics`: `NotificationMetrics(factory:
/// MetricsSystem.factory)` records into the backend the process bootstrapped (e.g. the console's
/// Prometheus registry); the default `.off` records nothing.
public struct NotificationMetrics: Sendable {
    public static let name = "kars_sre_notifications_total"
    let sent: Counter
    let failed: Counter

    public init(factory: any MetricsFactory) {
        sent = Counter(label: Self.name, dimensions: [("result", "sent")], factory: factory)
        failed = Counter(label: Self.name, dimensions: [("result", "failed")], factory: factory)
    }

    /// Records nothing.
    public static var off: NotificationMetrics { NotificationMetrics(factory: NOOPMetricsHandler.instance) }

    func delivered(failed didFail: Bool) {
        (didFail ? failed : sent).increment()
    }
}
