import KubeModels

/// The built-in kinds KubeSim serves, as a real 1.32 API server names them.
enum BuiltinTypes {
    static let all: [ResourceType] = core + apps + others

    private static let core: [ResourceType] = [
        ResourceType(
            group: "", versions: ["v1"], resource: "namespaces", kind: "Namespace", namespaced: false, shortNames: ["ns"],
            subresources: ["status", "finalize"], columns: BuiltinColumns.namespaces),
        ResourceType(
            group: "", versions: ["v1"], resource: "nodes", kind: "Node", namespaced: false, shortNames: ["no"],
            subresources: ["status"], columns: BuiltinColumns.nodes),
        ResourceType(
            group: "", versions: ["v1"], resource: "pods", kind: "Pod", namespaced: true, shortNames: ["po"],
            categories: ["all"], subresources: ["status", "log", "eviction", "binding", "ephemeralcontainers"],
            columns: BuiltinColumns.pods),
        ResourceType(
            group: "", versions: ["v1"], resource: "events", kind: "Event", namespaced: true, shortNames: ["ev"],
            columns: BuiltinColumns.events),
        ResourceType(
            group: "", versions: ["v1"], resource: "services", kind: "Service", namespaced: true, shortNames: ["svc"],
            categories: ["all"], subresources: ["status"], columns: BuiltinColumns.services),
        ResourceType(
            group: "", versions: ["v1"], resource: "endpoints", singular: "endpoints", kind: "Endpoints",
            namespaced: true, shortNames: ["ep"], columns: BuiltinColumns.endpoints),
        ResourceType(
            group: "", versions: ["v1"], resource: "configmaps", kind: "ConfigMap", namespaced: true, shortNames: ["cm"],
            columns: BuiltinColumns.configmaps),
        ResourceType(
            group: "", versions: ["v1"], resource: "secrets", kind: "Secret", namespaced: true,
            columns: BuiltinColumns.secrets),
        ResourceType(
            group: "", versions: ["v1"], resource: "serviceaccounts", kind: "ServiceAccount", namespaced: true,
            shortNames: ["sa"], subresources: ["token"], columns: BuiltinColumns.serviceaccounts),
        ResourceType(
            group: "", versions: ["v1"], resource: "resourcequotas", kind: "ResourceQuota", namespaced: true,
            shortNames: ["quota"], subresources: ["status"], columns: BuiltinColumns.resourcequotas),
        ResourceType(
            group: "", versions: ["v1"], resource: "persistentvolumeclaims", kind: "PersistentVolumeClaim",
            namespaced: true, shortNames: ["pvc"], subresources: ["status"], columns: BuiltinColumns.pvcs),
        ResourceType(
            group: "", versions: ["v1"], resource: "persistentvolumes", kind: "PersistentVolume", namespaced: false,
            shortNames: ["pv"], subresources: ["status"]),
        ResourceType(
            group: "", versions: ["v1"], resource: "limitranges", kind: "LimitRange", namespaced: true,
            shortNames: ["limits"]),
    ]

    private static let apps: [ResourceType] = [
        ResourceType(
            group: "apps", versions: ["v1"], resource: "deployments", kind: "Deployment", namespaced: true,
            shortNames: ["deploy"], categories: ["all"], subresources: ["status", "scale"],
            columns: BuiltinColumns.deployments, tracksGeneration: true),
        ResourceType(
            group: "apps", versions: ["v1"], resource: "replicasets", kind: "ReplicaSet", namespaced: true,
            shortNames: ["rs"], categories: ["all"], subresources: ["status", "scale"],
            columns: BuiltinColumns.replicasets, tracksGeneration: true),
        ResourceType(
            group: "apps", versions: ["v1"], resource: "statefulsets", kind: "StatefulSet", namespaced: true,
            shortNames: ["sts"], categories: ["all"], subresources: ["status", "scale"],
            columns: BuiltinColumns.statefulsets, tracksGeneration: true),
        ResourceType(
            group: "apps", versions: ["v1"], resource: "daemonsets", kind: "DaemonSet", namespaced: true,
            shortNames: ["ds"], categories: ["all"], subresources: ["status"], columns: BuiltinColumns.daemonsets,
            tracksGeneration: true),
        ResourceType(
            group: "apps", versions: ["v1"], resource: "controllerrevisions", kind: "ControllerRevision",
            namespaced: true, columns: BuiltinColumns.controllerrevisions),
        ResourceType(
            group: "batch", versions: ["v1"], resource: "jobs", kind: "Job", namespaced: true, categories: ["all"],
            subresources: ["status"], columns: BuiltinColumns.jobs, tracksGeneration: true),
        ResourceType(
            group: "batch", versions: ["v1"], resource: "cronjobs", kind: "CronJob", namespaced: true,
            shortNames: ["cj"], categories: ["all"], subresources: ["status"], columns: BuiltinColumns.cronjobs,
            tracksGeneration: true),
    ]

    private static let rbacGroup = "rbac.authorization.k8s.io"

    private static let others: [ResourceType] = [
        ResourceType(
            group: "coordination.k8s.io", versions: ["v1"], resource: "leases", kind: "Lease", namespaced: true,
            columns: BuiltinColumns.leases),
        ResourceType(
            group: rbacGroup, versions: ["v1"], resource: "roles", kind: "Role", namespaced: true,
            columns: BuiltinColumns.roles),
        ResourceType(
            group: rbacGroup, versions: ["v1"], resource: "clusterroles", kind: "ClusterRole", namespaced: false,
            columns: BuiltinColumns.roles),
        ResourceType(
            group: rbacGroup, versions: ["v1"], resource: "rolebindings", kind: "RoleBinding", namespaced: true,
            columns: BuiltinColumns.bindings),
        ResourceType(
            group: rbacGroup, versions: ["v1"], resource: "clusterrolebindings", kind: "ClusterRoleBinding",
            namespaced: false, columns: BuiltinColumns.bindings),
        ResourceType(
            group: "apiextensions.k8s.io", versions: ["v1"], resource: "customresourcedefinitions",
            kind: "CustomResourceDefinition", namespaced: false, shortNames: ["crd", "crds"],
            categories: ["api-extensions"], subresources: ["status"], columns: BuiltinColumns.crds,
            tracksGeneration: true),
        ResourceType(
            group: "discovery.k8s.io", versions: ["v1"], resource: "endpointslices", kind: "EndpointSlice",
            namespaced: true, columns: BuiltinColumns.endpointslices),
        ResourceType(
            group: "events.k8s.io", versions: ["v1"], resource: "events", kind: "Event", namespaced: true,
            shortNames: ["ev"], storage: .events, columns: BuiltinColumns.events),
        ResourceType(
            group: "policy", versions: ["v1"], resource: "poddisruptionbudgets", kind: "PodDisruptionBudget",
            namespaced: true, shortNames: ["pdb"], subresources: ["status"], tracksGeneration: true),
        ResourceType(
            group: "networking.k8s.io", versions: ["v1"], resource: "networkpolicies", kind: "NetworkPolicy",
            namespaced: true, shortNames: ["netpol"], tracksGeneration: true),
        ResourceType(
            group: "networking.k8s.io", versions: ["v1"], resource: "ingresses", kind: "Ingress", namespaced: true,
            shortNames: ["ing"], subresources: ["status"], tracksGeneration: true),
        ResourceType(
            group: "storage.k8s.io", versions: ["v1"], resource: "storageclasses", kind: "StorageClass",
            namespaced: false, shortNames: ["sc"]),
        ResourceType(
            group: "scheduling.k8s.io", versions: ["v1"], resource: "priorityclasses", kind: "PriorityClass",
            namespaced: false, shortNames: ["pc"]),
        ResourceType(
            group: "admissionregistration.k8s.io", versions: ["v1"], resource: "validatingadmissionpolicies",
            kind: "ValidatingAdmissionPolicy", namespaced: false, subresources: ["status"], tracksGeneration: true),
        ResourceType(
            group: "admissionregistration.k8s.io", versions: ["v1"], resource: "validatingadmissionpolicybindings",
            kind: "ValidatingAdmissionPolicyBinding", namespaced: false, tracksGeneration: true),
        ResourceType(
            group: "metrics.k8s.io", versions: ["v1beta1"], resource: "pods", kind: "PodMetrics", namespaced: true,
            verbs: ["get", "list"], columns: BuiltinColumns.podMetrics, readOnly: true),
        ResourceType(
            group: "metrics.k8s.io", versions: ["v1beta1"], resource: "nodes", kind: "NodeMetrics", namespaced: false,
            verbs: ["get", "list"], columns: BuiltinColumns.nodeMetrics, readOnly: true),
        ResourceType(
            group: "authentication.k8s.io", versions: ["v1"], resource: "tokenreviews", kind: "TokenReview",
            namespaced: false, verbs: ["create"], isVirtual: true),
        ResourceType(
            group: "authentication.k8s.io", versions: ["v1"], resource: "selfsubjectreviews", kind: "SelfSubjectReview",
            namespaced: false, verbs: ["create"], isVirtual: true),
        ResourceType(
            group: "authorization.k8s.io", versions: ["v1"], resource: "subjectaccessreviews",
            kind: "SubjectAccessReview", namespaced: false, verbs: ["create"], isVirtual: true),
        ResourceType(
            group: "authorization.k8s.io", versions: ["v1"], resource: "selfsubjectaccessreviews",
            kind: "SelfSubjectAccessReview", namespaced: false, verbs: ["create"], isVirtual: true),
        ResourceType(
            group: "authorization.k8s.io", versions: ["v1"], resource: "localsubjectaccessreviews",
            kind: "LocalSubjectAccessReview", namespaced: true, verbs: ["create"], isVirtual: true),
        ResourceType(
            group: "authorization.k8s.io", versions: ["v1"], resource: "selfsubjectrulesreviews",
            kind: "SelfSubjectRulesReview", namespaced: false, verbs: ["create"], isVirtual: true),
    ]
}
