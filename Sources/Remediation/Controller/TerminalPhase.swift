import Foundation

/// Terminal phases: nothing changes any more; the action is deleted an hour (the retention) after
/// it ended.
extension Reconciler {
    func reconcileTerminal(_ action: ActionObject) async throws -> TimeInterval? {
        let now = clock.now()
        let ended = action.status.completedAt ?? action.createdAt ?? now
        let due = ended.addingTimeInterval(configuration.retention)
        guard now >= due else { return max(0.05, due.timeIntervalSince(now)) }
        try await store.delete(action)
        await schedule.forget(action.name)
        return nil
    }
}
