import Crypto
import KubeModels

/// The OpenAPI documents clients read: v3 (an index of group-versions and one document per
/// group-version, whose PATCH operations declare `fieldValidation` so kubectl leaves validation to
/// the server, and whose schemas serve `kubectl explain` and kubectl's strategic merge patches)
/// and v2 (one Swagger 2.0 document with every definition), from `BuiltinSchemas` and CRD schemas.
enum OpenAPI {
    static func path(group: String, version: String) -> String {
        group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
    }

    static func index(_ registry: ResourceRegistry) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        var groupVersions: [(String, String)] = [("", "v1")]
        for group in registry.groups { for version in group.versions { groupVersions.append((group.name, version)) } }
        for (group, version) in groupVersions {
            // The hash changes when the served types (or a CRD's schema) change.
            var fingerprint: [JSONValue] = ["kubesim-openapi-1"]
            for type in registry.types(group: group, version: version) {
                fingerprint.append(.string(type.resource))
                if let schema = type.customResource?.schemas[version] { fingerprint.append(schema) }
            }
            let hash = SHA256.hash(data: JSONWriter.encode(.array(fingerprint))).prefix(16).map { String(format: "%02X", $0) }.joined()
            let key = path(group: group, version: version)
            paths[key] = ["serverRelativeURL": .string("/openapi/v3/\(key)?hash=\(hash)")]
        }
        return ["paths": .object(paths)]
    }

    static let parameters: JSONValue = [
        ["name": "fieldValidation", "in": "query", "description": "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields.", "schema": ["type": "string", "uniqueItems": true]],
        ["name": "dryRun", "in": "query", "schema": ["type": "string", "uniqueItems": true]],
        ["name": "fieldManager", "in": "query", "schema": ["type": "string", "uniqueItems": true]],
    ]

    static func groupVersion(_ registry: ResourceRegistry, group: String, version: String) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        var schemas: [String: JSONValue] = [:]
        let roots = Set(BuiltinSchemas.kinds.values)
        for (name, definition) in BuiltinSchemas.definitions where !roots.contains(name) { schemas[name] = definition }
        for type in registry.types(group: group, version: version) where !type.isVirtual {
            let gvk: JSONValue = ["group": .string(group), "version": .string(version), "kind": .string(type.kind)]
            if !type.readOnly {
                let prefix = "/" + path(group: group, version: version)
                let itemPath = type.namespaced ? "\(prefix)/namespaces/{namespace}/\(type.resource)/{name}" : "\(prefix)/\(type.resource)/{name}"
                let collectionPath = type.namespaced ? "\(prefix)/namespaces/{namespace}/\(type.resource)" : "\(prefix)/\(type.resource)"
                func operation(_ action: String) -> JSONValue {
                    [
                        "operationId": .string("\(action)\(type.kind)"), "x-kubernetes-action": .string(action),
                        "x-kubernetes-group-version-kind": gvk, "parameters": parameters, "responses": ["200": ["description": "OK"]],
                    ]
                }
                paths[itemPath] = ["get": operation("get"), "put": operation("put"), "patch": operation("patch"), "delete": operation("delete")]
                paths[collectionPath] = ["get": operation("list"), "post": operation("post")]
            }
            let (name, root) = rootSchema(type, version: version)
            var described = root
            described["x-kubernetes-group-version-kind"] = [gvk]
            schemas[name] = described
        }
        let document: JSONValue = [
            "openapi": "3.0.0", "info": ["title": "Kubernetes", "version": "v1.32.0"],
            "paths": .object(paths), "components": ["schemas": .object(schemas)],
        ]
        return rewriteReferences(document, to: "#/components/schemas/")
    }

    /// The Swagger 2.0 document of `/openapi/v2`: every definition, kinds tagged with their GVK.
    static func swagger(_ registry: ResourceRegistry) -> JSONValue {
        var definitions = BuiltinSchemas.definitions
        for type in registry.all where !type.isVirtual {
            for version in type.versions {
                let (name, root) = rootSchema(type, version: version)
                var described = definitions[name] ?? root
                var gvks = described["x-kubernetes-group-version-kind"]?.arrayValue ?? []
                gvks.append(["group": .string(type.group), "version": .string(version), "kind": .string(type.kind)])
                described["x-kubernetes-group-version-kind"] = .array(gvks)
                definitions[name] = described
            }
        }
        return [
            "swagger": "2.0", "info": ["title": "Kubernetes", "version": "v1.32.0"], "paths": .object([:]),
            "definitions": .object(definitions),
        ]
    }

    /// The definition name and root schema of a type at a version.
    static func rootSchema(_ type: ResourceType, version: String) -> (String, JSONValue) {
        if let info = type.customResource {
            let name = "\(reverseDomain(type.group)).\(version).\(type.kind)"
            return (name, info.schemas[version] ?? BuiltinSchemas.open(type.kind))
        }
        let name = BuiltinSchemas.definitionName(type, version: version)
        return (name, BuiltinSchemas.definitions[name] ?? BuiltinSchemas.genericRoot(type))
    }

    static func rewriteReferences(_ value: JSONValue, to prefix: String) -> JSONValue {
        switch value {
        case .object(let fields):
            var out: [String: JSONValue] = [:]
            for (key, child) in fields {
                if key == "$ref", let ref = child.stringValue, ref.hasPrefix("#/definitions/") {
                    out[key] = .string(prefix + ref.dropFirst("#/definitions/".count))
                } else {
                    out[key] = rewriteReferences(child, to: prefix)
                }
            }
            return .object(out)
        case .array(let items):
            return .array(items.map { rewriteReferences($0, to: prefix) })
        default:
            return value
        }
    }

    private static func reverseDomain(_ group: String) -> String {
        group.split(separator: ".").reversed().joined(separator: ".")
    }
}
