/// Resolves what a user types for a kind (`deploy`, `deployments`, `svc`, `deployment.apps`,
/// `KarsSandbox`) to the kind name objects carry.
public enum KindNames {
    static let aliases: [String: String] = {
        var table: [String: String] = [:]
        let entries: [(String, [String])] = [
            ("Pod", ["pod", "pods", "po"]),
            ("Deployment", ["deployment", "deployments", "deploy"]),
            ("ReplicaSet", ["replicaset", "replicasets", "rs"]),
            ("StatefulSet", ["statefulset", "statefulsets", "sts"]),
            ("DaemonSet", ["daemonset", "daemonsets", "ds"]),
            ("Job", ["job", "jobs"]),
            ("CronJob", ["cronjob", "cronjobs", "cj"]),
            ("Service", ["service", "services", "svc"]),
            ("EndpointSlice", ["endpointslice", "endpointslices"]),
            ("Endpoints", ["endpoints", "ep"]),
            ("Node", ["node", "nodes", "no"]),
            ("Namespace", ["namespace", "namespaces", "ns"]),
            ("PersistentVolumeClaim", ["persistentvolumeclaim", "persistentvolumeclaims", "pvc"]),
            ("PersistentVolume", ["persistentvolume", "persistentvolumes", "pv"]),
            ("ConfigMap", ["configmap", "configmaps", "cm"]),
            ("Secret", ["secret", "secrets"]),
            ("ResourceQuota", ["resourcequota", "resourcequotas", "quota"]),
            ("KarsSandbox", ["karssandbox", "karssandboxes"]),
            ("KarsSREAction", ["karssreaction", "karssreactions"]),
        ]
        for (kind, names) in entries { for name in names { table[name] = kind } }
        return table
    }()

    /// Kinds without a namespace.
    public static let clusterScoped: Set<String> = [
        "Node", "Namespace", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding",
        "CustomResourceDefinition", "PriorityClass", "CSINode", "CSIDriver", "VolumeAttachment", "APIService",
        "IngressClass", "RuntimeClass", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "NodeMetrics",
    ]

    /// The kind for `text`, looking at the well-known aliases first and then at the kinds present
    /// in `known` (case-insensitive, singular or plural). Nil when nothing matches.
    public static func resolve(_ text: String, known: some Sequence<String> = [String]()) -> String? {
        var lowered = text.lowercased()
        if let dot = lowered.firstIndex(of: ".") { lowered = String(lowered[..<dot]) }
        if let kind = aliases[lowered] { return kind }
        for kind in known {
            let name = kind.lowercased()
            if lowered == name || lowered == plural(of: name) { return kind }
        }
        return nil
    }

    /// English plural as the API forms it for kinds: `karssandbox` → `karssandboxes`.
    public static func plural(of kind: String) -> String {
        let lowered = kind.lowercased()
        if lowered.hasSuffix("s") || lowered.hasSuffix("x") || lowered.hasSuffix("ch") || lowered.hasSuffix("sh") {
            return lowered + "es"
        }
        if lowered.hasSuffix("y"), let before = lowered.dropLast().last, !"aeiou".contains(before) {
            return String(lowered.dropLast()) + "ies"
        }
        return lowered + "s"
    }
}
