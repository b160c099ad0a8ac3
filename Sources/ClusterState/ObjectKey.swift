import KubeModels

/// Identity of an object in the state: kind, namespace (nil for cluster-scoped) and name.
/// The API group is deliberately left out: the finding classes never need two kinds of one name.
public struct ObjectKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var kind: String
    public var namespace: String?
    public var name: String

    public init(kind: String, namespace: String?, name: String) {
        self.kind = kind
        self.namespace = namespace.flatMap { $0.isEmpty ? nil : $0 }
        self.name = name
    }

    public init(_ object: KubeObject) {
        self.init(kind: object.kind, namespace: object.namespace, name: object.name)
    }

    public init<T: KubeResourceModel>(_ model: T) {
        self.init(kind: T.kind, namespace: model.namespace, name: model.name)
    }

    public init?(_ reference: ObjectReference, defaultNamespace: String? = nil) {
        guard let kind = reference.kind, let name = reference.name else { return nil }
        self.init(kind: kind, namespace: reference.namespace ?? defaultNamespace, name: name)
    }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace ?? "", lhs.kind, lhs.name) < (rhs.namespace ?? "", rhs.kind, rhs.name)
    }

    /// `Kind/name` as kubectl writes it, prefixed by the namespace when there is one.
    public var description: String {
        if let namespace { return "\(namespace)/\(kind)/\(name)" }
        return "\(kind)/\(name)"
    }
}
