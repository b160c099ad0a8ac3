import KubeModels

/// What KubeSim knows of built-in schemas: the top-level fields of each kind (for strict field
/// validation) and the few required fields clients trip over.
enum BuiltinFields {
    static func topLevel(_ resource: GroupResource) -> Set<String> {
        let base: Set<String> = ["apiVersion", "kind", "metadata"]
        switch resource {
        case .configmaps: return base.union(["data", "binaryData", "immutable"])
        case .secrets: return base.union(["data", "stringData", "type", "immutable"])
        case .serviceaccounts: return base.union(["secrets", "imagePullSecrets", "automountServiceAccountToken"])
        case .events:
            return base.union([
                "involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type",
                "eventTime", "series", "action", "related", "reportingComponent", "reportingInstance",
            ])
        case .roles: return base.union(["rules"])
        case .clusterroles: return base.union(["rules", "aggregationRule"])
        case .rolebindings, .clusterrolebindings: return base.union(["roleRef", "subjects"])
        case GroupResource(resource: "endpoints"): return base.union(["subsets"])
        case GroupResource(group: "discovery.k8s.io", resource: "endpointslices"): return base.union(["addressType", "endpoints", "ports"])
        case GroupResource(group: "storage.k8s.io", resource: "storageclasses"):
            return base.union(["provisioner", "parameters", "reclaimPolicy", "mountOptions", "allowVolumeExpansion", "volumeBindingMode", "allowedTopologies"])
        case GroupResource(group: "scheduling.k8s.io", resource: "priorityclasses"):
            return base.union(["value", "globalDefault", "description", "preemptionPolicy"])
        case GroupResource(group: "metrics.k8s.io", resource: "pods"): return base.union(["timestamp", "window", "containers"])
        case GroupResource(group: "metrics.k8s.io", resource: "nodes"): return base.union(["timestamp", "window", "usage"])
        case GroupResource(resource: "limitranges"): return base.union(["spec"])
        default: return base.union(["spec", "status"])
        }
    }

    /// Required fields whose absence the real server rejects on create and update.
    static func validate(_ object: JSONValue, resource: GroupResource) -> [FieldError] {
        var errors: [FieldError] = []
        switch resource {
        case .pods:
            if (object[path: "spec", "containers"]?.arrayValue ?? []).isEmpty {
                errors.append(FieldError(.required, field: "spec.containers"))
            }
            for (index, container) in (object[path: "spec", "containers"]?.arrayValue ?? []).enumerated() {
                if (container["name"]?.stringValue ?? "").isEmpty {
                    errors.append(FieldError(.required, field: "spec.containers[\(index)].name"))
                }
                if (container["image"]?.stringValue ?? "").isEmpty {
                    errors.append(FieldError(.required, field: "spec.containers[\(index)].image"))
                }
            }
        case .deployments, .replicasets, .statefulsets, .daemonsets:
            if object[path: "spec", "selector"] == nil {
                errors.append(FieldError(.required, field: "spec.selector"))
            }
            if (object[path: "spec", "template", "spec", "containers"]?.arrayValue ?? []).isEmpty {
                errors.append(FieldError(.required, field: "spec.template.spec.containers"))
            }
            if let replicas = object[path: "spec", "replicas"]?.intValue, replicas < 0 {
                errors.append(FieldError(.invalid, field: "spec.replicas", value: String(replicas), detail: "must be greater than or equal to 0"))
            }
        case .rolebindings, .clusterrolebindings:
            if object["roleRef"] == nil { errors.append(FieldError(.required, field: "roleRef")) }
        default:
            break
        }
        return errors
    }
}
