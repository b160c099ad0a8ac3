/// `rbac.authorization.k8s.io/v1 PolicyRule`.
public struct PolicyRule: Codable, Sendable, Hashable {
    public var apiGroups: [String]?
    public var resources: [String]?
    public var verbs: [String]
    public var resourceNames: [String]?
    public var nonResourceURLs: [String]?

    public init(apiGroups: [String]? = nil, resources: [String]? = nil, verbs: [String], resourceNames: [String]? = nil, nonResourceURLs: [String]? = nil) {
        self.apiGroups = apiGroups
        self.resources = resources
        self.verbs = verbs
        self.resourceNames = resourceNames
        self.nonResourceURLs = nonResourceURLs
    }
}

/// `rbac.authorization.k8s.io/v1 Role`: namespaced rules (the one-shot writer grant is one).
public struct Role: KubeResourceModel, Hashable {
    public static let apiVersion = "rbac.authorization.k8s.io/v1"
    public static let kind = "Role"
    public var apiVersion: String? = Role.apiVersion
    public var kind: String? = Role.kind
    public var metadata: ObjectMeta
    public var rules: [PolicyRule]?

    public init(metadata: ObjectMeta, rules: [PolicyRule]) {
        self.metadata = metadata
        self.rules = rules
    }
}

/// `rbac.authorization.k8s.io/v1 ClusterRole`.
public struct ClusterRole: KubeResourceModel, Hashable {
    public static let apiVersion = "rbac.authorization.k8s.io/v1"
    public static let kind = "ClusterRole"
    public var apiVersion: String? = ClusterRole.apiVersion
    public var kind: String? = ClusterRole.kind
    public var metadata: ObjectMeta
    public var rules: [PolicyRule]?
    public var aggregationRule: JSONValue?

    public init(metadata: ObjectMeta, rules: [PolicyRule]) {
        self.metadata = metadata
        self.rules = rules
    }
}

/// `RoleRef`: the role a binding grants.
public struct RoleRef: Codable, Sendable, Hashable {
    public var apiGroup: String
    public var kind: String
    public var name: String

    public init(apiGroup: String = "rbac.authorization.k8s.io", kind: String, name: String) {
        self.apiGroup = apiGroup
        self.kind = kind
        self.name = name
    }
}

/// `rbac.authorization.k8s.io/v1 Subject`.
public struct Subject: Codable, Sendable, Hashable {
    public var kind: String
    public var name: String
    public var namespace: String?
    public var apiGroup: String?

    public init(kind: String, name: String, namespace: String? = nil, apiGroup: String? = nil) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.apiGroup = apiGroup
    }
}

/// `rbac.authorization.k8s.io/v1 RoleBinding`.
public struct RoleBinding: KubeResourceModel, Hashable {
    public static let apiVersion = "rbac.authorization.k8s.io/v1"
    public static let kind = "RoleBinding"
    public var apiVersion: String? = RoleBinding.apiVersion
    public var kind: String? = RoleBinding.kind
    public var metadata: ObjectMeta
    public var roleRef: RoleRef
    public var subjects: [Subject]?

    public init(metadata: ObjectMeta, roleRef: RoleRef, subjects: [Subject]) {
        self.metadata = metadata
        self.roleRef = roleRef
        self.subjects = subjects
    }
}

/// `rbac.authorization.k8s.io/v1 ClusterRoleBinding`.
public struct ClusterRoleBinding: KubeResourceModel, Hashable {
    public static let apiVersion = "rbac.authorization.k8s.io/v1"
    public static let kind = "ClusterRoleBinding"
    public var apiVersion: String? = ClusterRoleBinding.apiVersion
    public var kind: String? = ClusterRoleBinding.kind
    public var metadata: ObjectMeta
    public var roleRef: RoleRef
    public var subjects: [Subject]?

    public init(metadata: ObjectMeta, roleRef: RoleRef, subjects: [Subject]) {
        self.metadata = metadata
        self.roleRef = roleRef
        self.subjects = subjects
    }
}
