import KubeModels

/// Label and field selectors of a LIST or WATCH, checked against objects the way the real server
/// does: only the fields each kind supports may be selected, and a missing field reads as `""`.
struct ObjectFilter: Sendable {
    var namespace: String?
    var labels: SelectorExpression?
    var fields: SelectorExpression?

    static let commonFields: Set<String> = ["metadata.name", "metadata.namespace"]

    /// Fields each built-in resource supports beyond name and namespace.
    static let extraFields: [GroupResource: Set<String>] = [
        .pods: [
            "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
            "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName",
        ],
        .events: [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
            "reportingComponent", "source", "type",
        ],
        .eventsV1: [
            "regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "regarding.apiVersion",
            "regarding.resourceVersion", "regarding.fieldPath", "reason", "reportingController", "type",
        ],
        .nodes: ["spec.unschedulable"],
        .namespaces: ["status.phase"],
        .secrets: ["type"],
        .replicasets: ["status.replicas"],
        GroupResource(group: "batch", resource: "jobs"): ["status.successful"],
        GroupResource(group: "certificates.k8s.io", resource: "certificatesigningrequests"): ["spec.signerName"],
    ]

    init(namespace: String?, options: ListOptions, resource: GroupResource) throws(APIError) {
        self.namespace = namespace
        if let text = options.labelSelector, !text.isEmpty {
            do { labels = try SelectorExpression(parsing: text) } catch {
                throw APIError.badRequest("unable to parse requirement: \(error)")
            }
        }
        if let text = options.fieldSelector, !text.isEmpty {
            let parsed: SelectorExpression
            do { parsed = try SelectorExpression(parsing: text) } catch {
                throw APIError.badRequest("invalid field selector: \(text)")
            }
            let allowed = Self.commonFields.union(Self.extraFields[resource] ?? [])
            for clause in parsed.clauses {
                switch clause {
                case .equals(let key, _), .notEquals(let key, _):
                    guard allowed.contains(key) else {
                        throw APIError.badRequest("field label not supported: \(key)")
                    }
                default:
                    throw APIError.badRequest("invalid selector: '\(text)'; can't understand '\(text)'")
                }
            }
            fields = parsed
        }
    }

    var isTrivial: Bool { labels == nil && fields == nil }

    func matches(_ object: JSONValue) -> Bool {
        if let namespace, !namespace.isEmpty, object.namespace != namespace { return false }
        if let labels {
            let map = object.labels
            if !labels.matches(labels: map) { return false }
        }
        if let fields {
            let ok = fields.matches { key in
                if key == "source" { return object[path: "source", "component"]?.stringValue ?? "" }
                return object.value(at: key.split(separator: ".").map(String.init))?.scalarText ?? ""
            }
            if !ok { return false }
        }
        return true
    }
}
