import KubeModels

/// The bounded window of recent changes a watch can resume from.
///
/// Exists so that a watch from a recent resourceVersion replays what it missed, and one from a
/// version older than the window gets `410 Gone` (`too old resource version`), as with etcd compaction.
struct WatchHistory: Sendable {
    struct Entry: Sendable {
        var type: WatchEventType
        var resource: GroupResource
        var object: StoredObject
        var oldObject: JSONValue?
    }

    let capacity: Int
    private(set) var entries: [Entry] = []
    /// Every change at or below this version has left the window.
    private(set) var compactedRevision: UInt64 = 0

    init(capacity: Int) { self.capacity = max(capacity, 16) }

    mutating func append(_ entry: Entry) {
        entries.append(entry)
        if entries.count > capacity + capacity / 4 {
            let drop = entries.count - capacity
            compactedRevision = entries[drop - 1].object.resourceVersion
            entries.removeFirst(drop)
        }
    }

    /// Drops everything up to `revision` (fault injection and tests).
    mutating func compact(through revision: UInt64) {
        entries.removeAll { $0.object.resourceVersion <= revision }
        compactedRevision = max(compactedRevision, revision)
    }

    func entries(after revision: UInt64, resource: GroupResource) -> [Entry] {
        // Binary search for the first entry after the revision.
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].object.resourceVersion <= revision { low = middle + 1 } else { high = middle }
        }
        return entries[low...].filter { $0.resource == resource }
    }
}
