import KubeModels

/// Which namespaces the watcher reports on: include and exclude globs (`*` and `?`), exclude wins.
/// The default watches KARS workloads (`kars-*`) and leaves out the platform's own namespaces.
/// Cluster-scoped objects (nodes) are always in scope.
public struct NamespaceScope: Sendable, Hashable, CustomStringConvertible {
    public var include: [String]
    public var exclude: [String]

    public static let defaultInclude = ["kars-*"]
    public static let defaultExclude = ["kars-sre", "kars-system", "kube-*", "agentmesh", "default"]

    public init(include: [String] = NamespaceScope.defaultInclude, exclude: [String] = NamespaceScope.defaultExclude) {
        self.include = include
        self.exclude = exclude
    }

    /// Every namespace (`-A`): nothing excluded.
    public static let all = NamespaceScope(include: ["*"], exclude: [])

    public func contains(_ namespace: String?) -> Bool {
        guard let namespace, !namespace.isEmpty else { return true }
        if exclude.contains(where: { Self.matches($0, namespace) }) { return false }
        return include.contains { Self.matches($0, namespace) }
    }

    /// Glob match with `*` (any run) and `?` (one character).
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        Glob.matches(text, pattern: pattern)
    }

    public var description: String {
        "include \(include.joined(separator: ",")) exclude \(exclude.isEmpty ? "none" : exclude.joined(separator: ","))"
    }
}
