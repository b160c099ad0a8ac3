import Foundation

/// The controller's work queue: action names to reconcile, each at most once in the queue,
/// with delayed re-adds (requeue after) that keep only the earliest pending time per name.
public actor WorkQueue {
    private var queue: [String] = []
    private var queued: Set<String> = []
    private var waiter: CheckedContinuation<String?, Never>?
    private var timers: [String: (due: Date, task: Task<Void, Never>)] = [:]
    private var closed = false
    private let clock: any RemediationClock

    public init(clock: any RemediationClock) {
        self.clock = clock
    }

    public func add(_ key: String) {
        guard !closed, !queued.contains(key) else { return }
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: key)
            return
        }
        queued.insert(key)
        queue.append(key)
    }

    /// Adds `key` after `delay` seconds (unless an earlier add for it is already scheduled).
    public func add(_ key: String, after delay: TimeInterval) {
        guard !closed else { return }
        if delay <= 0 {
            add(key)
            return
        }
        let due = clock.now().addingTimeInterval(delay)
        if let existing = timers[key], existing.due <= due { return }
        timers[key]?.task.cancel()
        let clock = self.clock
        let task = Task { [weak self] in
            do { try await clock.sleep(seconds: delay) } catch { return }
            await self?.fire(key, due: due)
        }
        timers[key] = (due, task)
    }

    private func fire(_ key: String, due: Date) {
        if timers[key]?.due == due { timers[key] = nil }
        add(key)
    }

    /// The next key, waiting for one; nil once the queue is shut down or the task cancelled.
    public func next() async -> String? {
        if closed { return nil }
        if !queue.isEmpty {
            let key = queue.removeFirst()
            queued.remove(key)
            return key
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if closed || Task.isCancelled {
                    continuation.resume(returning: nil)
                } else {
                    waiter = continuation
                }
            }
        } onCancel: {
            Task { await self.shutDown() }
        }
    }

    public func shutDown() {
        closed = true
        timers.values.forEach { $0.task.cancel() }
        timers = [:]
        waiter?.resume(returning: nil)
        waiter = nil
    }
}
