import Foundation

/// What the engine does between events: re-diagnosing failures that had no action yet, and keeping
/// the cool-down of findings without an action in the `CooldownStore`.
extension IncidentEngine {
    /// Starts a re-check cycle when one is due on the engine's clock (called every second or so by
    /// `Watcher.run`; cheap when nothing is due). Skipped while a cycle is running or scheduled.
    public func recheckIfDue() {
        guard !cycleRunning, !cycleScheduled, let triggers = recheck.due(at: now()) else {
            stats.rechecking = recheck.count
            return
        }
        stats.rechecks += 1
        stats.rechecking = recheck.count
        pending += triggers
        scheduleCycle(after: .zero)
    }

    /// Reads the persisted cool-down (start-up, before the first event). Entries whose cool-down is
    /// over are ignored; a store that cannot be read leaves the cool-down in memory only.
    public func restoreCooldown() async {
        guard let cooldownStore else { return }
        do {
            let stored = try await cooldownStore.load()
            let current = now()
            for (key, at) in stored where current.timeIntervalSince(at) < configuration.cooldown {
                announced[key] = max(announced[key] ?? at, at)
                stats.cooldownsRestored += 1
            }
        } catch {
            log("watch: reading the cool-down state failed (announcements will be remembered in memory only): \(error)")
        }
    }

    /// Writes new announcements in the background (one write at a time; a failed write is retried
    /// with the next announcement).
    func persistCooldown() {
        guard cooldownStore != nil, !saving, !unsaved.isEmpty else { return }
        saving = true
        Task { await self.saveCooldown() }
    }

    func saveCooldown() async {
        guard let cooldownStore else { return }
        while !unsaved.isEmpty {
            let batch = unsaved
            unsaved = [:]
            let current = now()
            let expired = Set(announced.filter { current.timeIntervalSince($0.value) >= configuration.cooldown }.keys)
            for key in expired { announced[key] = nil }
            do {
                try await cooldownStore.save(batch, forget: expired.subtracting(batch.keys))
            } catch {
                stats.cooldownSaveFailures += 1
                log("watch: saving the cool-down state failed (kept in memory, retried with the next announcement): \(error)")
                unsaved.merge(batch) { max($0, $1) }
                break
            }
        }
        saving = false
    }
}
