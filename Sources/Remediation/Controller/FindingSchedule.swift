import Foundation

/// When each waiting action's finding was last re-checked, so a Proposed action is re-diagnosed
/// every `findingRecheck` seconds rather than on every event.
actor FindingSchedule {
    private var lastCheck: [String: Date] = [:]

    func isDue(_ name: String, now: Date, interval: TimeInterval) -> Bool {
        guard let last = lastCheck[name] else { return true }
        return now.timeIntervalSince(last) >= interval
    }

    func checked(_ name: String, at date: Date) { lastCheck[name] = date }

    func forget(_ name: String) { lastCheck[name] = nil }
}
