import Foundation
import KubeModels

/// Reads `kubectl get -o json` output (a List, a single object, or a directory of such files) into
/// objects, so every tool can run offline on a captured cluster.
public enum SnapshotLoader {
    /// Loads one file or every `.json` file of a directory (sorted by name).
    public static func loadObjects(path: String) throws -> [KubeObject] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ClusterStateError.unreadable(path: path, reason: "no such file or directory")
        }
        if isDirectory.boolValue {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".json") }.sorted()
            } catch {
                throw ClusterStateError.unreadable(path: path, reason: error.localizedDescription)
            }
            guard !names.isEmpty else { throw ClusterStateError.emptyDirectory(path: path) }
            return try names.flatMap { try loadFile((path as NSString).appendingPathComponent($0)) }
        }
        return try loadFile(path)
    }

    /// Loads several paths and builds the state.
    public static func load(paths: [String], now: Date? = nil) throws -> ClusterState {
        try ClusterState(objects: paths.flatMap { try loadObjects(path: $0) }, now: now)
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
        // Fast path: a List whose items all carry apiVersion and kind decodes in one pass.
        if let list = try? KubeJSON.decoder.decode(ObjectListEnvelope.self, from: data) { return list.items }
        let root: JSONValue
        do {
            root = try KubeJSON.decoder.decode(JSONValue.self, from: data)
        } catch {
            throw ClusterStateError.notKubernetesJSON(path: source, reason: "not valid JSON")
        }
        guard case .object = root else {
            throw ClusterStateError.notKubernetesJSON(path: source, reason: "the top level is not a JSON object")
        }
        if let items = root["items"]?.arrayValue {
            var objects: [KubeObject] = []
            objects.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                do {
                    objects.append(try KubeObject(raw: item))
                } catch {
                    throw ClusterStateError.notKubernetesJSON(path: source, reason: "items[\(index)] has no apiVersion or kind")
                }
            }
            return objects
        }
        do {
            return [try KubeObject(raw: root)]
        } catch {
            throw ClusterStateError.notKubernetesJSON(path: source, reason: "no apiVersion and kind, and no items")
        }
    }
}

/// The `items` of a List, each decoded straight into a `KubeObject`.
struct ObjectListEnvelope: Decodable {
    var items: [KubeObject]
}
