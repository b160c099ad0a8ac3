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

    init(path: String, method: HTTPMethod, watch: Bool) {
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
            case .GET, .HEAD: verb = watch || verb == "watch" ? "watch" : "list"
            case .DELETE: verb = "deletecollection"
            default: break
            }
        } else if watch, method == .GET {
            verb = "watch"
        }
    }

    var attributes: RequestAttributes {
        RequestAttributes(
            verb: verb, isResourceRequest: isResourceRequest, path: path, group: group, resource: resource,
            subresource: subresource, namespace: resource == "namespaces" ? (name.isEmpty ? "" : name) : namespace,
            name: name)
    }
}
