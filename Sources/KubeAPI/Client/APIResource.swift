import Foundation

/// Identifies one kind of object on the API server (group, version, plural resource name, kind,
/// scope) and builds its URL paths. Every verb of `KubeClient` takes one, so the same code works
/// for built-in kinds, CRDs such as KarsSREAction, and kinds discovered at runtime.
public struct APIResource: Sendable, Hashable, CustomStringConvertible {
    /// API group; empty for the core group (`/api/v1`).
    public var group: String
    public var version: String
    /// Plural resource name as used in URLs (`pods`, `karssreactions`).
    public var name: String
    public var kind: String
    public var namespaced: Bool

    public init(group: String, version: String, name: String, kind: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.name = name
        self.kind = kind
        self.namespaced = namespaced
    }

    /// `v1` or `apps/v1`: the apiVersion field of objects of this resource.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `/api/v1` or `/apis/apps/v1`.
    public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// `pods` or `deployments.apps`, as kubectl names resources.
    public var description: String { group.isEmpty ? name : "\(name).\(group)" }

    /// The URL path of the collection or of one object, optionally with a subresource:
    /// `/api/v1/namespaces/NS/pods/NAME/log`, `/apis/apps/v1/deployments` (all namespaces),
    /// `/api/v1/nodes/NAME`. A namespace given for a cluster-scoped resource is ignored, as kubectl does.
    public func path(namespace: String? = nil, name objectName: String? = nil, subresource: String? = nil) throws
        -> String
    {
        var path = groupVersionPath
        if namespaced {
            if let namespace, !namespace.isEmpty {
                path += "/namespaces/\(Self.escape(namespace))"
            } else if objectName != nil {
                throw KubeAPIError.invalidRequest(
                    "\(description) is namespaced: a namespace is required to address \"\(objectName ?? "")\"")
            }
        }
        path += "/\(name)"
        if let objectName {
            guard !objectName.isEmpty else { throw KubeAPIError.invalidRequest("empty object name for \(description)") }
            path += "/\(Self.escape(objectName))"
        }
        if let subresource {
            guard objectName != nil else {
                throw KubeAPIError.invalidRequest("subresource \(subresource) needs an object name")
            }
            path += "/\(subresource)"
        }
        return path
    }

    private static let pathAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~:@")
        return set
    }()

    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: pathAllowed) ?? segment
    }
}
