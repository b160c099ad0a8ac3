import Foundation
import KubeAPI
import Notify
import Remediation

/// Proactive mode: follows the cluster's events, detects incidents, proposes fixes as
/// KarsSREActions and announces them on the notification channels, until cancelled.
///
/// Start-up order matters for "a restart re-sends nothing": the dedupe state is first bootstrapped
/// from the existing KarsSREActions, then the event feed starts, and its first snapshot of each API
/// is absorbed silently (priming). The dedupe state is replaced from the cluster every `resync`.
public final class Watcher: Sendable {
    public let configuration: WatcherConfiguration
    public let engine: IncidentEngine
    let feed: any EventFeed
    let sink: any ActionSink
    let log: @Sendable (String) -> Void

    public init(
        configuration: WatcherConfiguration, feed: any EventFeed, reader: any ClusterReader, sink: any ActionSink,
        submit: @escaping @Sendable (IncidentNotification) -> Void, log: @escaping @Sendable (String) -> Void = { _ in },
        observer: @escaping @Sendable (DetectionRecord) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.feed = feed
        self.sink = sink
        self.log = log
        self.engine = IncidentEngine(
            configuration: configuration, reader: reader, sink: sink, submit: submit, log: log, observer: observer)
    }

    /// The usual wiring against a live API server: events from `client`, state through
    /// `LiveLoader`, actions through `ActionClient`, messages to `dispatcher`.
    public convenience init(
        configuration: WatcherConfiguration, client: KubeClient, actions: ActionClient,
        dispatcher: NotificationDispatcher?, log: @escaping @Sendable (String) -> Void = { _ in },
        observer: @escaping @Sendable (DetectionRecord) -> Void = { _ in }, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(
            configuration: configuration,
            feed: KubeEventFeed(client: client, mode: configuration.mode, fallbackInterval: configuration.fallbackPollInterval),
            reader: LiveClusterReader(client: client, now: now), sink: RemediationActionSink(client: actions),
            submit: { dispatcher?.submit($0) }, log: log, observer: observer)
    }

    /// Runs until the calling task is cancelled.
    public func run() async {
        await resync(required: true)
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
