import Foundation
import KubeModels

/// Turns feed items into new failure occurrences: an event counts once per (uid, count, last
/// seen), whichever API it arrives from; the first snapshot of each API primes the set silently
/// (what already happened before the watcher started is not news), later snapshots (relists,
/// polls) yield only what was not seen.
public struct EventDeduplicator: Sendable {
    private var seen: Set<String> = []
    private var order: [String] = []
    private var primed: Set<String> = []
    public let capacity: Int

    public init(capacity: Int = 200_000) { self.capacity = capacity }

    static func key(_ event: NormalizedEvent) -> String {
        let identity = event.uid ?? "\(event.namespace ?? "")/\(event.name)"
        return "\(identity)|\(event.count)|\(event.lastSeen?.timeIntervalSince1970 ?? 0)"
    }

    /// Whether the API's first snapshot has arrived.
    public func isPrimed(_ api: String) -> Bool { primed.contains(api) }

    /// The events of `item` not seen before (none for a priming snapshot).
    public mutating func fresh(_ item: FeedItem) -> [NormalizedEvent] {
        switch item {
        case .snapshot(let api, let events):
            if !primed.contains(api) {
                primed.insert(api)
                for event in events { remember(Self.key(event)) }
                return []
            }
            return events.filter { remember(Self.key($0)) }
        case .event(let event):
            return remember(Self.key(event)) ? [event] : []
        case .notice:
            return []
        }
    }

    /// Records a key; true when it is new.
    @discardableResult
    mutating func remember(_ key: String) -> Bool {
        guard seen.insert(key).inserted else { return false }
        order.append(key)
        if order.count > capacity {
            let drop = order.count - capacity * 3 / 4
            for old in order.prefix(drop) { seen.remove(old) }
            order.removeFirst(drop)
        }
        return true
    }
}
