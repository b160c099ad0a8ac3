import NIOHTTP1

/// What a URL addresses, parsed as the real server's RequestInfoFactory does: API prefix, group,
/// version, namespace, resource, name, subresource, and the verb from method and query.
struct RequestInfo: Sendable {
    var isResourceRequest = false
    var path: String
    var verb: String
    var group = ""
    var version = ""
    var namespace = ""
    var resource = ""
    var name = ""
    var subresource = ""
    /// `/api` or `/apis/...` without a resource: discovery.
    var isDiscovery = false

    static let namespaceSubresources: Set<String> = ["status", "finalize"]

    /// `fieldSelector` names the object of a LIST or WATCH when it requires `metadata.name=X`, as
    /// in the real server (so RBAC `resourceNames` apply to `kubectl get pod x -w`).
    init(path: String, method: HTTPMethod, watch: Bool, fieldSelector: String? = nil) {
        self.path = path
        let lowerVerb: String
        switch method {
        case .POST: lowerVerb = "create"
        case .GET, .HEAD: lowerVerb = "get"
        case .PUT: lowerVerb = "update"
        case .PATCH: lowerVerb = "patch"
        case .DELETE: lowerVerb = "delete"
        default: lowerVerb = ""
        }
        verb = lowerVerb
        var parts = path.split(separator: "/").map(String.init)
        guard let prefix = parts.first, prefix == "api" || prefix == "apis" else { return }
        parts.removeFirst()
        if prefix == "apis" {
            guard parts.count >= 2 else {
                isDiscovery = true
                group = parts.first ?? ""
                return
            }
            group = parts.removeFirst()
        } else if parts.isEmpty {
            isDiscovery = true
            return
        }
        version = parts.removeFirst()
        if parts.isEmpty {
            isDiscovery = true
            return
        }
        isResourceRequest = true
        if parts.first == "watch" {
            parts.removeFirst()
            verb = "watch"
        }
        if parts.first == "namespaces", parts.count > 1 {
            namespace = parts[1]
            if parts.count > 2, !Self.namespaceSubresources.contains(parts[2]) {
                parts.removeFirst(2)
            }
        }
        resource = parts.first ?? ""
        if parts.count > 1 { name = parts[1] }
        if parts.count > 2 { subresource = parts[2] }
        if resource == "namespaces" {
            // /api/v1/namespaces/NAME is the namespace itself, not a namespace scope.
            namespace = name.isEmpty ? "" : name
        }
        if name.isEmpty {
            switch method {
            case .GET, .HEAD:
                verb = watch || verb == "watch" ? "watch" : "list"
                if let selected = Self.exactName(fieldSelector) { name = selected }
            case .DELETE: verb = "deletecollection"
            default: break
            }
        } else if watch, method == .GET {
            verb = "watch"
        }
    }

    /// The X of a `metadata.name=X` (or `==`) requirement of a field selector.
    static func exactName(_ selector: String?) -> String? {
        guard let selector, !selector.isEmpty else { return nil }
        for clause in selector.split(separator: ",") {
            let text = clause.trimmingCharacters(in: .whitespaces)
            for prefix in ["metadata.name==", "metadata.name="] where text.hasPrefix(prefix) {
                let value = String(text.dropFirst(prefix.count))
                return Metadata.isValidName(value) || !value.contains("/") && !value.isEmpty ? value : nil
            }
        }
        return nil
    }

    var attributes: RequestAttributes {
        RequestAttributes(
            verb: verb, isResourceRequest: isResourceRequest, path: path, group: group, resource: resource,
            subresource: subresource, namespace: resource == "namespaces" ? (name.isEmpty ? "" : name) : namespace,
            name: name)
    }
}
