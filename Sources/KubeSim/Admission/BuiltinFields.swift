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

    /// Required fields and cross-field rules the real server checks on create and update, worded
    /// as its validation: containers need a name and an image, a workload's selector must match
    /// its template's labels, and its pods must restart `Always`.
    static func validate(_ object: JSONValue, resource: GroupResource) -> [FieldError] {
        var errors: [FieldError] = []
        switch resource {
        case .pods:
            errors += podSpecErrors(object["spec"], path: "spec")
        case .deployments, .replicasets, .statefulsets, .daemonsets:
            errors += workloadErrors(object, resource: resource)
        case GroupResource(group: "batch", resource: "jobs"):
            errors += podSpecErrors(object[path: "spec", "template", "spec"], path: "spec.template.spec")
        case GroupResource(group: "batch", resource: "cronjobs"):
            errors += podSpecErrors(object[path: "spec", "jobTemplate", "spec", "template", "spec"], path: "spec.jobTemplate.spec.template.spec")
        case .rolebindings, .clusterrolebindings:
            if object["roleRef"] == nil { errors.append(FieldError(.required, field: "roleRef")) }
        default:
            break
        }
        return errors
    }

    static func podSpecErrors(_ spec: JSONValue?, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        let containers = spec?["containers"]?.arrayValue ?? []
        if containers.isEmpty { errors.append(FieldError(.required, field: "\(path).containers")) }
        for (list, items) in [("initContainers", spec?["initContainers"]?.arrayValue ?? []), ("containers", containers)] {
            var seen: Set<String> = []
            for (index, container) in items.enumerated() {
                let name = container["name"]?.stringValue ?? ""
                if name.isEmpty {
                    errors.append(FieldError(.required, field: "\(path).\(list)[\(index)].name"))
                } else if !seen.insert(name).inserted {
                    errors.append(FieldError(.duplicate, field: "\(path).\(list)[\(index)].name", value: "\"\(name)\""))
                }
                if (container["image"]?.stringValue ?? "").isEmpty {
                    errors.append(FieldError(.required, field: "\(path).\(list)[\(index)].image"))
                }
            }
        }
        return errors
    }

    static func workloadErrors(_ object: JSONValue, resource: GroupResource) -> [FieldError] {
        var errors: [FieldError] = []
        if let replicas = object[path: "spec", "replicas"]?.intValue, replicas < 0 {
            errors.append(FieldError(.invalid, field: "spec.replicas", value: String(replicas), detail: "must be greater than or equal to 0"))
        }
        let labels = object[path: "spec", "template", "metadata", "labels"]?.objectValue?.compactMapValues(\.stringValue)
        if let selectorValue = object[path: "spec", "selector"] {
            let selector = try? selectorValue.decode(as: LabelSelector.self)
            if let selector, selector.isEmpty {
                errors.append(FieldError(.invalid, field: "spec.selector", value: goSelector(selector), detail: "empty selector is invalid for deployment"))
            }
            if let selector, !selector.isEmpty, !selector.matches(labels) {
                errors.append(FieldError(.invalid, field: "spec.template.metadata.labels", value: goMap(labels), detail: "`selector` does not match template `labels`"))
            }
        } else {
            errors.append(FieldError(.required, field: "spec.selector"))
            errors.append(FieldError(.invalid, field: "spec.template.metadata.labels", value: goMap(labels), detail: "`selector` does not match template `labels`"))
        }
        errors += podSpecErrors(object[path: "spec", "template", "spec"], path: "spec.template.spec")
        if let policy = object[path: "spec", "template", "spec", "restartPolicy"]?.stringValue, policy != "Always" {
            errors.append(FieldError(.notSupported, field: "spec.template.spec.restartPolicy", value: "\"\(policy)\"", detail: "supported values: \"Always\""))
        }
        return errors
    }

    /// Go's `%#v` of a `map[string]string`, as the real messages print label maps.
    static func goMap(_ map: [String: String]?) -> String {
        guard let map else { return "map[string]string(nil)" }
        let entries = map.keys.sorted().map { "\(goQuote($0)):\(goQuote(map[$0] ?? ""))" }
        return "map[string]string{" + entries.joined(separator: ", ") + "}"
    }

    static func goSelector(_ selector: LabelSelector) -> String {
        let labels = selector.matchLabels.map { goMap($0) } ?? "map[string]string(nil)"
        return "v1.LabelSelector{MatchLabels:\(labels), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}"
    }

    static func goQuote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Paths of fields a built-in schema does not declare (strict field validation), e.g.
    /// `spec.template.spec.containers[0].imagePullPolicyy`.
    static func unknownFields(_ value: JSONValue, schema: FieldSchema, path: String = "") -> [String] {
        if schema.isOpen { return [] }
        switch value {
        case .object(let fields):
            if schema.isMap {
                return fields.keys.sorted().flatMap { key in
                    unknownFields(fields[key] ?? .null, schema: schema.child(key), path: join(path, key))
                }
            }
            let declared = schema.node?["properties"]?.objectValue ?? [:]
            guard !declared.isEmpty else { return [] }
            var result: [String] = []
            for key in fields.keys.sorted() {
                if declared[key] == nil {
                    result.append(join(path, key))
                } else {
                    result += unknownFields(fields[key] ?? .null, schema: schema.child(key), path: join(path, key))
                }
            }
            return result
        case .array(let items):
            let itemSchema = schema.items
            return items.enumerated().flatMap { unknownFields($0.element, schema: itemSchema, path: "\(path)[\($0.offset)]") }
        default:
            return []
        }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
