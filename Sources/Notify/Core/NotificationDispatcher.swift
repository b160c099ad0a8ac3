import Foundation
import Synchronization

/// What happened to one message on one channel (for logs, `/status` and tests).
public struct DeliveryRecord: Sendable, Hashable {
    public var channel: String
    public var key: String
    /// When the watcher handed the message over (`submit`).
    public var handedAt: Date
    public var finishedAt: Date
    /// nil when delivered; otherwise why not (never contains credentials).
    public var failure: String?
}

/// Fans messages out to every channel without ever making the caller wait: each channel has its own
/// bounded queue and worker task, so a channel that answers 500 or hangs delays neither detection
/// nor the other channels. A full queue drops the oldest waiting message of that channel only.
public final class NotificationDispatcher: Sendable {
    private struct Lane: Sendable {
        let notifier: any Notifier
        let continuation: AsyncStream<(IncidentNotification, Date)>.Continuation
    }

    private let lanes: [Lane]
    private let workers: [Task<Void, Never>]
    private let records = DeliveryLog()
    private let log: @Sendable (String) -> Void

    /// - Parameters:
    ///   - sendTimeout: the longest one message may take on a channel, retries included.
    ///   - queueCapacity: messages waiting per channel before the oldest is dropped.
    ///   - metrics: counts each delivery as sent or failed (`kars_sre_notifications_total`).
    public init(
        channels: [any Notifier], sendTimeout: Duration = .seconds(60), queueCapacity: Int = 100,
        log: @escaping @Sendable (String) -> Void = { _ in }, metrics: NotificationMetrics = .off
    ) {
        self.log = log
        var lanes: [Lane] = []
        var streams: [AsyncStream<(IncidentNotification, Date)>] = []
        for channel in channels {
            let (stream, continuation) = AsyncStream.makeStream(
                of: (IncidentNotification, Date).self, bufferingPolicy: .bufferingNewest(max(queueCapacity, 1)))
            lanes.append(Lane(notifier: channel, continuation: continuation))
            streams.append(stream)
        }
        self.lanes = lanes
        let records = self.records
        workers = zip(channels, streams).map { channel, stream in
            Task {
                for await (notification, handedAt) in stream {
                    let failure = await Self.deliver(notification, to: channel, timeout: sendTimeout)
                    let record = DeliveryRecord(
                        channel: channel.name, key: notification.key, handedAt: handedAt, finishedAt: Date(),
                        failure: failure)
                    records.append(record)
                    metrics.delivered(failed: failure != nil)
                    if let failure { log("notify: \(failure)") }
                }
            }
        }
    }

    /// The channel names, in order.
    public var channelNames: [String] { lanes.map(\.notifier.name) }

    /// Queues the message on every channel and returns at once.
    public func submit(_ notification: IncidentNotification) {
        let now = Date()
        for lane in lanes { lane.continuation.yield((notification, now)) }
    }

    /// Deliveries so far (the newest 1000).
    public var deliveries: [DeliveryRecord] { records.entries }

    /// Stops taking messages, lets queued ones go out (each within its timeout), then closes the channels.
    public func shutdown() async {
        for lane in lanes { lane.continuation.finish() }
        for worker in workers { await worker.value }
        for lane in lanes { await lane.notifier.shutdown() }
    }

    /// Stops at once: queued messages are dropped, sends in flight cancelled.
    public func cancel() async {
        for lane in lanes { lane.continuation.finish() }
        for worker in workers { worker.cancel() }
        for worker in workers { await worker.value }
        for lane in lanes { await lane.notifier.shutdown() }
    }

    /// Sends with a deadline; returns the failure text or nil.
    static func deliver(_ notification: IncidentNotification, to channel: any Notifier, timeout: Duration) async
        -> String?
    {
        let timedOut = TimeoutFlag()
        let send = Task {
            do {
                try await channel.send(notification)
                return String?.none
            } catch is CancellationError {
                return "\(channel.name): no answer within \(timeout) (cancelled)"
            } catch {
                return "\(error)"
            }
        }
        let watchdog = Task {
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled {
                timedOut.set()
                send.cancel()
            }
        }
        let result = await withTaskCancellationHandler {
            await send.value
        } onCancel: {
            send.cancel()
        }
        watchdog.cancel()
        return timedOut.isSet ? "\(channel.name): no answer within \(timeout)" : result
    }
}

/// Set once by the watchdog when a send ran out of time.
private final class TimeoutFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// The newest 1000 delivery records, shared with the channel workers.
private final class DeliveryLog: Sendable {
    private let list = Mutex<[DeliveryRecord]>([])

    func append(_ record: DeliveryRecord) {
        list.withLock { entries in
            entries.append(record)
            if entries.count > 1000 { entries.removeFirst(entries.count - 1000) }
        }
    }

    var entries: [DeliveryRecord] { list.withLock { $0 } }
}
