import Foundation
import KubeModels

/// Objects read from snapshot files or LISTs on their way into a `ClusterState`: every object as
/// received, the typed models sorted by kind, and (when "now" must come from the objects) the
/// newest observation time in them, taken while each object's tree is at hand.
struct DecodedObjects: Sendable {
    var objects: [KubeObject] = []
    var typed = TypedCollector()
    /// The newest observation time seen (see `ClusterState.newestTimestamp`), when tracked.
    var newest: Date?
    let tracksNewest: Bool

    init(tracksNewest: Bool) { self.tracksNewest = tracksNewest }

    /// Appends another batch after this one (order kept).
    mutating func append(_ other: DecodedObjects) {
        if objects.isEmpty { objects = other.objects } else { objects += other.objects }
        typed.append(other.typed)
        newest = Self.later(newest, other.newest)
    }

    private static func later(_ lhs: Date?, _ rhs: Date?) -> Date? {
        guard let lhs else { return rhs }
        guard let rhs else { return lhs }
        return max(lhs, rhs)
    }

    /// Adds an object given as a dynamic value, decoding its typed model.
    mutating func add(object: KubeObject) throws {
        do {
            if let model = try TypedModel.decode(object) { typed.add(model) }
        } catch let error as DecodingError {
            throw ClusterStateError.undecodable(object: ObjectKey(object).description, detail: error.readableDescription)
        }
        if tracksNewest { newest = Self.later(newest, ClusterState.newestTimestamp(in: object.raw)) }
        objects.append(object)
    }

    /// Adds one item of a List: the typed model first (a hand-written reader for the common kinds,
    /// else `Codable`), whose metadata then serves the object. With `text` (the bytes the item was
    /// parsed from) the object keeps those bytes instead of the tree.
    mutating func add(item: JSONValue, text: Data?, index: Int, source: String) throws {
        guard let kind = item["kind"]?.stringValue, let apiVersion = item["apiVersion"]?.stringValue else {
            throw ClusterStateError.notKubernetesJSON(path: source, reason: "items[\(index)] has no apiVersion or kind")
        }
        if tracksNewest { newest = Self.later(newest, ClusterState.newestTimestamp(in: item)) }
        func object(_ metadata: ObjectMeta) -> KubeObject {
            guard let text else { return KubeObject(raw: item, apiVersion: apiVersion, kind: kind, metadata: metadata) }
            return KubeObject(rawJSON: text, apiVersion: apiVersion, kind: kind, metadata: metadata)
        }
        if let event = NormalizedEvent(json: item) {
            // Events: normalised directly, metadata built by hand (the hot path).
            var metadata = ObjectMeta(name: event.name, namespace: event.namespace)
            metadata.uid = event.uid
            objects.append(object(metadata))
            typed.add(.event(event))
            return
        }
        do {
            let model = try TypedModel.decodeFast(apiVersion: apiVersion, kind: kind, tree: item)
                ?? TypedModel.decode(apiVersion: apiVersion, kind: kind) { type in try item.decode(as: type) }
            if let metadata = model?.metadata {
                objects.append(object(metadata))
            } else if let text {
                objects.append(try KubeObject(raw: item, text: text))
            } else {
                objects.append(try KubeObject(raw: item))
            }
            if let model { typed.add(model) }
        } catch let error as DecodingError {
            let name = item[path: "metadata", "name"]?.stringValue ?? "items[\(index)]"
            throw ClusterStateError.undecodable(object: "\(kind) \(name) in \(source)", detail: error.readableDescription)
        }
    }

    /// Decodes the items of a List, each parsed from its own bytes (`ranges`, offsets into `data`)
    /// and kept as those bytes, in chunks on all cores, in order. Nil when any item fails to
    /// parse or decode: the caller then reads the whole document the plain way, which reports the
    /// first error exactly.
    static func decode(items ranges: [Range<Int>], of data: Data, source: String, tracksNewest: Bool) -> DecodedObjects? {
        let chunkSize = 1024
        let chunks = (ranges.count + chunkSize - 1) / chunkSize
        let results = ChunkResults(count: chunks)
        data.withUnsafeBytes { raw in
            let bytes = SharedBytes(buffer: raw.bindMemory(to: UInt8.self))
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var decoded = DecodedObjects(tracksNewest: tracksNewest)
                let indices = (chunk * chunkSize)..<min(ranges.count, (chunk + 1) * chunkSize)
                decoded.objects.reserveCapacity(indices.count)
                for index in indices {
                    let range = ranges[index]
                    guard let item = try? JSONParser.parse(UnsafeBufferPointer(rebasing: bytes.buffer[range]), depth: 2) else { return }
                    let text = data[(data.startIndex + range.lowerBound)..<(data.startIndex + range.upperBound)]
                    guard (try? decoded.add(item: item, text: text, index: index, source: source)) != nil else { return }
                }
                results.store(chunk, decoded)
            }
        }
        return results.joined(tracksNewest: tracksNewest)
    }
}

/// The bytes of a document shared read-only by the decoding workers for the duration of the call.
private struct SharedBytes: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
}

/// Per-chunk results of a concurrent decode, joined in order; a chunk that failed stays empty.
private final class ChunkResults: @unchecked Sendable {
    private var slots: [DecodedObjects?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ result: DecodedObjects) {
        lock.withLock { slots[index] = result }
    }

    /// All chunks in order, or nil when any is missing.
    func joined(tracksNewest: Bool) -> DecodedObjects? {
        lock.withLock {
            var all = DecodedObjects(tracksNewest: tracksNewest)
            for index in slots.indices {
                guard let slot = slots[index] else { return nil }
                all.append(slot)
                slots[index] = nil
            }
            return all
        }
    }
}
