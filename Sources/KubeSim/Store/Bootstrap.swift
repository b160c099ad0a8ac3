import KubeModels

/// The objects a fresh cluster has: system namespaces, the default RBAC roles and bindings
/// (`cluster-admin`, `admin`, `edit`, `view`, `system:discovery`, `system:basic-user`,
/// `system:auth-delegator`) and the
/// `kubernetes` Service.
enum Bootstrap {
    static func objects() -> [JSONValue] {
        var objects: [JSONValue] = ["default", "kube-system", "kube-public", "kube-node-lease"].map(Defaulted.namespace)
            + ["default", "kube-system", "kube-public", "kube-node-lease"].map(Defaulted.defaultAccount)
        objects += clusterRoles() + clusterRoleBindings()
        objects.append([
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": "kubernetes", "namespace": "default", "labels": ["component": "apiserver", "provider": "kubernetes"]],
            "spec": [
                "type": "ClusterIP", "clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"], "sessionAffinity": "None",
                "ports": [["name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443]],
            ],
        ])
        return objects
    }

    private static let all: JSONValue = ["*"]

    static func clusterRoles() -> [JSONValue] {
        let readVerbs: JSONValue = ["get", "list", "watch"]
        let editVerbs: JSONValue = ["get", "list", "watch", "create", "delete", "deletecollection", "patch", "update"]
        let workloadGroups: JSONValue = ["", "apps", "batch", "autoscaling", "policy", "networking.k8s.io", "discovery.k8s.io", "events.k8s.io", "coordination.k8s.io"]
        return [
            role("cluster-admin", [
                ["apiGroups": all, "resources": all, "verbs": all],
                ["nonResourceURLs": all, "verbs": all],
            ]),
            role("admin", [
                ["apiGroups": workloadGroups, "resources": all, "verbs": all],
                ["apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles", "rolebindings"], "verbs": all],
            ]),
            role("edit", [
                ["apiGroups": workloadGroups, "resources": all, "verbs": editVerbs],
            ]),
            role("view", [
                ["apiGroups": workloadGroups, "resources": all, "verbs": readVerbs],
            ]),
            role("system:discovery", [
                ["nonResourceURLs": ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"], "verbs": ["get"]],
            ]),
            role("system:public-info-viewer", [
                ["nonResourceURLs": ["/healthz", "/livez", "/readyz", "/version", "/version/"], "verbs": ["get"]],
            ]),
            // What an extension API server or a console that authenticates its callers needs
            // (kars-sre binds it to its ServiceAccount for the console's token mode).
            role("system:auth-delegator", [
                ["apiGroups": ["authentication.k8s.io"], "resources": ["tokenreviews"], "verbs": ["create"]],
                ["apiGroups": ["authorization.k8s.io"], "resources": ["subjectaccessreviews"], "verbs": ["create"]],
            ]),
            role("system:basic-user", [
                ["apiGroups": ["authorization.k8s.io"], "resources": ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], "verbs": ["create"]],
                ["apiGroups": ["authentication.k8s.io"], "resources": ["selfsubjectreviews"], "verbs": ["create"]],
            ]),
        ]
    }

    static func clusterRoleBindings() -> [JSONValue] {
        [
            binding("cluster-admin", role: "cluster-admin", group: "system:masters"),
            binding("system:discovery", role: "system:discovery", group: "system:authenticated"),
            binding("system:basic-user", role: "system:basic-user", group: "system:authenticated"),
            binding("system:public-info-viewer", role: "system:public-info-viewer", group: "system:authenticated"),
        ]
    }

    private static func role(_ name: String, _ rules: [JSONValue]) -> JSONValue {
        [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
            "metadata": ["name": .string(name), "labels": ["kubernetes.io/bootstrapping": "rbac-defaults"]],
            "rules": .array(rules),
        ]
    }

    private static func binding(_ name: String, role: String, group: String) -> JSONValue {
        [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
            "metadata": ["name": .string(name), "labels": ["kubernetes.io/bootstrapping": "rbac-defaults"]],
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": .string(role)],
            "subjects": [["apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": .string(group)]],
        ]
    }
}

/// Namespaces and ServiceAccounts in their defaulted form.
enum Defaulted {
    static func namespace(_ name: String) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Namespace",
            "metadata": ["name": .string(name), "labels": ["kubernetes.io/metadata.name": .string(name)]],
            "spec": ["finalizers": ["kubernetes"]], "status": ["phase": "Active"],
        ]
    }

    static func defaultAccount(_ namespace: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "default", "namespace": .string(namespace)]]
    }
}
