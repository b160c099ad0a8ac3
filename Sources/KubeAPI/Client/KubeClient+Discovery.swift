import Foundation
import KubeModels

/// Discovery: server version, groups and the resources of a group version (e.g. which
/// kars.azure.com kinds are installed).
extension KubeClient {
    public func serverVersion() async throws -> ServerVersion {
        let request = KubeRequest(path: "/version")
        return try decode(ServerVersion.self, from: try await perform(request).body, request: request)
    }

    /// All API groups, the core group ("") first.
    public func apiGroups() async throws -> [APIGroupInfo] {
        let core = try await performJSON(KubeRequest(path: "/api"))
        let coreVersions = core["versions"]?.arrayValue?.compactMap(\.stringValue) ?? ["v1"]
        var groups = [APIGroupInfo(name: "", versions: coreVersions, preferredVersion: coreVersions.first)]
        let apis = try await performJSON(KubeRequest(path: "/apis"))
        for group in apis["groups"]?.arrayValue ?? [] {
            guard let name = group["name"]?.stringValue else { continue }
            let versions = group["versions"]?.arrayValue?.compactMap { $0["version"]?.stringValue } ?? []
            let preferred = group[path: "preferredVersion", "version"]?.stringValue
            groups.append(APIGroupInfo(name: name, versions: versions, preferredVersion: preferred ?? versions.first))
        }
        return groups
    }

    /// The resources of one group version (`group: ""` for core). Throws NotFound when the group
    /// version is not served (e.g. the kars CRDs are not installed).
    public func apiResources(group: String, version: String) async throws -> [APIResourceInfo] {
        let path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        let list = try await performJSON(KubeRequest(path: path))
        return (list["resources"]?.arrayValue ?? []).compactMap { entry in
            guard let name = entry["name"]?.stringValue, let kind = entry["kind"]?.stringValue else { return nil }
            return APIResourceInfo(
                name: name, kind: kind, namespaced: entry["namespaced"]?.boolValue ?? false,
                verbs: entry["verbs"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                shortNames: entry["shortNames"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                group: group, version: version)
        }
    }

    /// True when the server serves `resource` (its group version lists it).
    public func isServed(_ resource: APIResource) async throws -> Bool {
        do {
            return try await apiResources(group: resource.group, version: resource.version)
                .contains { $0.name == resource.name }
        } catch let error as KubeAPIError where error.isNotFound {
            return false
        }
    }
}
