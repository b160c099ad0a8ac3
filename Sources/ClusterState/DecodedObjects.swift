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

    static func later(_ lhs: Date?, _ rhs: Date?) -> Date? {
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
        if let event = NormalizedEvent(json: item) {
            add(event: event, object: object(item, text: text, apiVersion: apiVersion, kind: kind))
            return
        }
        objects.append(try decode(item: item, kind: kind, apiVersion: apiVersion, text: text, index: index, source: source))
    }

    /// One item of a List parsed onto a tape (from `text`), as `add(item:text:index:source:)` reads
    /// it: events and the kinds with hand-written readers straight from the bytes, anything else (or
    /// anything those readers leave to `Codable`) through the tree, with the same result and errors.
    /// The newest time and non-event models go into `self`; the object and the event are returned.
    mutating func read(tape: JSONTape, text: Data, index: Int, source: String) throws -> (object: KubeObject, event: NormalizedEvent?) {
        let item = tape.root
        guard let kind = item["kind"]?.stringValue, let apiVersion = item["apiVersion"]?.stringValue else {
            throw ClusterStateError.notKubernetesJSON(path: source, reason: "items[\(index)] has no apiVersion or kind")
        }
        if tracksNewest { newest = Self.later(newest, tape.newestTime(forKeys: ClusterState.observationTimeKeySet)) }
        if let event = NormalizedEvent(tape: item) {
            return (object(nil, text: text, apiVersion: apiVersion, kind: kind)(Self.metadata(of: event)), event)
        }
        if let model = TypedModel.decodeFast(apiVersion: apiVersion, kind: kind, tape: item), let metadata = model.metadata {
            typed.add(model)
            return (KubeObject(rawJSON: text, apiVersion: apiVersion, kind: kind, metadata: metadata), nil)
        }
        return (try decode(item: item.jsonValue, kind: kind, apiVersion: apiVersion, text: text, index: index, source: source), nil)
    }

    /// Makes the object for an item with the given metadata: kept as its text when there is one.
    private func object(_ item: JSONValue?, text: Data?, apiVersion: String, kind: String) -> (ObjectMeta) -> KubeObject {
        { metadata in
            guard let text else { return KubeObject(raw: item ?? .null, apiVersion: apiVersion, kind: kind, metadata: metadata) }
            return KubeObject(rawJSON: text, apiVersion: apiVersion, kind: kind, metadata: metadata)
        }
    }

    /// Events: normalised directly, metadata built by hand (the hot path).
    private mutating func add(event: NormalizedEvent, object: (ObjectMeta) -> KubeObject) {
        objects.append(object(Self.metadata(of: event)))
        typed.add(.event(event))
    }

    /// The metadata an event's object keeps: its name, namespace and uid.
    private static func metadata(of event: NormalizedEvent) -> ObjectMeta {
        var metadata = ObjectMeta(name: event.name, namespace: event.namespace)
        metadata.uid = event.uid
        return metadata
    }

    /// The typed model of a non-event item (hand-written reader, else `Codable`, added to `typed`)
    /// and its object.
    private mutating func decode(item: JSONValue, kind: String, apiVersion: String, text: Data?, index: Int, source: String) throws -> KubeObject {
        let object = object(item, text: text, apiVersion: apiVersion, kind: kind)
        do {
            let model = try TypedModel.decodeFast(apiVersion: apiVersion, kind: kind, tree: item)
                ?? TypedModel.decode(apiVersion: apiVersion, kind: kind) { type in try item.decode(as: type) }
            let result: KubeObject
            if let metadata = model?.metadata {
                result = object(metadata)
            } else if let text {
                result = try KubeObject(raw: item, text: text)
            } else {
                result = try KubeObject(raw: item)
            }
            if let model { typed.add(model) }
            return result
        } catch let error as DecodingError {
            let name = item[path: "metadata", "name"]?.stringValue ?? "items[\(index)]"
            throw ClusterStateError.undecodable(object: "\(kind) \(name) in \(source)", detail: error.readableDescription)
        }
    }
}
