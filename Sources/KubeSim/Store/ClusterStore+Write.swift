import Foundation
import KubeModels

extension ClusterStore {
    // MARK: - Create

    /// POST: creates an object (generateName, defaults, admission, quota), or with `dryRun` only checks.
    @discardableResult
    public func create(
        _ resource: GroupResource, namespace: String? = nil, _ object: JSONValue, options: WriteOptions = WriteOptions(),
        version: String? = nil
    ) throws(APIError) -> JSONValue {
        try insert(resource, namespace: namespace, object, options: options, version: version, applied: false)
    }

    /// Create, by POST or by a server-side apply of a missing object (`applied`: the manager then
    /// owns only what it applied, with operation `Apply`).
    func insert(
        _ resource: GroupResource, namespace: String?, _ object: JSONValue, options: WriteOptions, version: String?, applied: Bool
    ) throws(APIError) -> JSONValue {
        let type = try resolve(resource)
        guard !type.isVirtual else { throw APIError.methodNotAllowed() }
        guard object.objectValue != nil else { throw APIError.badRequest("the body of the request was not a JSON object") }
        var obj = Conversion.toStorage(object, from: type)
        try checkKind(obj, type: type, version: version)
        obj["apiVersion"] = .string(storageAPIVersion(type, version: version))
        obj["kind"] = .string(type.kind)
        let ns: String
        if type.namespaced {
            let bodyNamespace = obj.namespace
            if let namespace, !namespace.isEmpty, !bodyNamespace.isEmpty, bodyNamespace != namespace {
                throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
            }
            ns = (namespace?.isEmpty == false ? namespace : nil) ?? (bodyNamespace.isEmpty ? "default" : bodyNamespace)
            obj.setValue(.string(ns), at: ["metadata", "namespace"])
        } else {
            ns = ""
            obj.setValue(nil, at: ["metadata", "namespace"])
        }
        if obj.name.isEmpty, let prefix = obj[path: "metadata", "generateName"]?.stringValue, !prefix.isEmpty {
            var candidate = prefix + Metadata.randomSuffix()
            while buckets[type.storage]?[ObjectKey(namespace: ns, name: candidate)] != nil {
                candidate = prefix + Metadata.randomSuffix()
            }
            obj.setValue(.string(candidate), at: ["metadata", "name"])
        }
        let name = obj.name
        guard !name.isEmpty else {
            throw APIError.invalid(
                kind: type.kind, group: type.group, name: "",
                causes: [FieldError(.required, field: "metadata.name", detail: "name or generateName is required")])
        }
        if let problem = Metadata.nameProblem(name, resource: type.storage) {
            throw APIError.invalid(
                kind: type.kind, group: type.group, name: name,
                causes: [FieldError(.invalid, field: "metadata.name", value: "\"\(name)\"", detail: problem)])
        }
        let key = ObjectKey(namespace: ns, name: name)
        if buckets[type.storage]?[key] != nil { throw APIError.alreadyExists(resource, name) }
        if type.namespaced { try admitNamespace(ns) }
        try checkTypes(obj, type: type)
        try validateFields(obj, type: type, strict: options.fieldValidation == "Strict", name: name)
        if type.hasStatus, !options.preserveStatus { obj["status"] = nil }
        Defaulting.applyCreateDefaults(&obj, resource: type.storage, clusterIP: { allocateClusterIP() })
        try validateObject(obj, type: type, old: nil)
        if type.storage == .pods { try admitPodQuota(obj, namespace: ns) }
        try admitCountQuota(type: type, namespace: ns, name: name)
        let now = clock()
        Metadata.prepareForCreate(&obj, type: type, now: now)
        if type.storage == .customresourcedefinitions { obj["status"] = CustomResources.initialStatus(obj, now: now) }
        let schema = fieldSchema(type, version: version)
        let apiVersion = storageAPIVersion(type, version: version)
        if applied, let manager = options.fieldManager {
            var config = ServerSideApply.stripNulls(object)
            config.setValue(nil, at: ["metadata", "managedFields"])
            let owned = ManagedFields.fieldSet(of: config, schema: schema, skipStatus: type.hasStatus)
            let entry = ManagedFieldsEntry(
                manager: manager, operation: "Apply", apiVersion: apiVersion, time: Metadata.timestamp(now), subresource: nil, fields: owned)
            ManagedFields.store([entry], in: &obj)
        } else {
            obj.setValue(nil, at: ["metadata", "managedFields"])
            ManagedFields.recordUpdate(
                old: nil, new: &obj, manager: options.fieldManager, apiVersion: apiVersion, subresource: nil,
                time: Metadata.timestamp(now), schema: schema, skipStatus: false)
        }
        if options.dryRun { return Conversion.present(obj, as: type, version: version) }
        let stored = commit(.added, type.storage, key: key, object: obj, old: nil)
        afterWrite(type: type, object: stored.object, old: nil)
        return present(stored, type: type, version: version).object
    }

    static let dnsMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

    func storageAPIVersion(_ type: ResourceType, version: String?) -> String {
        if type.storage == .events { return "v1" }
        return ResourceType.apiVersion(group: type.group, version: version ?? type.preferredVersion)
    }

    func checkKind(_ object: JSONValue, type: ResourceType, version: String?) throws(APIError) {
        if let kind = object["kind"]?.stringValue, !kind.isEmpty, kind != type.kind {
            throw APIError.badRequest("the kind in the data (\(kind)) does not match the expected kind (\(type.kind))")
        }
        if let apiVersion = object["apiVersion"]?.stringValue, !apiVersion.isEmpty {
            let group = apiVersion.contains("/") ? String(apiVersion.split(separator: "/")[0]) : ""
            if group != type.group {
                let expected = ResourceType.apiVersion(group: type.group, version: version ?? type.preferredVersion)
                throw APIError.badRequest(
                    "the API version in the data (\(apiVersion)) does not match the expected API version (\(expected))")
            }
        }
    }

    func allocateClusterIP() -> String {
        let used = Set(objects(.services).compactMap { $0[path: "spec", "clusterIP"]?.stringValue })
        var counter = 10
        while true {
            let ip = "10.96.\(counter / 250).\(counter % 250 + 1)"
            if !used.contains(ip) { return ip }
            counter += 1
        }
    }

    // MARK: - Update

    /// PUT: replaces an object. A stale `metadata.resourceVersion` is a 409 Conflict. On a kind with a
    /// status subresource, PUT of the main resource keeps the old status and PUT of `status` keeps
    /// everything else. Generation is bumped only when the spec changes.
    @discardableResult
    public func update(
        _ resource: GroupResource, namespace: String? = nil, _ object: JSONValue, subresource: String? = nil,
        options: WriteOptions = WriteOptions(), version: String? = nil
    ) throws(APIError) -> JSONValue {
        let type = try resolve(resource)
        guard !type.isVirtual else { throw APIError.methodNotAllowed() }
        var obj = Conversion.toStorage(object, from: type)
        try checkKind(obj, type: type, version: version)
        let ns = type.namespaced ? (namespace ?? (obj.namespace.isEmpty ? "default" : obj.namespace)) : ""
        let name = obj.name
        guard !name.isEmpty else {
            throw APIError.invalid(
                kind: type.kind, group: type.group, name: "",
                causes: [FieldError(.required, field: "metadata.name", detail: "name is required")])
        }
        let key = ObjectKey(namespace: ns, name: name)
        guard let current = buckets[type.storage]?[key] else {
            if subresource == nil, Self.createOnUpdate.contains(type.storage) {
                return try create(resource, namespace: namespace, object, options: options, version: version)
            }
            throw APIError.notFound(resource, name)
        }
        let requestedRV = obj.resourceVersionString
        if !requestedRV.isEmpty, requestedRV != String(current.resourceVersion) {
            throw APIError.staleUpdate(resource, name)
        }
        if let uid = obj[path: "metadata", "uid"]?.stringValue, !uid.isEmpty, uid != current.object.uid {
            throw APIError.conflict(
                resource, name, "Precondition failed: UID in precondition: \(uid), UID in object meta: \(current.object.uid)")
        }
        try checkTypes(obj, type: type)
        try validateFields(obj, type: type, strict: options.fieldValidation == "Strict", name: name)
        obj["apiVersion"] = .string(storageAPIVersion(type, version: version))
        obj["kind"] = .string(type.kind)
        return try replace(type: type, key: key, current: current, proposed: obj, subresource: subresource, options: options, version: version, operation: "Update")
    }

    /// Kinds whose PUT creates a missing object, as in the real server.
    static let createOnUpdate: Set<GroupResource> = [.events, GroupResource(resource: "endpoints"), GroupResource(group: "coordination.k8s.io", resource: "leases")]

    /// The common tail of update and patch: server-owned fields, status split, generation,
    /// validation, finalization, commit.
    func replace(
        type: ResourceType, key: ObjectKey, current: StoredObject, proposed: JSONValue, subresource: String?,
        options: WriteOptions, version: String?, operation: String
    ) throws(APIError) -> JSONValue {
        let old = current.object
        var obj = proposed
        if type.hasStatus, !options.preserveStatus {
            if subresource == "status" {
                var merged = old
                merged["status"] = obj["status"]
                // Status writers may still update labels and annotations in the real server only
                // through the main resource; keep metadata as it was.
                obj = merged
            } else if subresource == nil {
                obj["status"] = old["status"]
            }
        }
        // Server-owned metadata.
        for field in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "name"] {
            obj.setValue(old[path: "metadata", field], at: ["metadata", field])
        }
        if type.storage == .secrets { Defaulting.foldStringData(&obj) }
        if type.storage == .namespaces, obj.name != "" {
            obj.setValue(.string(obj.name), at: ["metadata", "labels", "kubernetes.io/metadata.name"])
        }
        if (type.tracksGeneration || type.customResource != nil), obj.specPart != old.specPart {
            let generation = old[path: "metadata", "generation"]?.intValue ?? 1
            obj.setValue(.int(generation + 1), at: ["metadata", "generation"])
        }
        if old.hasDeletionTimestamp {
            // New finalizers may not be added to an object being deleted.
            let added = Set(obj.finalizers).subtracting(old.finalizers)
            if !added.isEmpty {
                throw APIError.invalid(
                    kind: type.kind, group: type.group, name: key.name,
                    causes: [FieldError(.forbidden, field: "metadata.finalizers", detail: "no new finalizers can be added if the object is being deleted, found new finalizers []string{\"\(added.sorted().joined(separator: "\", \""))\"}")])
            }
        }
        try validateObject(obj, type: type, old: old)
        let now = clock()
        let proposedManaged = obj[path: "metadata", "managedFields"]
        let clientSetManaged = operation != "Apply" && proposedManaged != nil && proposedManaged != old[path: "metadata", "managedFields"]
        if operation != "Apply" {
            var base = old
            if clientSetManaged { base.setValue(proposedManaged, at: ["metadata", "managedFields"]) }
            ManagedFields.recordUpdate(
                old: base, new: &obj, manager: options.fieldManager, apiVersion: storageAPIVersion(type, version: version),
                subresource: options.recordedSubresource ?? subresource, time: Metadata.timestamp(now),
                schema: fieldSchema(type, version: version), skipStatus: false)
        }
        var comparable = obj
        comparable.setValue(old[path: "metadata", "resourceVersion"], at: ["metadata", "resourceVersion"])
        if !clientSetManaged, Self.withoutTimes(obj[path: "metadata", "managedFields"]) == Self.withoutTimes(old[path: "metadata", "managedFields"]) {
            comparable.setValue(old[path: "metadata", "managedFields"], at: ["metadata", "managedFields"])
        }
        if comparable == old {
            return present(current, type: type, version: version).object
        }
        if options.dryRun { return Conversion.present(obj, as: type, version: version) }
        if old.hasDeletionTimestamp, obj.finalizers.isEmpty, !awaitingKubelet(type: type, object: obj) {
            let removed = removeNow(type.storage, key: key, object: obj)
            return present(removed, type: type, version: version).object
        }
        let stored = commit(.modified, type.storage, key: key, object: obj, old: old)
        afterWrite(type: type, object: stored.object, old: old)
        return present(stored, type: type, version: version).object
    }

    /// Managed fields without their times (a write that changes only times is a no-op).
    static func withoutTimes(_ entries: JSONValue?) -> JSONValue? {
        guard let list = entries?.arrayValue else { return entries }
        return .array(list.map { entry in
            var copy = entry
            copy["time"] = nil
            return copy
        })
    }

    /// The schema server-side apply and validation read for a type: a CRD's structural schema,
    /// a built-in definition, or none (shapes are then guessed from field names).
    func fieldSchema(_ type: ResourceType, version: String?) -> FieldSchema {
        if let info = type.customResource {
            return FieldSchema(node: info.schemas[version ?? type.preferredVersion] ?? info.schemas[type.preferredVersion])
        }
        return BuiltinSchemas.fieldSchema(for: type.storage)
    }

    /// Bookkeeping after a committed create or update: CRDs start serving, namespaces get their
    /// default ServiceAccount, quotas are recomputed.
    func afterWrite(type: ResourceType, object: JSONValue, old: JSONValue?) {
        switch type.storage {
        case .customresourcedefinitions:
            CustomResources.register(object, in: &registry)
        case .namespaces where old == nil:
            let account: JSONValue = [
                "apiVersion": "v1", "kind": "ServiceAccount",
                "metadata": ["name": "default", "namespace": .string(object.name)],
            ]
            if buckets[.serviceaccounts]?[ObjectKey(namespace: object.name, name: "default")] == nil {
                var prepared = account
                if let saType = registry[.serviceaccounts] {
                    Metadata.prepareForCreate(&prepared, type: saType, now: clock())
                    commit(.added, .serviceaccounts, key: ObjectKey(namespace: object.name, name: "default"), object: prepared, old: nil)
                }
            }
        default:
            break
        }
        if type.namespaced, type.storage != .resourcequotas || old == nil || object["spec"] != old?["spec"] {
            if type.storage == .pods || type.storage == .resourcequotas || quotaTracks(type.storage, namespace: object.namespace) {
                recomputeQuotas(namespace: object.namespace)
            }
        }
    }
}
