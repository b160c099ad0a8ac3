import KubeModels

/// A group and a plural resource name (`deployments.apps`, `pods`): the identity of a kind of stored
/// object independent of the version it is served at.
public struct GroupResource: Hashable, Sendable, CustomStringConvertible, Comparable {
    public var group: String
    public var resource: String

    public init(group: String = "", resource: String) {
        self.group = group
        self.resource = resource
    }

    /// `pods` or `deployments.apps`, as the API server writes it in messages.
    public var description: String { group.isEmpty ? resource : "\(resource).\(group)" }

    public static func < (lhs: GroupResource, rhs: GroupResource) -> Bool { lhs.description < rhs.description }

    public static let pods = GroupResource(resource: "pods")
    public static let namespaces = GroupResource(resource: "namespaces")
    public static let nodes = GroupResource(resource: "nodes")
    public static let events = GroupResource(resource: "events")
    public static let services = GroupResource(resource: "services")
    public static let configmaps = GroupResource(resource: "configmaps")
    public static let secrets = GroupResource(resource: "secrets")
    public static let serviceaccounts = GroupResource(resource: "serviceaccounts")
    public static let resourcequotas = GroupResource(resource: "resourcequotas")
    public static let deployments = GroupResource(group: "apps", resource: "deployments")
    public static let replicasets = GroupResource(group: "apps", resource: "replicasets")
    public static let statefulsets = GroupResource(group: "apps", resource: "statefulsets")
    public static let daemonsets = GroupResource(group: "apps", resource: "daemonsets")
    public static let roles = GroupResource(group: "rbac.authorization.k8s.io", resource: "roles")
    public static let clusterroles = GroupResource(group: "rbac.authorization.k8s.io", resource: "clusterroles")
    public static let rolebindings = GroupResource(group: "rbac.authorization.k8s.io", resource: "rolebindings")
    public static let clusterrolebindings = GroupResource(
        group: "rbac.authorization.k8s.io", resource: "clusterrolebindings")
    public static let customresourcedefinitions = GroupResource(
        group: "apiextensions.k8s.io", resource: "customresourcedefinitions")
    public static let eventsV1 = GroupResource(group: "events.k8s.io", resource: "events")
}

/// How one kind of resource is served: names, scope, versions, verbs, subresources and columns.
///
/// Exists so that discovery, routing, RBAC messages, tables and the store all read one description,
/// for built-in kinds and for kinds created by CustomResourceDefinitions alike.
public struct ResourceType: Sendable {
    public var group: String
    /// Served versions, preferred (storage) first.
    public var versions: [String]
    public var resource: String
    public var singular: String
    public var kind: String
    public var namespaced: Bool
    public var shortNames: [String]
    public var categories: [String]
    public var verbs: [String]
    /// Subresources served (`status`, `scale`, `log`, `eviction`, `token`, ...).
    public var subresources: Set<String>
    /// Where objects of this type are stored; differs for views such as events.k8s.io/v1 events.
    public var storage: GroupResource
    /// Server-side printer columns for Table responses.
    public var columns: [TableColumn]
    /// Whether `metadata.generation` is maintained (bumped on spec change).
    public var tracksGeneration: Bool
    /// Virtual resources (reviews) answer a create without storing anything.
    public var isVirtual: Bool
    /// Read-only resources (metrics) refuse writes over HTTP.
    public var readOnly: Bool
    /// The CRD this type comes from, if any.
    public var customResource: CustomResourceInfo?

    public var groupResource: GroupResource { GroupResource(group: group, resource: resource) }
    public var preferredVersion: String { versions.first ?? "v1" }
    public var apiVersion: String { Self.apiVersion(group: group, version: preferredVersion) }
    public var listKind: String { kind + "List" }
    public var hasStatus: Bool { subresources.contains("status") }

    public static func apiVersion(group: String, version: String) -> String {
        group.isEmpty ? version : "\(group)/\(version)"
    }

    public static let standardVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    public init(
        group: String, versions: [String], resource: String, singular: String? = nil, kind: String,
        namespaced: Bool, shortNames: [String] = [], categories: [String] = [], verbs: [String] = ResourceType.standardVerbs,
        subresources: Set<String> = [], storage: GroupResource? = nil, columns: [TableColumn] = [],
        tracksGeneration: Bool = false, isVirtual: Bool = false, readOnly: Bool = false,
        customResource: CustomResourceInfo? = nil
    ) {
        self.group = group
        self.versions = versions
        self.resource = resource
        self.singular = singular ?? kind.lowercased()
        self.kind = kind
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.categories = categories
        self.verbs = verbs
        self.subresources = subresources
        self.storage = storage ?? GroupResource(group: group, resource: resource)
        self.columns = columns
        self.tracksGeneration = tracksGeneration
        self.isVirtual = isVirtual
        self.readOnly = readOnly
        self.customResource = customResource
    }
}

/// One server-side printer column: how `kubectl get` shows a resource.
public struct TableColumn: Sendable {
    public var name: String
    public var type: String
    public var format: String
    public var description: String
    public var priority: Int
    /// Computes the cell for an object (as JSON scalar).
    public var cell: @Sendable (JSONValue, TableContext) -> JSONValue

    public init(
        _ name: String, type: String = "string", format: String = "", description: String = "", priority: Int = 0,
        cell: @escaping @Sendable (JSONValue, TableContext) -> JSONValue
    ) {
        self.name = name
        self.type = type
        self.format = format
        self.description = description.isEmpty ? name : description
        self.priority = priority
        self.cell = cell
    }
}

/// What a table cell may need besides its object: the current time for ages.
public struct TableContext: Sendable {
    public var now: Double
}

/// The parts of a CustomResourceDefinition a served custom resource needs.
public struct CustomResourceInfo: Sendable {
    public var crdName: String
    /// Structural schema per served version.
    public var schemas: [String: JSONValue]
    public var printerColumns: [String: [JSONValue]]
    public var scaleSpecPath: String?
    public var scaleStatusPath: String?
}
