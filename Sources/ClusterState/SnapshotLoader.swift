import Foundation
import KubeModels

/// Reads `kubectl get -o json` output (a List, a single object, or a directory of such files) into
/// objects, so every tool can run offline on a captured cluster.
public enum SnapshotLoader {
    /// Loads one file or every `.json` file of a directory (sorted by name).
    public static func loadObjects(path: String) throws -> [KubeObject] {
        try files(at: path).flatMap { try loadFile($0) }
    }

    /// Loads several paths and builds the state.
    public static func load(paths: [String], now: Date? = nil) throws -> ClusterState {
        try load(paths: paths, now: now, phases: nil)
    }

    /// `load(paths:now:)`, timing each step into `phases`.
    package static func load(paths: [String], now: Date? = nil, phases: PhaseLog?) throws -> ClusterState {
        var decoded = DecodedObjects(tracksNewest: now == nil)
        for path in paths {
            for file in try files(at: path) {
                decoded.append(try decodeFile(file, tracksNewest: now == nil, phases: phases))
            }
        }
        return phases.measure("index state") { ClusterState(decoded: decoded, now: now) }
    }

    /// The file itself, or the `.json` files of a directory sorted by name.
    static func files(at path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ClusterStateError.unreadable(path: path, reason: "no such file or directory")
        }
        guard isDirectory.boolValue else { return [path] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw ClusterStateError.unreadable(path: path, reason: error.localizedDescription)
        }
        guard !names.isEmpty else { throw ClusterStateError.emptyDirectory(path: path) }
        return names.map { (path as NSString).appendingPathComponent($0) }
    }

    static func decodeFile(_ path: String, tracksNewest: Bool, phases: PhaseLog? = nil) throws -> DecodedObjects {
        let data: Data
        do {
            data = try phases.measure("read file") { try Data(contentsOf: URL(fileURLWithPath: path)) }
        } catch {
            throw ClusterStateError.unreadable(path: path, reason: error.localizedDescription)
        }
        return try decodeTyped(data, source: path, tracksNewest: tracksNewest, phases: phases)
    }

    /// Builds a state straight from `kubectl get -o json` bytes (a List or one object).
    public static func state(from data: Data, source: String, now: Date? = nil) throws -> ClusterState {
        ClusterState(decoded: try decodeTyped(data, source: source, tracksNewest: now == nil), now: now)
    }

    /// A List is cut into its items and each is parsed and decoded on its own, on all cores, kept
    /// as its bytes; anything else (a single object, a document with an error) is parsed whole.
    static func decodeTyped(_ data: Data, source path: String, tracksNewest: Bool, phases: PhaseLog? = nil) throws -> DecodedObjects {
        if let ranges = phases.measure("scan items", { JSONListScanner.itemRanges(in: data) }),
            let decoded = phases.measure("decode items", { ConcurrentListDecoder.decode(items: ranges, of: data, source: path, tracksNewest: tracksNewest) })
        {
            return decoded
        }
        let root = try parse(data, source: path)
        var decoded = DecodedObjects(tracksNewest: tracksNewest)
        if let items = root["items"]?.arrayValue {
            for (index, item) in items.enumerated() { try decoded.add(item: item, text: nil, index: index, source: path) }
        } else {
            try decoded.add(object: object(from: root, source: path))
        }
        return decoded
    }

    private static func parse(_ data: Data, source: String) throws -> JSONValue {
        let root: JSONValue
        do {
            root = try JSONParser.parse(data)
        } catch {
            throw ClusterStateError.notKubernetesJSON(path: source, reason: "not valid JSON: \(error)")
        }
        guard case .object = root else {
            throw ClusterStateError.notKubernetesJSON(path: source, reason: "the top level is not a JSON object")
        }
        return root
    }

    private static func object(from root: JSONValue, source: String) throws -> KubeObject {
        do {
            return try KubeObject(raw: root)
        } catch {
            throw ClusterStateError.notKubernetesJSON(path: source, reason: "no apiVersion and kind, and no items")
        }
    }

    static func loadFile(_ path: String) throws -> [KubeObject] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ClusterStateError.unreadable(path: path, reason: error.localizedDescription)
        }
        return try decodeObjects(data, source: path)
    }

    /// Decodes a List (any `*List` kind with `items`) or a single object.
    public static func decodeObjects(_ data: Data, source: String) throws -> [KubeObject] {
        let root = try parse(data, source: source)
        if let items = root["items"]?.arrayValue {
            return try items.enumerated().map { index, item in
                do {
                    return try KubeObject(raw: item)
                } catch {
                    throw ClusterStateError.notKubernetesJSON(path: source, reason: "items[\(index)] has no apiVersion or kind")
                }
            }
        }
        return [try object(from: root, source: source)]
    }
}
