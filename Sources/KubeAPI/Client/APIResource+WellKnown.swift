/// The resources kars-sre reads and writes, so callers never spell group/version/plural by hand.
extension APIResource {
    private static func core(_ name: String, _ kind: String, namespaced: Bool = true) -> APIResource {
        APIResource(group: "", version: "v1", name: name, kind: kind, namespaced: namespaced)
    }

    // core/v1
    public static let namespaces = core("namespaces", "Namespace", namespaced: false)
    public static let nodes = core("nodes", "Node", namespaced: false)
    public static let pods = core("pods", "Pod")
    public static let events = core("events", "Event")
    public static let services = core("services", "Service")
    public static let endpoints = core("endpoints", "Endpoints")
    public static let configMaps = core("configmaps", "ConfigMap")
    public static let secrets = core("secrets", "Secret")
    public static let serviceAccounts = core("serviceaccounts", "ServiceAccount")
    public static let resourceQuotas = core("resourcequotas", "ResourceQuota")
    public static let limitRanges = core("limitranges", "LimitRange")
    public static let persistentVolumeClaims = core("persistentvolumeclaims", "PersistentVolumeClaim")
    public static let persistentVolumes = core("persistentvolumes", "PersistentVolume", namespaced: false)

    // events.k8s.io, discovery.k8s.io
    public static let eventsV1 = APIResource(
        group: "events.k8s.io", version: "v1", name: "events", kind: "Event", namespaced: true)
    public static let endpointSlices = APIResource(
        group: "discovery.k8s.io", version: "v1", name: "endpointslices", kind: "EndpointSlice", namespaced: true)

    // apps/v1, batch/v1
    public static let deployments = APIResource(
        group: "apps", version: "v1", name: "deployments", kind: "Deployment", namespaced: true)
    public static let replicaSets = APIResource(
        group: "apps", version: "v1", name: "replicasets", kind: "ReplicaSet", namespaced: true)
    public static let statefulSets = APIResource(
        group: "apps", version: "v1", name: "statefulsets", kind: "StatefulSet", namespaced: true)
    public static let daemonSets = APIResource(
        group: "apps", version: "v1", name: "daemonsets", kind: "DaemonSet", namespaced: true)
    public static let jobs = APIResource(group: "batch", version: "v1", name: "jobs", kind: "Job", namespaced: true)
    public static let cronJobs = APIResource(
        group: "batch", version: "v1", name: "cronjobs", kind: "CronJob", namespaced: true)

    // coordination, rbac, apiextensions
    public static let leases = APIResource(
        group: "coordination.k8s.io", version: "v1", name: "leases", kind: "Lease", namespaced: true)
    public static let roles = APIResource(
        group: "rbac.authorization.k8s.io", version: "v1", name: "roles", kind: "Role", namespaced: true)
    public static let clusterRoles = APIResource(
        group: "rbac.authorization.k8s.io", version: "v1", name: "clusterroles", kind: "ClusterRole", namespaced: false)
    public static let roleBindings = APIResource(
        group: "rbac.authorization.k8s.io", version: "v1", name: "rolebindings", kind: "RoleBinding", namespaced: true)
    public static let clusterRoleBindings = APIResource(
        group: "rbac.authorization.k8s.io", version: "v1", name: "clusterrolebindings", kind: "ClusterRoleBinding",
        namespaced: false)
    public static let customResourceDefinitions = APIResource(
        group: "apiextensions.k8s.io", version: "v1", name: "customresourcedefinitions",
        kind: "CustomResourceDefinition",
        namespaced: false)
    public static let horizontalPodAutoscalers = APIResource(
        group: "autoscaling", version: "v2", name: "horizontalpodautoscalers", kind: "HorizontalPodAutoscaler",
        namespaced: true)
    public static let podDisruptionBudgets = APIResource(
        group: "policy", version: "v1", name: "poddisruptionbudgets", kind: "PodDisruptionBudget", namespaced: true)
    public static let ingresses = APIResource(
        group: "networking.k8s.io", version: "v1", name: "ingresses", kind: "Ingress", namespaced: true)
    public static let networkPolicies = APIResource(
        group: "networking.k8s.io", version: "v1", name: "networkpolicies", kind: "NetworkPolicy", namespaced: true)

    // kars.azure.com (ours)
    public static let karsSandboxes = APIResource(
        group: "kars.azure.com", version: "v1alpha1", name: "karssandboxes", kind: "KarsSandbox", namespaced: true)
    public static let karsSREActions = APIResource(
        group: "kars.azure.com", version: "v1alpha1", name: "karssreactions", kind: "KarsSREAction", namespaced: true)

    // metrics.k8s.io
    public static let podMetrics = APIResource(
        group: "metrics.k8s.io", version: "v1beta1", name: "pods", kind: "PodMetrics", namespaced: true)
    public static let nodeMetrics = APIResource(
        group: "metrics.k8s.io", version: "v1beta1", name: "nodes", kind: "NodeMetrics", namespaced: false)

    /// Every well-known resource above.
    public static let wellKnown: [APIResource] = [
        namespaces, nodes, pods, events, services, endpoints, configMaps, secrets, serviceAccounts, resourceQuotas,
        limitRanges, persistentVolumeClaims, persistentVolumes, eventsV1, endpointSlices, deployments, replicaSets,
        statefulSets, daemonSets, jobs, cronJobs, leases, roles, clusterRoles, roleBindings, clusterRoleBindings,
        customResourceDefinitions, horizontalPodAutoscalers, podDisruptionBudgets, ingresses, networkPolicies,
        karsSandboxes, karsSREActions, podMetrics, nodeMetrics,
    ]

    /// The well-known resource for a kind (and optionally apiVersion), e.g. from an ownerReference.
    public static func wellKnown(kind: String, apiVersion: String? = nil) -> APIResource? {
        wellKnown.first { $0.kind == kind && (apiVersion == nil || $0.apiVersion == apiVersion) && $0 != eventsV1 }
            ?? wellKnown.first { $0.kind == kind && (apiVersion == nil || $0.apiVersion == apiVersion) }
    }
}
