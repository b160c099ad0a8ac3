import KubeAPI
import KubeModels

/// The ceilings of what a one-shot grant may contain: ClusterRoles `kars-sre-writer-quotas` and
/// `kars-sre-writer-workloads` (deploy/rbac/writer-ceilings.yaml). Every rule of a one-shot Role
/// must be covered by a rule of one of them, or execution is refused.
public struct WriterCeilings: Sendable {
    public static let defaultNames = ["kars-sre-writer-quotas", "kars-sre-writer-workloads"]

    public var names: [String]

    public init(names: [String] = WriterCeilings.defaultNames) {
        self.names = names
    }

    /// The ceiling rules, read from the cluster.
    public func load(reader: KubeClient) async throws -> [PolicyRule] {
        var rules: [PolicyRule] = []
        for name in names {
            do {
                let role = try await reader.get(.clusterRoles, name: name, as: ClusterRole.self)
                rules += role.rules ?? []
            } catch let error as KubeAPIError where error.isNotFound {
                throw RemediationError.beyondCeiling(
                    "ClusterRole \(name) (a writer ceiling) is not installed: apply deploy/rbac/writer-ceilings.yaml")
            }
        }
        return rules
    }

    /// Throws `beyondCeiling` naming the first permission no ceiling covers.
    public func check(_ rules: [PolicyRule], reader: KubeClient) async throws {
        let ceiling = try await load(reader: reader)
        if let problem = Self.uncovered(rules, by: ceiling) {
            throw RemediationError.beyondCeiling("refusing a one-shot grant beyond the writer ceilings: \(problem)")
        }
    }

    /// The first permission of `rules` that `ceiling` does not cover, described; nil when all are.
    public static func uncovered(_ rules: [PolicyRule], by ceiling: [PolicyRule]) -> String? {
        for rule in rules {
            if rule.nonResourceURLs?.isEmpty == false { return "non-resource URLs are never granted" }
            for group in rule.apiGroups ?? [""] {
                for resource in rule.resources ?? [] {
                    for verb in rule.verbs {
                        let names = rule.resourceNames ?? []
                        if names.isEmpty {
                            if !ceiling.contains(where: { covers($0, group, resource, verb, name: nil) }) {
                                return "\(verb) \(display(group, resource))"
                            }
                        }
                        for name in names where !ceiling.contains(where: { covers($0, group, resource, verb, name: name) }) {
                            return "\(verb) \(display(group, resource)) \(name)"
                        }
                    }
                }
            }
        }
        return nil
    }

    static func covers(_ rule: PolicyRule, _ group: String, _ resource: String, _ verb: String, name: String?) -> Bool {
        let groups = rule.apiGroups ?? []
        let resources = rule.resources ?? []
        guard groups.contains("*") || groups.contains(group) else { return false }
        guard resources.contains("*") || resources.contains(resource) else { return false }
        guard rule.verbs.contains("*") || rule.verbs.contains(verb) else { return false }
        let allowedNames = rule.resourceNames ?? []
        if allowedNames.isEmpty { return true }
        guard let name else { return false }
        return allowedNames.contains(name)
    }

    static func display(_ group: String, _ resource: String) -> String {
        group.isEmpty ? resource : "\(resource).\(group)"
    }
}
