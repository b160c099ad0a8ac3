import Foundation

/// How the watcher detects, deduplicates and announces. Defaults are the production values; tests
/// shorten the intervals.
public struct WatcherConfiguration: Sendable {
    /// Watch both event APIs (sub-second), or list them every `interval` (for clusters where watch
    /// is not allowed, and as the baseline the benchmark compares against).
    public enum Mode: Sendable, Hashable, CustomStringConvertible {
        case watch
        case poll(interval: Duration)

        public var description: String {
            switch self {
            case .watch: return "watch"
            case .poll(let interval): return "poll every \(interval)"
            }
        }
    }

    public var mode: Mode = .watch
    public var scope = NamespaceScope()
    /// How long a Proposed action waits for approval.
    public var actionTTLMinutes = 30
    /// A finding without an action is announced once per (class, namespace, object) per cool-down.
    public var cooldown: TimeInterval = 1800
    /// Messages allowed per `rateWindow`, cluster-wide.
    public var rateLimit = 4
    public var rateWindow: TimeInterval = 60
    /// How long to gather events before a detection cycle (bursts become one cycle).
    public var debounce: Duration = .milliseconds(50)
    /// Dedupe state is replaced from the KarsSREActions this often.
    public var resync: Duration = .seconds(60)
    /// The list interval used when watching events is forbidden.
    public var fallbackPollInterval: Duration = .seconds(10)
    /// Event look-back for diagnosis.
    public var lookback: TimeInterval = 3600
    /// Create KarsSREActions (false: only announce, e.g. without create rights).
    public var createActions = true
    /// Base URL of the web console, for links in messages (`<url>/actions/<name>`).
    public var consoleURL: String?
    /// A detection cycle lists each namespace its events came from (at most `concurrentLoads` at a
    /// time), or the whole cluster when more than `namespacesPerCycle` are involved (or a Node).
    public var namespacesPerCycle = 4
    public var concurrentLoads = 6
    /// Back-off after a failed detection cycle (cluster unreachable, API errors).
    public var retryDelay: Duration = .milliseconds(500)
    /// Failure events whose diagnosis found nothing to act on yet (or only a finding without an
    /// action) are diagnosed again this often, on the engine's clock, so a failure that develops
    /// slowly (a pod stuck Terminating on a lost node) is caught without a new event.
    public var recheckInterval: TimeInterval = 10
    /// How long after its event a failure keeps being re-diagnosed.
    public var recheckWindow: TimeInterval = 600
    /// Where the cool-down of findings without an action is kept across restarts (a ConfigMap in
    /// the KarsSREAction namespace); nil keeps it in memory only.
    public var cooldownConfigMap: String? = "kars-sre-watcher-state"

    public init() {}
}
