import Foundation

/// The hourly execution budget: at most `limit` executions started within any `window` (default
/// 10 per hour), counted from the `status.execution.startedAt` of the actions in the cluster, so
/// every replica and restart agrees on it.
public struct ExecutionBudget: Sendable, Hashable {
    public var limit: Int
    public var window: TimeInterval

    public init(limit: Int = 10, window: TimeInterval = 3600) {
        self.limit = limit
        self.window = window
    }

    /// The verdict for starting one more execution now.
    public enum Verdict: Sendable, Equatable {
        case allowed(used: Int)
        /// Exhausted; the next slot frees at this time.
        case exhausted(used: Int, nextSlot: Date)
    }

    public func verdict(starts: [Date], now: Date) -> Verdict {
        let recent = starts.filter { now.timeIntervalSince($0) < window && $0 <= now.addingTimeInterval(1) }.sorted()
        guard recent.count >= limit else { return .allowed(used: recent.count) }
        let freeing = recent[recent.count - limit]
        return .exhausted(used: recent.count, nextSlot: freeing.addingTimeInterval(window))
    }

    /// The execution starts recorded on actions.
    public static func starts(of actions: [ActionObject]) -> [Date] {
        actions.compactMap { $0.status.execution?.startedAt }
    }
}
