import Foundation
import KubeModels

extension ClusterStore {
    /// PATCH: merge, JSON, strategic merge (built-in kinds only, as in the real server) or
    /// server-side apply (creates the object if missing). A `metadata.resourceVersion` in the patch is
    /// a precondition.
    @discardableResult
    public func patch(
        _ resource: GroupResource, namespace: String? = nil, name: String, type patchType: PatchType, body: JSONValue,
        subresource: String? = nil, options: WriteOptions = WriteOptions(), version: String? = nil
    ) throws(APIError) -> JSONValue {
        let type = try resolve(resource)
        guard !type.isVirtual else { throw APIError.methodNotAllowed() }
        if patchType == .strategic, type.customResource != nil {
            throw APIError(
                code: 415, reason: "UnsupportedMediaType",
                message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml")
        }
        let key = ObjectKey(namespace: type.namespaced ? namespace ?? "" : "", name: name)
        guard let current = buckets[type.storage]?[key] else {
            if patchType == .apply, subresource == nil {
                var object = body
                object.setValue(.string(name), at: ["metadata", "name"])
                if type.namespaced, let namespace { object.setValue(.string(namespace), at: ["metadata", "namespace"]) }
                guard let manager = options.fieldManager, !manager.isEmpty else {
                    throw APIError.badRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch")
                }
                try validateFields(body, type: type, strict: options.fieldValidation == "Strict", name: name)
                return try insert(resource, namespace: namespace, object, options: options, version: version, applied: true)
            }
            throw APIError.notFound(resource, name)
        }
        if patchType == .apply {
            guard let manager = options.fieldManager, !manager.isEmpty else {
                throw APIError.badRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch")
            }
            try validateFields(body, type: type, strict: options.fieldValidation == "Strict", name: name)
        }
        let live = present(current, type: type, version: version).object
        var patched: JSONValue
        switch patchType {
        case .merge: patched = Patch.merge(live, body)
        case .json: patched = try Patch.json(live, body)
        case .strategic: patched = Patch.strategic(live, body)
        case .apply:
            var config = Conversion.toStorage(body, from: type)
            config.setValue(nil, at: ["metadata", "managedFields"])
            config.setValue(nil, at: ["metadata", "resourceVersion"])
            let scope = ServerSideApply.Scope(statusOnly: subresource == "status", skipStatus: type.hasStatus && subresource == nil)
            patched = try ServerSideApply.apply(
                live: Conversion.toStorage(live, from: type), config: config, manager: options.fieldManager ?? "",
                force: options.force, apiVersion: storageAPIVersion(type, version: version), time: Metadata.timestamp(clock()),
                schema: fieldSchema(type, version: version), scope: scope)
        }
        if let requested = body[path: "metadata", "resourceVersion"]?.stringValue, !requested.isEmpty,
            requested != String(current.resourceVersion)
        {
            throw APIError.staleUpdate(resource, name)
        }
        patched = Conversion.toStorage(patched, from: type)
        try checkTypes(patched, type: type)
        patched.setValue(.string(String(current.resourceVersion)), at: ["metadata", "resourceVersion"])
        if patched.name != name {
            throw APIError.badRequest("the name of the object (\(patched.name)) does not match the name on the URL (\(name))")
        }
        patched["apiVersion"] = .string(storageAPIVersion(type, version: version))
        patched["kind"] = .string(type.kind)
        return try replace(
            type: type, key: key, current: current, proposed: patched, subresource: subresource, options: options,
            version: version, operation: patchType == .apply ? "Apply" : "Update")
    }
}
