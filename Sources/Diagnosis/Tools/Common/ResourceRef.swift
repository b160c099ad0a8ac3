import ClusterState
import KubeModels

/// An object named in a tool result: kind, namespace (nil when cluster-scoped) and name.
public struct ResourceRef: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var kind: String
    public var namespace: String?
    public var name: String

    public init(kind: String, namespace: String?, name: String) {
        self.kind = kind
        self.namespace = namespace.flatMap { $0.isEmpty ? nil : $0 }
        self.name = name
    }

    public init(_ key: ObjectKey) { self.init(kind: key.kind, namespace: key.namespace, name: key.name) }

    public var key: ObjectKey { ObjectKey(kind: kind, namespace: namespace, name: name) }

    /// `Kind/name`, as kubectl writes it.
    public var kindAndName: String { "\(kind)/\(name)" }

    /// `namespace/Kind/name`, or `Kind/name` when cluster-scoped.
    public var description: String { namespace.map { "\($0)/\(kind)/\(name)" } ?? kindAndName }

    public static func < (lhs: ResourceRef, rhs: ResourceRef) -> Bool {
        (lhs.namespace ?? "", lhs.kind, lhs.name) < (rhs.namespace ?? "", rhs.kind, rhs.name)
    }
}
