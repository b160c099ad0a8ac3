import KubeModels

/// The discovery documents kubectl reads to map kinds to resources: `/version`, legacy `/api`,
/// `/apis`, `/api/v1`, `/apis/G/V`, and the aggregated `apidiscovery.k8s.io/v2` form.
enum Discovery {
    static let aggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"

    static func version() -> JSONValue {
        [
            "major": "1", "minor": "32", "gitVersion": "v1.32.0-kubesim", "gitCommit": "kubesim",
            "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23.0", "compiler": "gc",
            "platform": "linux/amd64",
        ]
    }

    static func apiVersions(address: String) -> JSONValue {
        [
            "kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(address)]],
        ]
    }

    static func groupEntry(_ name: String, _ versions: [String]) -> JSONValue {
        let list: [JSONValue] = versions.map { ["groupVersion": .string("\(name)/\($0)"), "version": .string($0)] }
        return [
            "name": .string(name), "versions": .array(list),
            "preferredVersion": list.first ?? .null,
        ]
    }

    static func groupList(_ registry: ResourceRegistry) -> JSONValue {
        [
            "kind": "APIGroupList", "apiVersion": "v1",
            "groups": .array(registry.groups.map { groupEntry($0.name, $0.versions) }),
        ]
    }

    static func group(_ registry: ResourceRegistry, name: String) -> JSONValue? {
        guard let entry = registry.groups.first(where: { $0.name == name }) else { return nil }
        var value = groupEntry(entry.name, entry.versions)
        value["kind"] = "APIGroup"
        value["apiVersion"] = "v1"
        return value
    }

    /// Kind and verbs of a subresource as the real server lists them.
    static func subresourceInfo(_ subresource: String, type: ResourceType) -> (group: String, version: String, kind: String, verbs: [String]) {
        switch subresource {
        case "status": return (type.group, type.preferredVersion, type.kind, ["get", "patch", "update"])
        case "scale": return ("autoscaling", "v1", "Scale", ["get", "patch", "update"])
        case "log": return ("", "v1", "Pod", ["get"])
        case "eviction": return ("policy", "v1", "Eviction", ["create"])
        case "binding": return ("", "v1", "Binding", ["create"])
        case "token": return ("authentication.k8s.io", "v1", "TokenRequest", ["create"])
        case "finalize": return ("", "v1", "Namespace", ["update"])
        case "ephemeralcontainers": return ("", "v1", "Pod", ["get", "patch", "update"])
        default: return (type.group, type.preferredVersion, type.kind, ["get"])
        }
    }

    static func resourceList(_ registry: ResourceRegistry, group: String, version: String) -> JSONValue? {
        let types = registry.types(group: group, version: version)
        guard !types.isEmpty else { return nil }
        var resources: [JSONValue] = []
        for type in types {
            var entry: [String: JSONValue] = [
                "name": .string(type.resource), "singularName": .string(type.singular), "namespaced": .bool(type.namespaced),
                "kind": .string(type.kind), "verbs": .array(type.verbs.map { .string($0) }),
            ]
            if !type.shortNames.isEmpty { entry["shortNames"] = .array(type.shortNames.map { .string($0) }) }
            if !type.categories.isEmpty { entry["categories"] = .array(type.categories.map { .string($0) }) }
            if type.customResource == nil, type.group != "metrics.k8s.io" { entry["storageVersionHash"] = .string(String(type.kind.hashValue & 0xFFFFFF, radix: 36)) }
            resources.append(.object(entry))
            for subresource in type.subresources.sorted() {
                let info = subresourceInfo(subresource, type: type)
                var sub: [String: JSONValue] = [
                    "name": .string("\(type.resource)/\(subresource)"), "singularName": "", "namespaced": .bool(type.namespaced),
                    "kind": .string(info.kind), "verbs": .array(info.verbs.map { .string($0) }),
                ]
                if info.group != type.group || info.version != type.preferredVersion {
                    sub["group"] = .string(info.group)
                    sub["version"] = .string(info.version)
                }
                resources.append(.object(sub))
            }
        }
        return [
            "kind": "APIResourceList", "apiVersion": "v1",
            "groupVersion": .string(ResourceType.apiVersion(group: group, version: version)),
            "resources": .array(resources),
        ]
    }

    /// The aggregated discovery document for `/api` (core) or `/apis` (all groups).
    static func aggregated(_ registry: ResourceRegistry, core: Bool) -> JSONValue {
        var items: [JSONValue] = []
        let groups: [(name: String, versions: [String])] = core ? [("", ["v1"])] : registry.groups
        for group in groups {
            var versions: [JSONValue] = []
            for version in group.versions {
                let resources: [JSONValue] = registry.types(group: group.name, version: version).map { type in
                    var entry: [String: JSONValue] = [
                        "resource": .string(type.resource),
                        "responseKind": ["group": .string(type.group), "version": .string(version), "kind": .string(type.kind)],
                        "scope": type.namespaced ? "Namespaced" : "Cluster",
                        "singularResource": .string(type.singular),
                        "verbs": .array(type.verbs.map { .string($0) }),
                    ]
                    if !type.shortNames.isEmpty { entry["shortNames"] = .array(type.shortNames.map { .string($0) }) }
                    if !type.categories.isEmpty { entry["categories"] = .array(type.categories.map { .string($0) }) }
                    if !type.subresources.isEmpty {
                        entry["subresources"] = .array(type.subresources.sorted().map { subresource in
                            let info = subresourceInfo(subresource, type: type)
                            return [
                                "subresource": .string(subresource),
                                "responseKind": ["group": .string(info.group), "version": .string(info.version), "kind": .string(info.kind)],
                                "verbs": .array(info.verbs.map { .string($0) }),
                            ]
                        })
                    }
                    return .object(entry)
                }
                versions.append(["version": .string(version), "resources": .array(resources), "freshness": "Current"])
            }
            var metadata: [String: JSONValue] = [:]
            if !group.name.isEmpty { metadata["name"] = .string(group.name) }
            items.append(["metadata": .object(metadata), "versions": .array(versions)])
        }
        return ["kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": .object([:]), "items": .array(items)]
    }
}
