import Foundation
import KubeModels

/// Failure events that did not (yet) lead to an action, diagnosed again on a schedule.
///
/// Some failures develop after their last event: a pod on a lost node gets `NodeNotReady` and
/// `TaintManagerEviction`, and only a minute or two later is it stuck Terminating (a finding with an
/// action), with no event in between. So an event whose diagnosis found nothing to act on, or only
/// a finding without an action, stays here for `window` after it first arrived and is handed back
/// every `interval` (both on the engine's clock); an action created or reused for it ends that.
/// One entry per involved object (the newest event), at most `capacity` (the oldest go first).
struct RecheckList: Sendable {
    struct Entry: Sendable {
        var trigger: IncidentEngine.Trigger
        var until: Date
    }

    let interval: TimeInterval
    let window: TimeInterval
    let capacity: Int
    private(set) var entries: [String: Entry] = [:]
    private var nextRun: Date?

    init(interval: TimeInterval, window: TimeInterval, capacity: Int = 500) {
        self.interval = interval
        self.window = window
        self.capacity = capacity
    }

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    /// The involved object an event is about (`namespace/Kind/name`).
    static func key(_ event: NormalizedEvent) -> String {
        "\(event.object.namespace ?? event.namespace ?? "")/\(event.object.kind ?? "")/\(event.object.name ?? "")"
    }

    /// Keeps re-checking the object of each trigger (its window counts from its first event).
    mutating func watch(_ triggers: [IncidentEngine.Trigger], now: Date) {
        guard window > 0, !triggers.isEmpty else { return }
        if nextRun == nil { nextRun = now.addingTimeInterval(interval) }
        for trigger in triggers {
            let key = Self.key(trigger.event)
            if var entry = entries[key] {
                if trigger.received >= entry.trigger.received {
                    let first = min(entry.trigger.received, trigger.received)
                    entry.trigger = trigger
                    entry.trigger.received = first
                }
                entries[key] = entry
            } else {
                entries[key] = Entry(trigger: trigger, until: trigger.received.addingTimeInterval(window))
            }
        }
        if entries.count > capacity {
            let oldest = entries.sorted { $0.value.until < $1.value.until }.prefix(entries.count - capacity)
            for (key, _) in oldest { entries[key] = nil }
        }
    }

    /// Stops re-checking these objects (an action now stands for them).
    mutating func settle(_ triggers: [NormalizedEvent]) {
        for event in triggers { entries[Self.key(event)] = nil }
    }

    /// The triggers to diagnose again when a re-check is due at `now` (expired entries dropped).
    mutating func due(at now: Date) -> [IncidentEngine.Trigger]? {
        entries = entries.filter { $0.value.until > now }
        guard !entries.isEmpty else {
            nextRun = nil
            return nil
        }
        guard let next = nextRun, now >= next else { return nil }
        nextRun = now.addingTimeInterval(interval)
        return entries.values.map(\.trigger)
    }
}
