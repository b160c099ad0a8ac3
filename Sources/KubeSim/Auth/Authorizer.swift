import KubeModels

/// What a request asks to do, in the terms RBAC decides on.
public struct RequestAttributes: Sendable, Equatable {
    public var verb: String
    public var isResourceRequest: Bool
    public var path: String
    public var group: String
    public var resource: String
    public var subresource: String
    public var namespace: String
    public var name: String

    public init(
        verb: String, isResourceRequest: Bool = true, path: String = "", group: String = "", resource: String = "",
        subresource: String = "", namespace: String = "", name: String = ""
    ) {
        self.verb = verb
        self.isResourceRequest = isResourceRequest
        self.path = path
        self.group = group
        self.resource = resource
        self.subresource = subresource
        self.namespace = namespace
        self.name = name
    }

    /// The real server's wording of a denial (`User "u" cannot get resource "pods" in API group ""
    /// in the namespace "ns"`), wrapped as `pods "x" is forbidden: ...`.
    public func forbiddenMessage(user: String) -> String {
        guard isResourceRequest else {
            return "forbidden: User \"\(user)\" cannot \(verb) path \"\(path)\""
        }
        let shownResource = subresource.isEmpty ? resource : "\(resource)/\(subresource)"
        let reason =
            namespace.isEmpty
            ? "User \"\(user)\" cannot \(verb) resource \"\(shownResource)\" in API group \"\(group)\" at the cluster scope"
            : "User \"\(user)\" cannot \(verb) resource \"\(shownResource)\" in API group \"\(group)\" in the namespace \"\(namespace)\""
        let qualified = group.isEmpty ? resource : "\(resource).\(group)"
        return name.isEmpty ? "\(qualified) is forbidden: \(reason)" : "\(qualified) \"\(name)\" is forbidden: \(reason)"
    }
}

/// The RBAC authorizer: decides from Roles, ClusterRoles and their bindings, with the `system:masters`
/// superuser short-cut of the real server.
public struct RBACAuthorizer: Sendable {
    public var roles: [JSONValue]
    public var clusterRoles: [JSONValue]
    public var roleBindings: [JSONValue]
    public var clusterRoleBindings: [JSONValue]

    /// The decision and, when allowed, which binding allowed it.
    public struct Decision: Sendable {
        public var allowed: Bool
        public var reason: String
    }

    public func authorize(_ user: UserInfo, _ attributes: RequestAttributes) -> Decision {
        if user.isAdmin { return Decision(allowed: true, reason: "") }
        for binding in clusterRoleBindings where subjectsMatch(binding, user) {
            let rules = rulesOf(binding, namespace: nil)
            if rules.contains(where: { ruleAllows($0, attributes) }) {
                return Decision(allowed: true, reason: "RBAC: allowed by ClusterRoleBinding \"\(binding.name)\" of ClusterRole \"\(binding[path: "roleRef", "name"]?.stringValue ?? "")\" to \(describe(user))")
            }
        }
        if !attributes.namespace.isEmpty {
            for binding in roleBindings where binding.namespace == attributes.namespace && subjectsMatch(binding, user) {
                let rules = rulesOf(binding, namespace: attributes.namespace)
                if rules.contains(where: { ruleAllows($0, attributes) }) {
                    let roleKind = binding[path: "roleRef", "kind"]?.stringValue ?? "Role"
                    return Decision(allowed: true, reason: "RBAC: allowed by RoleBinding \"\(binding.name)/\(binding.namespace)\" of \(roleKind) \"\(binding[path: "roleRef", "name"]?.stringValue ?? "")\" to \(describe(user))")
                }
            }
        }
        return Decision(allowed: false, reason: "")
    }

    private func describe(_ user: UserInfo) -> String {
        if user.username.hasPrefix("system:serviceaccount:") {
            let parts = user.username.split(separator: ":")
            if parts.count == 4 { return "ServiceAccount \"\(parts[3])/\(parts[2])\"" }
        }
        return "User \"\(user.username)\""
    }

    private func subjectsMatch(_ binding: JSONValue, _ user: UserInfo) -> Bool {
        for subject in binding["subjects"]?.arrayValue ?? [] {
            let kind = subject["kind"]?.stringValue ?? ""
            let name = subject["name"]?.stringValue ?? ""
            switch kind {
            case "User": if name == user.username { return true }
            case "Group": if user.groups.contains(name) { return true }
            case "ServiceAccount":
                let namespace = subject["namespace"]?.stringValue ?? binding.namespace
                if user.username == "system:serviceaccount:\(namespace):\(name)" { return true }
            default: continue
            }
        }
        return false
    }

    private func rulesOf(_ binding: JSONValue, namespace: String?) -> [JSONValue] {
        let kind = binding[path: "roleRef", "kind"]?.stringValue ?? ""
        let name = binding[path: "roleRef", "name"]?.stringValue ?? ""
        let role: JSONValue?
        if kind == "ClusterRole" {
            role = clusterRoles.first { $0.name == name }
        } else if let namespace {
            role = roles.first { $0.name == name && $0.namespace == namespace }
        } else {
            role = nil
        }
        var rules = role?["rules"]?.arrayValue ?? []
        // Aggregated ClusterRoles: rules of roles whose labels match the selectors.
        if kind == "ClusterRole", let selectors = role?[path: "aggregationRule", "clusterRoleSelectors"]?.arrayValue {
            for selector in selectors {
                let matchLabels = selector["matchLabels"]?.objectValue ?? [:]
                for candidate in clusterRoles where candidate.name != name {
                    let labels = candidate.labels
                    if matchLabels.allSatisfy({ labels[$0.key] == $0.value.stringValue }) {
                        rules += candidate["rules"]?.arrayValue ?? []
                    }
                }
            }
        }
        return rules
    }

    private static func strings(_ value: JSONValue?) -> [String] {
        (value?.arrayValue ?? []).compactMap(\.stringValue)
    }

    func ruleAllows(_ rule: JSONValue, _ attributes: RequestAttributes) -> Bool {
        let verbs = Self.strings(rule["verbs"])
        guard verbs.contains("*") || verbs.contains(attributes.verb) else { return false }
        if !attributes.isResourceRequest {
            return Self.strings(rule["nonResourceURLs"]).contains { pattern in
                if pattern == "*" || pattern == attributes.path { return true }
                if pattern.hasSuffix("*") { return attributes.path.hasPrefix(String(pattern.dropLast())) }
                return false
            }
        }
        let groups = Self.strings(rule["apiGroups"])
        guard groups.contains("*") || groups.contains(attributes.group) else { return false }
        let resources = Self.strings(rule["resources"])
        let combined = attributes.subresource.isEmpty ? attributes.resource : "\(attributes.resource)/\(attributes.subresource)"
        let resourceMatch = resources.contains { pattern in
            if pattern == "*" || pattern == combined { return true }
            if attributes.subresource.isEmpty { return false }
            return pattern == "\(attributes.resource)/*" || pattern == "*/\(attributes.subresource)"
        }
        guard resourceMatch else { return false }
        let names = Self.strings(rule["resourceNames"])
        if names.isEmpty { return true }
        return !attributes.name.isEmpty && names.contains(attributes.name)
    }
}

extension ClusterStore {
    /// A consistent snapshot of the RBAC objects for one decision.
    public func authorizer() -> RBACAuthorizer {
        RBACAuthorizer(
            roles: objects(.roles), clusterRoles: objects(.clusterroles), roleBindings: objects(.rolebindings),
            clusterRoleBindings: objects(.clusterrolebindings))
    }

    /// Authorizes without copying every RBAC object for admins.
    public func authorize(_ user: UserInfo, _ attributes: RequestAttributes) -> RBACAuthorizer.Decision {
        if user.isAdmin { return RBACAuthorizer.Decision(allowed: true, reason: "") }
        return authorizer().authorize(user, attributes)
    }
}
