import KubeModels

/// The set of resource types currently served: the built-ins plus those added by CRDs.
///
/// Exists so that routing (group/version/resource), loading (apiVersion/kind) and storage
/// (group/resource) resolve types the same way, and so CRDs can come and go at run time.
public struct ResourceRegistry: Sendable {
    private(set) var types: [GroupResource: ResourceType] = [:]
    private var byKind: [String: GroupResource] = [:]

    /// The built-in types of a 1.32 API server.
    public init() {
        for type in BuiltinTypes.all { register(type) }
    }

    public mutating func register(_ type: ResourceType) {
        if let old = types[type.groupResource] {
            byKind[Self.kindKey(group: old.group, kind: old.kind)] = nil
        }
        types[type.groupResource] = type
        byKind[Self.kindKey(group: type.group, kind: type.kind)] = type.groupResource
    }

    public mutating func unregister(_ resource: GroupResource) {
        guard let type = types.removeValue(forKey: resource) else { return }
        byKind[Self.kindKey(group: type.group, kind: type.kind)] = nil
    }

    public subscript(resource: GroupResource) -> ResourceType? { types[resource] }

    /// The type serving `resource` in `group` at `version`.
    public func lookup(group: String, version: String, resource: String) -> ResourceType? {
        guard let type = types[GroupResource(group: group, resource: resource)], type.versions.contains(version) else {
            return nil
        }
        return type
    }

    /// The type for an `apiVersion`/`kind` pair, preferring the real store over views.
    public func lookup(apiVersion: String, kind: String) -> ResourceType? {
        let group = apiVersion.contains("/") ? String(apiVersion.split(separator: "/")[0]) : ""
        guard let resource = byKind[Self.kindKey(group: group, kind: kind)] else { return nil }
        return types[resource]
    }

    public var all: [ResourceType] { types.values.sorted { $0.groupResource < $1.groupResource } }

    /// Groups with their versions, `""` (core) excluded, in a stable order (built-in groups first).
    public var groups: [(name: String, versions: [String])] {
        var order: [String] = []
        var versions: [String: [String]] = [:]
        for type in BuiltinTypes.all where !type.group.isEmpty && !order.contains(type.group) {
            order.append(type.group)
        }
        for type in all where !type.group.isEmpty {
            if !order.contains(type.group) { order.append(type.group) }
            for version in type.versions where !(versions[type.group] ?? []).contains(version) {
                versions[type.group, default: []].append(version)
            }
        }
        return order.compactMap { name in
            guard let list = versions[name] else { return nil }
            return (name, Self.sortVersions(list))
        }
    }

    public func types(group: String, version: String) -> [ResourceType] {
        all.filter { $0.group == group && $0.versions.contains(version) }
    }

    private static func kindKey(group: String, kind: String) -> String { "\(group)/\(kind)" }

    /// Kubernetes version priority: GA > beta > alpha, higher numbers first.
    static func sortVersions(_ versions: [String]) -> [String] {
        func rank(_ version: String) -> (Int, Int, Int) {
            let body = version.dropFirst()
            let digits = Int(body.prefix { $0.isNumber }) ?? 0
            let rest = body.drop { $0.isNumber }
            if rest.isEmpty { return (3, digits, 0) }
            let stage = rest.hasPrefix("beta") ? 2 : rest.hasPrefix("alpha") ? 1 : 0
            let minor = Int(rest.drop { !$0.isNumber }) ?? 0
            return (stage, digits, minor)
        }
        return versions.sorted { rank($0) > rank($1) }
    }
}
