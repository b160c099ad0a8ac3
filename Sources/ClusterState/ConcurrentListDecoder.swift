import Foundation
import KubeModels

/// Decodes the items of a List on all cores: each item is parsed onto a `JSONTape` from its own
/// bytes and kept as those bytes. Results are joined in order by moving them, not copying: the
/// objects are written straight into their final places, the events of each chunk moved after
/// one another.
enum ConcurrentListDecoder {
    private static let chunkSize = 1024

    /// The items at `ranges` (offsets into `data`), or nil when any fails to parse or decode: the
    /// caller then reads the whole document the plain way, which reports the first error exactly.
    static func decode(items ranges: [Range<Int>], of data: Data, source: String, tracksNewest: Bool) -> DecodedObjects? {
        let count = ranges.count
        let chunks = (count + chunkSize - 1) / chunkSize
        let objects = SharedSlots<KubeObject>(count: count)
        let results = ChunkResults(count: chunks)
        data.withUnsafeBytes { raw in
            let bytes = SharedBytes(buffer: raw.bindMemory(to: UInt8.self))
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let indices = (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize)
                var decoded = DecodedObjects(tracksNewest: tracksNewest)
                let events = MovableList<NormalizedEvent>(capacity: indices.count)
                let tape = JSONTape()
                for index in indices {
                    let range = ranges[index]
                    let text = data[(data.startIndex + range.lowerBound)..<(data.startIndex + range.upperBound)]
                    guard (try? tape.parse(UnsafeBufferPointer(rebasing: bytes.buffer[range]), depth: 2)) != nil,
                        let item = try? decoded.read(tape: tape, text: text, index: index, source: source)
                    else {
                        objects.deinitialize(indices.lowerBound..<index)
                        return
                    }
                    objects.initialize(index, to: item.object)
                    if let event = item.event { events.append(event) }
                }
                results.store(chunk, Chunk(decoded: decoded, events: events))
            }
        }
        guard let chunkResults = results.all() else {
            for (chunk, result) in results.stored() where result != nil {
                objects.deinitialize((chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize))
            }
            return nil
        }
        var all = DecodedObjects(tracksNewest: tracksNewest)
        all.objects = objects.moveToArray()
        let eventCount = chunkResults.reduce(0) { $0 + $1.events.count }
        all.typed.events = Array(unsafeUninitializedCapacity: eventCount) { buffer, initialized in
            var offset = 0
            for result in chunkResults {
                let moved = result.events.count
                result.events.moveAll(to: buffer.baseAddress! + offset)
                offset += moved
            }
            initialized = offset
        }
        for result in chunkResults {
            all.typed.append(result.decoded.typed)
            all.newest = DecodedObjects.later(all.newest, result.decoded.newest)
        }
        return all
    }

    /// What one chunk decoded besides its objects.
    fileprivate struct Chunk: @unchecked Sendable {
        var decoded: DecodedObjects
        let events: MovableList<NormalizedEvent>
    }
}

/// The bytes of a document shared read-only by the decoding workers for the duration of the call.
private struct SharedBytes: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
}

/// Slots written by the workers at disjoint positions, then moved into an array in one piece.
private final class SharedSlots<Element>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Element>
    private let count: Int
    private var moved = false

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
    }

    func initialize(_ position: Int, to value: consuming Element) { (base + position).initialize(to: value) }

    func deinitialize(_ positions: Range<Int>) {
        (base + positions.lowerBound).deinitialize(count: positions.count)
    }

    /// Every slot, all initialized, moved into an array.
    func moveToArray() -> [Element] {
        moved = true
        return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { buffer.baseAddress!.moveInitialize(from: base, count: count) }
            initialized = count
        }
    }

    deinit { base.deallocate() }
}

/// Values appended by one worker, later moved out in one piece (no copy of each value).
private final class MovableList<Element>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Element>
    private let capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: max(capacity, 1))
    }

    func append(_ value: consuming Element) {
        precondition(count < capacity, "MovableList is full")
        (base + count).initialize(to: value)
        count += 1
    }

    func moveAll(to destination: UnsafeMutablePointer<Element>) {
        destination.moveInitialize(from: base, count: count)
        count = 0
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}

/// Per-chunk results of a concurrent decode; a chunk that failed stays empty.
private final class ChunkResults: @unchecked Sendable {
    private var slots: [ConcurrentListDecoder.Chunk?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ result: ConcurrentListDecoder.Chunk) {
        lock.withLock { slots[index] = result }
    }

    /// Every chunk in order, or nil when any failed.
    func all() -> [ConcurrentListDecoder.Chunk]? {
        lock.withLock {
            var all: [ConcurrentListDecoder.Chunk] = []
            for slot in slots {
                guard let slot else { return nil }
                all.append(slot)
            }
            return all
        }
    }

    /// Each chunk's result by position (nil where it failed).
    func stored() -> [(Int, ConcurrentListDecoder.Chunk?)] {
        lock.withLock { Array(slots.enumerated()) }
    }
}
