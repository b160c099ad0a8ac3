import Foundation

/// Tells every live-update stream that something changed, without a polling loop per browser:
/// watches bump a version; each stream awaits a version newer than the one it rendered.
public actor ChangeHub {
    private var version = 0
    private var closed = false
    private var waiters: [UUID: (after: Int, continuation: CheckedContinuation<Int?, Never>)] = [:]

    public init() {}

    public var current: Int { version }

    /// Records a change and wakes the waiting streams.
    public func bump() {
        version += 1
        let ready = waiters.filter { $0.value.after < version }
        for (id, waiter) in ready {
            waiters[id] = nil
            waiter.continuation.resume(returning: version)
        }
    }

    /// Waits for a version newer than `after` (at most `timeout` seconds); returns the current
    /// version on timeout and nil once the hub is closed.
    public func next(after: Int, timeout: TimeInterval) async -> Int? {
        if closed { return nil }
        if version > after { return version }
        let id = UUID()
        let timer = Task { [weak self] in
            try? await Task.sleep(for: .milliseconds(Int64(timeout * 1000)))
            await self?.expire(id)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if closed || Task.isCancelled {
                    continuation.resume(returning: closed ? nil : version)
                } else {
                    waiters[id] = (after, continuation)
                }
            }
        } onCancel: {
            Task { await self.expire(id) }
        }
    }

    private func expire(_ id: UUID) {
        guard let waiter = waiters.removeValue(forKey: id) else { return }
        waiter.continuation.resume(returning: closed ? nil : version)
    }

    /// Ends every stream (server shutdown).
    public func close() {
        closed = true
        for (_, waiter) in waiters { waiter.continuation.resume(returning: nil) }
        waiters = [:]
    }
}
