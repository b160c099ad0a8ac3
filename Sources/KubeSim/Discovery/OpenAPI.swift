import Crypto
import KubeModels

/// The OpenAPI v3 documents kubectl reads: an index of group-versions and, per group-version, the
/// paths whose PATCH operations declare the `fieldValidation` parameter, so kubectl leaves
/// validation to the server (`fieldValidation=Strict`) for built-in and custom resources alike.
enum OpenAPI {
    static func path(group: String, version: String) -> String {
        group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
    }

    static func index(_ registry: ResourceRegistry) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        var groupVersions: [(String, String)] = [("", "v1")]
        for group in registry.groups { for version in group.versions { groupVersions.append((group.name, version)) } }
        for (group, version) in groupVersions {
            let document = groupVersion(registry, group: group, version: version)
            let hash = SHA256.hash(data: JSONWriter.encode(document)).prefix(16).map { String(format: "%02X", $0) }.joined()
            let key = path(group: group, version: version)
            paths[key] = ["serverRelativeURL": .string("/openapi/v3/\(key)?hash=\(hash)")]
        }
        return ["paths": .object(paths)]
    }

    static func groupVersion(_ registry: ResourceRegistry, group: String, version: String) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        var schemas: [String: JSONValue] = [:]
        let parameters: JSONValue = [
            ["name": "fieldValidation", "in": "query", "description": "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields.", "schema": ["type": "string", "uniqueItems": true]],
            ["name": "dryRun", "in": "query", "schema": ["type": "string", "uniqueItems": true]],
            ["name": "fieldManager", "in": "query", "schema": ["type": "string", "uniqueItems": true]],
        ]
        for type in registry.types(group: group, version: version) where !type.isVirtual && !type.readOnly {
            let gvk: JSONValue = ["group": .string(group), "version": .string(version), "kind": .string(type.kind)]
            let prefix = "/" + path(group: group, version: version)
            let itemPath = type.namespaced ? "\(prefix)/namespaces/{namespace}/\(type.resource)/{name}" : "\(prefix)/\(type.resource)/{name}"
            let collectionPath = type.namespaced ? "\(prefix)/namespaces/{namespace}/\(type.resource)" : "\(prefix)/\(type.resource)"
            let responses: JSONValue = ["200": ["description": "OK"]]
            func operation(_ action: String) -> JSONValue {
                [
                    "operationId": .string("\(action)\(type.kind)"), "x-kubernetes-action": .string(action),
                    "x-kubernetes-group-version-kind": gvk, "parameters": parameters, "responses": responses,
                ]
            }
            paths[itemPath] = ["get": operation("get"), "put": operation("put"), "patch": operation("patch"), "delete": operation("delete")]
            paths[collectionPath] = ["get": operation("list"), "post": operation("post")]
            if let info = type.customResource, let schema = info.schemas[version] {
                let name = "\(reverseDomain(group)).\(version).\(type.kind)"
                var described = schema
                described["x-kubernetes-group-version-kind"] = [gvk]
                schemas[name] = described
            }
        }
        return [
            "openapi": "3.0.0", "info": ["title": "Kubernetes", "version": "v1.32.0"],
            "paths": .object(paths), "components": ["schemas": .object(schemas)],
        ]
    }

    private static func reverseDomain(_ group: String) -> String {
        group.split(separator: ".").reversed().joined(separator: ".")
    }
}
