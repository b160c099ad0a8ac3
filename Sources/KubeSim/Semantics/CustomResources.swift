import Foundation
import KubeModels

/// Turns CustomResourceDefinitions into served resource types: names, scope, versions, schemas,
/// subresources and printer columns, and the CRD's own status.
enum CustomResources {
    /// The resource type a CRD defines, or nil if the CRD is incomplete.
    static func resourceType(from crd: JSONValue) -> ResourceType? {
        guard let spec = crd["spec"], let group = spec["group"]?.stringValue,
            let plural = spec[path: "names", "plural"]?.stringValue, let kind = spec[path: "names", "kind"]?.stringValue
        else { return nil }
        let versions = spec["versions"]?.arrayValue ?? []
        let served = versions.filter { $0["served"]?.boolValue ?? true }
        guard !served.isEmpty else { return nil }
        let storage = served.first { $0["storage"]?.boolValue == true } ?? served[0]
        var names = served.compactMap { $0["name"]?.stringValue }
        if let storageName = storage["name"]?.stringValue {
            names.removeAll { $0 == storageName }
            names.insert(storageName, at: 0)
        }
        var schemas: [String: JSONValue] = [:]
        var columns: [String: [JSONValue]] = [:]
        for version in served {
            guard let name = version["name"]?.stringValue else { continue }
            schemas[name] = version[path: "schema", "openAPIV3Schema"] ?? spec[path: "validation", "openAPIV3Schema"]
            columns[name] = version["additionalPrinterColumns"]?.arrayValue ?? []
        }
        var subresources: Set<String> = []
        let storageSubresources = storage["subresources"] ?? spec["subresources"]
        if storageSubresources?["status"] != nil { subresources.insert("status") }
        if storageSubresources?["scale"] != nil { subresources.insert("scale") }
        let info = CustomResourceInfo(
            crdName: crd.name, schemas: schemas, printerColumns: columns,
            scaleSpecPath: storageSubresources?[path: "scale", "specReplicasPath"]?.stringValue,
            scaleStatusPath: storageSubresources?[path: "scale", "statusReplicasPath"]?.stringValue)
        return ResourceType(
            group: group, versions: names, resource: plural,
            singular: spec[path: "names", "singular"]?.stringValue ?? kind.lowercased(), kind: kind,
            namespaced: (spec["scope"]?.stringValue ?? "Namespaced") == "Namespaced",
            shortNames: (spec[path: "names", "shortNames"]?.arrayValue ?? []).compactMap(\.stringValue),
            categories: (spec[path: "names", "categories"]?.arrayValue ?? []).compactMap(\.stringValue),
            subresources: subresources, tracksGeneration: true, customResource: info)
    }

    static func register(_ crd: JSONValue, in registry: inout ResourceRegistry) {
        guard let type = resourceType(from: crd) else { return }
        registry.register(type)
    }

    /// The status a CRD gets once accepted: names accepted, established, stored version recorded.
    static func initialStatus(_ crd: JSONValue, now date: Date) -> JSONValue {
        let spec = crd["spec"] ?? .null
        var names = spec["names"]?.objectValue ?? [:]
        let kind = names["kind"]?.stringValue ?? ""
        if names["singular"] == nil { names["singular"] = .string(kind.lowercased()) }
        if names["listKind"] == nil { names["listKind"] = .string(kind + "List") }
        let storage = (spec["versions"]?.arrayValue ?? []).first { $0["storage"]?.boolValue == true }?["name"] ?? "v1"
        let now = Metadata.timestamp(date)
        return [
            "acceptedNames": .object(names),
            "conditions": [
                ["type": "NamesAccepted", "status": "True", "reason": "NoConflicts", "message": "no conflicts found", "lastTransitionTime": now],
                ["type": "Established", "status": "True", "reason": "InitialNamesAccepted", "message": "the initial names have been accepted", "lastTransitionTime": now],
            ],
            "storedVersions": [storage],
        ]
    }

    /// Validation of a CRD itself: the few rules that catch real mistakes.
    static func validateDefinition(_ crd: JSONValue) -> [FieldError] {
        var errors: [FieldError] = []
        let spec = crd["spec"] ?? .null
        let group = spec["group"]?.stringValue ?? ""
        let plural = spec[path: "names", "plural"]?.stringValue ?? ""
        if group.isEmpty { errors.append(FieldError(.required, field: "spec.group")) }
        if plural.isEmpty { errors.append(FieldError(.required, field: "spec.names.plural")) }
        if (spec[path: "names", "kind"]?.stringValue ?? "").isEmpty { errors.append(FieldError(.required, field: "spec.names.kind")) }
        if !group.isEmpty, !plural.isEmpty, crd.name != "\(plural).\(group)" {
            errors.append(FieldError(.invalid, field: "metadata.name", value: "\"\(crd.name)\"", detail: "must be spec.names.plural+\".\"+spec.group"))
        }
        let versions = spec["versions"]?.arrayValue ?? []
        if versions.isEmpty { errors.append(FieldError(.invalid, field: "spec.versions", value: "null", detail: "must have exactly one version marked as storage version")) }
        else if versions.filter({ $0["storage"]?.boolValue == true }).count != 1 {
            errors.append(FieldError(.invalid, field: "spec.versions", value: "[]", detail: "must have exactly one version marked as storage version"))
        }
        for (index, version) in versions.enumerated() where version[path: "schema", "openAPIV3Schema"] == nil {
            errors.append(FieldError(.required, field: "spec.versions[\(index)].schema.openAPIV3Schema", detail: "schemas are required"))
        }
        return errors
    }
}

extension ClusterStore {
    /// A deleted CRD stops serving and takes its custom resources with it.
    func tearDownCustomResource(_ crd: JSONValue) {
        guard let type = CustomResources.resourceType(from: crd) else { return }
        let storage = type.groupResource
        for key in orderedKeys(storage) {
            if let stored = buckets[storage]?[key] {
                commit(.deleted, storage, key: key, object: stored.object, old: stored.object)
            }
        }
        registry.unregister(storage)
    }

    /// Field validation beyond the schema under `fieldValidation=Strict`: unknown fields of
    /// built-in kinds (at every level their definitions describe, else at the top level) and of
    /// custom resources (against their schema).
    func validateFields(_ object: JSONValue, type: ResourceType, strict: Bool, name: String) throws(APIError) {
        guard strict, let fields = object.objectValue else { return }
        if let info = type.customResource {
            let version = object.apiVersionString.split(separator: "/").last.map(String.init) ?? type.preferredVersion
            guard let schema = info.schemas[version] ?? info.schemas[type.preferredVersion] else { return }
            let unknown = SchemaValidator.unknownFields(object, schema: schema)
            if !unknown.isEmpty {
                throw APIError.badRequest(
                    "\(type.kind) in version \"\(version)\" cannot be handled as a \(type.kind): strict decoding error: "
                        + unknown.map { "unknown field \"\($0)\"" }.joined(separator: ", "))
            }
            return
        }
        let schema = BuiltinSchemas.fieldSchema(for: type.storage)
        let unknown: [String]
        if schema.node != nil, type.storage == type.groupResource {
            unknown = BuiltinFields.unknownFields(object, schema: schema)
        } else {
            let allowed = BuiltinFields.topLevel(type.storage)
            unknown = fields.keys.filter { !allowed.contains($0) }.sorted()
        }
        if !unknown.isEmpty {
            throw APIError.badRequest(
                "\(type.kind) in version \"\(type.preferredVersion)\" cannot be handled as a \(type.kind): strict decoding error: "
                    + unknown.map { "unknown field \"\($0)\"" }.joined(separator: ", "))
        }
    }

    /// Kind-level validation: CRD definitions, custom resources against their schemas, and the
    /// basic required fields of built-in kinds.
    func validateObject(_ object: JSONValue, type: ResourceType, old: JSONValue?) throws(APIError) {
        var errors: [FieldError] = []
        if type.storage == .customresourcedefinitions {
            errors = CustomResources.validateDefinition(object)
        } else if let info = type.customResource {
            let version = object.apiVersionString.split(separator: "/").last.map(String.init) ?? type.preferredVersion
            if let schema = info.schemas[version] ?? info.schemas[type.preferredVersion] {
                var body = object
                body["metadata"] = nil
                body["apiVersion"] = nil
                body["kind"] = nil
                var schemaBody = schema
                if var properties = schemaBody["properties"]?.objectValue {
                    properties["metadata"] = nil
                    properties["apiVersion"] = nil
                    properties["kind"] = nil
                    schemaBody["properties"] = .object(properties)
                }
                errors = SchemaValidator.validate(body, schema: schemaBody, path: "")
            }
        } else {
            errors = BuiltinFields.validate(object, resource: type.storage)
        }
        if !errors.isEmpty {
            throw APIError.invalid(kind: type.kind, group: type.group, name: object.name, causes: errors)
        }
    }
}
