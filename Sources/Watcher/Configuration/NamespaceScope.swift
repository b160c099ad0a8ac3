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
        let p = Array(pattern)
        let t = Array(text)
        var (pi, ti) = (0, 0)
        var star = -1
        var mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    public var description: String {
        "include \(include.joined(separator: ",")) exclude \(exclude.isEmpty ? "none" : exclude.joined(separator: ","))"
    }
}
