import KubeModels

/// One unit of controller work: a controller (by index) and the key of the object to reconcile.
struct WorkItem: Hashable, Sendable {
    var controller: Int
    var key: ObjectKey
}

/// A FIFO of work items without duplicates, like client-go's work queue: an item added while it is
/// already waiting is processed once.
struct WorkQueue {
    private var items: [WorkItem] = []
    private var head = 0
    private var waiting: Set<WorkItem> = []

    var isEmpty: Bool { head >= items.count }
    var count: Int { items.count - head }

    mutating func add(_ item: WorkItem) {
        guard waiting.insert(item).inserted else { return }
        items.append(item)
    }

    mutating func pop() -> WorkItem? {
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 1024, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        waiting.remove(item)
        return item
    }
}

/// Delayed work (client-go's delaying queue): each item is due at the earliest time it was asked for.
/// Ordered by due time, then by insertion, so a run is deterministic.
struct TimerQueue {
    private struct Entry {
        var due: Double
        var sequence: UInt64
        var item: WorkItem
    }

    private var heap: [Entry] = []
    private var scheduled: [WorkItem: Double] = [:]
    private var sequence: UInt64 = 0

    var isEmpty: Bool { scheduled.isEmpty }
    var count: Int { scheduled.count }

    /// Schedules `item` at `due` (seconds since 1970) unless it is already due earlier.
    mutating func schedule(_ item: WorkItem, at due: Double) {
        if let existing = scheduled[item], existing <= due { return }
        scheduled[item] = due
        sequence += 1
        push(Entry(due: due, sequence: sequence, item: item))
    }

    /// The earliest due time of a live entry.
    mutating func nextDue() -> Double? {
        dropStale()
        return heap.first?.due
    }

    /// Removes and returns the items due at or before `time`, in order.
    mutating func popDue(atOrBefore time: Double) -> [WorkItem] {
        var due: [WorkItem] = []
        while true {
            dropStale()
            guard let first = heap.first, first.due <= time else { break }
            popFirst()
            scheduled[first.item] = nil
            due.append(first.item)
        }
        return due
    }

    private mutating func dropStale() {
        while let first = heap.first, scheduled[first.item] != first.due {
            popFirst()
        }
    }

    private static func before(_ lhs: Entry, _ rhs: Entry) -> Bool {
        lhs.due == rhs.due ? lhs.sequence < rhs.sequence : lhs.due < rhs.due
    }

    private mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popFirst() {
        guard !heap.isEmpty else { return }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = parent * 2 + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, Self.before(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, Self.before(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
