import Foundation

/// At most `limit` messages in any `window` seconds, cluster-wide.
public struct SlidingWindowLimiter: Sendable {
    public let limit: Int
    public let window: TimeInterval
    private var sent: [Date] = []

    public init(limit: Int, window: TimeInterval) {
        self.limit = max(limit, 1)
        self.window = window
    }

    /// Takes a slot when one is free at `now`.
    public mutating func tryAcquire(_ now: Date) -> Bool {
        sent.removeAll { now.timeIntervalSince($0) >= window }
        guard sent.count < limit else { return false }
        sent.append(now)
        return true
    }

    /// When the next slot frees up.
    public func nextSlot(after now: Date) -> Date {
        let live = sent.filter { now.timeIntervalSince($0) < window }
        guard live.count >= limit, let oldest = live.first else { return now }
        return oldest.addingTimeInterval(window)
    }
}
