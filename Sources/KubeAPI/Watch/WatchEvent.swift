import Foundation
import KubeModels

/// One event of a watch stream. ERROR carries the server's Status (410 Gone means the
/// resourceVersion is too old and the caller must relist); BOOKMARK only advances the
/// resourceVersion.
public enum WatchEvent<Object: Sendable>: Sendable {
    case added(Object)
    case modified(Object)
    case deleted(Object)
    case bookmark(resourceVersion: String)
    case error(Status)

    /// The wire name: ADDED, MODIFIED, DELETED, BOOKMARK, ERROR.
    public var type: String {
        switch self {
        case .added: return "ADDED"
        case .modified: return "MODIFIED"
        case .deleted: return "DELETED"
        case .bookmark: return "BOOKMARK"
        case .error: return "ERROR"
        }
    }

    /// The object of ADDED/MODIFIED/DELETED.
    public var object: Object? {
        switch self {
        case .added(let object), .modified(let object), .deleted(let object): return object
        case .bookmark, .error: return nil
        }
    }

    /// Converts the object type (e.g. JSONValue to a typed model).
    public func map<Other: Sendable>(_ transform: (Object) throws -> Other) rethrows -> WatchEvent<Other> {
        switch self {
        case .added(let object): return .added(try transform(object))
        case .modified(let object): return .modified(try transform(object))
        case .deleted(let object): return .deleted(try transform(object))
        case .bookmark(let version): return .bookmark(resourceVersion: version)
        case .error(let status): return .error(status)
        }
    }
}

extension WatchEvent: Equatable where Object: Equatable {}

extension WatchEvent where Object == JSONValue {
    /// Parses one line of a watch stream (`{"type":"ADDED","object":{...}}`).
    public static func parse(line: Data, resource: APIResource? = nil) throws -> WatchEvent<JSONValue> {
        guard let value = try? KubeJSON.decoder.decode(JSONValue.self, from: line) else {
            throw KubeAPIError.decoding(request: "watch", problem: "event is not JSON (\(line.count) bytes)")
        }
        guard let type = value["type"]?.stringValue, var object = value["object"] else {
            throw KubeAPIError.decoding(request: "watch", problem: "event without type or object")
        }
        if let resource, object.objectValue != nil, type != "ERROR", type != "BOOKMARK" {
            if object["apiVersion"] == nil { object["apiVersion"] = .string(resource.apiVersion) }
            if object["kind"] == nil { object["kind"] = .string(resource.kind) }
        }
        switch type {
        case "ADDED": return .added(object)
        case "MODIFIED": return .modified(object)
        case "DELETED": return .deleted(object)
        case "BOOKMARK":
            return .bookmark(resourceVersion: object[path: "metadata", "resourceVersion"]?.stringValue ?? "")
        case "ERROR":
            let status =
                (try? object.decode(as: Status.self))
                ?? Status(message: "watch error", reason: "InternalError", code: 500)
            return .error(status)
        default:
            throw KubeAPIError.decoding(request: "watch", problem: "unknown event type \(type)")
        }
    }
}
