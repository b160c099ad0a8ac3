import Foundation
import KubeModels

/// Decodes the items of a List on all cores: each item is parsed onto a `JSONTape` from its own
/// bytes and kept as those bytes. Results are joined in order by moving them, not copying: the
/// objects are written straight into their places in the final array, the events of each chunk
/// moved after one another.
enum ConcurrentListDecoder {
    private static let chunkSize = 1024

    /// The items at `ranges` (offsets into `data`), or nil when any fails to parse or decode: the
    /// caller then reads the whole document the plain way, which reports the first error exactly.
    static func decode(items ranges: [Range<Int>], of data: Data, source: String, tracksNewest: Bool) -> DecodedObjects? {
        let count = ranges.count
        guard count > 0 else { return DecodedObjects(tracksNewest: tracksNewest) }
        let chunks = (count + chunkSize - 1) / chunkSize
        let results = ChunkResults(count: chunks)
        var chunkResults: [Chunk]?
        let objectArray = [KubeObject](unsafeUninitializedCapacity: count) { buffer, initialized in
            let objects = SharedSlots(base: buffer.baseAddress!)
            decode(ranges, of: data, source: source, tracksNewest: tracksNewest, into: objects, results: results)
            chunkResults = results.all()
            if chunkResults == nil {
                for (chunk, result) in results.stored() where result != nil {
                    objects.deinitialize((chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize))
                }
                initialized = 0
            } else {
                initialized = count
            }
        }
        guard let chunkResults else { return nil }
        var all = DecodedObjects(tracksNewest: tracksNewest)
        all.objects = objectArray
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

    /// Decodes every chunk of items on all cores, each object into its slot, the rest into `results`.
    private static func decode(
        _ ranges: [Range<Int>], of data: Data, source: String, tracksNewest: Bool, into objects: SharedSlots<KubeObject>,
        results: ChunkResults
    ) {
        let count = ranges.count
        let chunks = (count + chunkSize - 1) / chunkSize
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

/// Slots of the final array written by the workers at disjoint positions.
private struct SharedSlots<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>

    func initialize(_ position: Int, to value: consuming Element) { (base + position).initialize(to: value) }

    func deinitialize(_ positions: Range<Int>) {
        (base + positions.lowerBound).deinitialize(count: positions.count)
    }
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
