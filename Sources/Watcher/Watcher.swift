import Foundation
import KubeAPI
import Notify
import Remediation

/// Proactive mode: follows the cluster's events, detects incidents, proposes fixes as
/// KarsSREActions and announces them on the notification channels, until cancelled.
///
/// Start-up order matters for "a restart re-sends nothing": the dedupe state is first bootstrapped
/// from the existing KarsSREActions and the persisted cool-down, then the event feed starts, and
/// its first snapshot of each API is absorbed silently (priming). The dedupe state is replaced from
/// the cluster every `resync`; failures that had no action yet are re-diagnosed every
/// `recheckInterval`.
public final class Watcher: Sendable {
    public let configuration: WatcherConfiguration
    public let engine: IncidentEngine
    let feed: any EventFeed
    let sink: any ActionSink
    let log: @Sendable (String) -> Void

    public init(
        configuration: WatcherConfiguration, feed: any EventFeed, reader: any ClusterReader, sink: any ActionSink,
        submit: @escaping @Sendable (IncidentNotification) -> Void, log: @escaping @Sendable (String) -> Void = { _ in },
        observer: @escaping @Sendable (DetectionRecord) -> Void = { _ in }, cooldownStore: (any CooldownStore)? = nil,
        metrics: DetectionMetrics = .off, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.feed = feed
        self.sink = sink
        self.log = log
        self.engine = IncidentEngine(
            configuration: configuration, reader: reader, sink: sink, submit: submit, log: log, observer: observer,
            now: now, cooldownStore: cooldownStore, metrics: metrics)
    }

    /// The usual wiring against a live API server: events from `client`, state through
    /// `LiveLoader` (diagnosed as of `clusterNow`), actions through `ActionClient`, the cool-down in
    /// the ConfigMap `configuration.cooldownConfigMap` of the actions' namespace, messages to
    /// `dispatcher`.
    public convenience init(
        configuration: WatcherConfiguration, client: KubeClient, actions: ActionClient,
        dispatcher: NotificationDispatcher?, log: @escaping @Sendable (String) -> Void = { _ in },
        observer: @escaping @Sendable (DetectionRecord) -> Void = { _ in },
        now clusterNow: @escaping @Sendable () -> Date = { Date() }, metrics: DetectionMetrics = .off
    ) {
        self.init(
            configuration: configuration,
            feed: KubeEventFeed(client: client, mode: configuration.mode, fallbackInterval: configuration.fallbackPollInterval),
            reader: LiveClusterReader(client: client, now: clusterNow), sink: RemediationActionSink(client: actions),
            submit: { dispatcher?.submit($0) }, log: log, observer: observer,
            cooldownStore: configuration.cooldownConfigMap.map {
                ConfigMapCooldownStore(client: client, namespace: actions.store.namespace, name: $0)
            },
            metrics: metrics)
    }

    /// Runs until the calling task is cancelled.
    public func run() async {
        await resync(required: true)
        await engine.restoreCooldown()
        await withDiscardingTaskGroup { group in
            group.addTask { [self] in
                for await item in feed.items() {
                    await engine.ingest(item)
                }
            }
            group.addTask { [self] in
                while !Task.isCancelled {
                    do { try await Task.sleep(for: configuration.resync) } catch { return }
                    await resync(required: false)
                }
            }
            group.addTask { [self] in
                // Ticks often enough to follow a clock that jumps (tests, suspend); the engine
                // decides on its own clock whether a re-check is due.
                let tick = Duration.milliseconds(Int64(min(max(configuration.recheckInterval, 0.05), 1) * 1000))
                while !Task.isCancelled {
                    do { try await Task.sleep(for: tick) } catch { return }
                    await engine.recheckIfDue()
                }
            }
        }
    }

    /// Reads the KarsSREActions into the dedupe state. At start-up it is retried until it works
    /// (announcing before knowing what was already proposed would re-send everything).
    func resync(required: Bool) async {
        var failures = 0
        while !Task.isCancelled {
            do {
                let actions = try await sink.existing()
                await engine.replaceKnownActions(actions)
                return
            } catch {
                failures += 1
                log("watch: reading KarsSREActions failed: \(error)")
                guard required else { return }
                try? await Task.sleep(for: .milliseconds(Int64(min(5000, 200 * failures))))
            }
        }
    }

    public func status() async -> String {
        "mode: \(configuration.mode); namespaces: \(configuration.scope)\n" + (await engine.statistics).text
    }
}
