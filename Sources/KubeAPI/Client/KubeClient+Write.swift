import Foundation
import KubeModels

/// POST, PUT, PATCH (merge, JSON, strategic, server-side apply) and DELETE. Every write takes
/// `dryRun` so the controller can preview an action with the server's admission chain.
extension KubeClient {
    /// Creates an object; the namespace defaults to `metadata.namespace`, then the client's default.
    public func create(
        _ resource: APIResource, _ object: JSONValue, namespace: String? = nil, options: WriteOptions = .none
    ) async throws -> JSONValue {
        let scope = namespace ?? object[path: "metadata", "namespace"]?.stringValue
        let path = try resource.path(namespace: self.namespace(for: resource, scope))
        let request = KubeRequest(
            method: .post, path: path, query: options.queryItems, headers: ["Content-Type": "application/json"],
            body: try encode(Self.withTypeMeta(object, resource)))
        return try await performJSON(request)
    }

    /// Creates a typed object and decodes the server's answer. (Labelled `typed:` so that a
    /// dictionary literal always means the JSONValue overload.)
    public func create<T: Codable>(
        _ resource: APIResource, typed object: T, namespace: String? = nil, options: WriteOptions = .none
    ) async throws -> T {
        let created = try await create(
            resource, try JSONValue(encoding: object), namespace: namespace, options: options)
        return try convert(
            created, to: T.self, request: KubeRequest(method: .post, path: try resource.path(namespace: namespace)))
    }

    /// Replaces an object (PUT). With `metadata.resourceVersion` set this is an optimistic-concurrency
    /// update that fails with 409 Conflict when someone else changed it; never retried.
    /// `subresource: "status"` replaces the status.
    public func update(
        _ resource: APIResource, _ object: JSONValue, namespace: String? = nil, subresource: String? = nil,
        options: WriteOptions = .none
    ) async throws -> JSONValue {
        guard let name = object[path: "metadata", "name"]?.stringValue, !name.isEmpty else {
            throw KubeAPIError.invalidRequest("update of \(resource) needs metadata.name")
        }
        let scope = namespace ?? object[path: "metadata", "namespace"]?.stringValue
        let path = try resource.path(
            namespace: self.namespace(for: resource, scope), name: name, subresource: subresource)
        let request = KubeRequest(
            method: .put, path: path, query: options.queryItems, headers: ["Content-Type": "application/json"],
            body: try encode(Self.withTypeMeta(object, resource)))
        return try await performJSON(request, idempotent: false)
    }

    /// Replaces a typed object and decodes the answer.
    public func update<T: Codable>(
        _ resource: APIResource, typed object: T, namespace: String? = nil, subresource: String? = nil,
        options: WriteOptions = .none
    ) async throws -> T {
        let updated = try await update(
            resource, try JSONValue(encoding: object), namespace: namespace, subresource: subresource, options: options)
        return try convert(updated, to: T.self, request: KubeRequest(method: .put, path: resource.groupVersionPath))
    }

    /// Patches an object. `patch` is the JSON body (an object for merge/strategic/apply, an array
    /// of operations for `.json`). For `.apply` a field manager is required: pass it in `options`
    /// or it defaults to "kars-sre".
    public func patch(
        _ resource: APIResource, name: String, namespace: String? = nil, patch: JSONValue, type: PatchType = .merge,
        subresource: String? = nil, options: WriteOptions = .none
    ) async throws -> JSONValue {
        let path = try resource.path(
            namespace: self.namespace(for: resource, namespace), name: name, subresource: subresource)
        var options = options
        var query: [QueryItem]
        var body = patch
        if case .apply(let force) = type {
            if options.fieldManager?.isEmpty ?? true { options.fieldManager = "kars-sre" }
            query = options.queryItems
            if force { query.append(QueryItem("force", "true")) }
            if subresource == nil { body = Self.withTypeMeta(patch, resource) }
        } else {
            query = options.queryItems
        }
        let request = KubeRequest(
            method: .patch, path: path, query: query, headers: ["Content-Type": type.contentType],
            body: try encode(body))
        return try await performJSON(request, idempotent: false)
    }

    /// Server-side apply of a full object (name and namespace taken from its metadata).
    public func apply(
        _ resource: APIResource, _ object: JSONValue, fieldManager: String, force: Bool = false, dryRun: Bool = false
    ) async throws -> JSONValue {
        guard let name = object[path: "metadata", "name"]?.stringValue, !name.isEmpty else {
            throw KubeAPIError.invalidRequest("apply of \(resource) needs metadata.name")
        }
        return try await patch(
            resource, name: name, namespace: object[path: "metadata", "namespace"]?.stringValue, patch: object,
            type: .apply(force: force), options: WriteOptions(dryRun: dryRun, fieldManager: fieldManager))
    }

    /// Deletes an object. Returns what the server answered: the object (with deletionTimestamp
    /// while finalizers run) or a Status. Retried on 5xx only when preconditions make it safe.
    @discardableResult
    public func delete(
        _ resource: APIResource, name: String, namespace: String? = nil, options: DeleteOptions = DeleteOptions()
    ) async throws -> JSONValue {
        let path = try resource.path(namespace: self.namespace(for: resource, namespace), name: name)
        let request = KubeRequest(
            method: .delete, path: path, query: options.dryRun ? [QueryItem("dryRun", "All")] : [],
            headers: ["Content-Type": "application/json"], body: try encode(options.body))
        return try await performJSON(request, idempotent: options.hasPreconditions)
    }

    /// Fills apiVersion/kind when the caller left them out (the server requires them).
    static func withTypeMeta(_ object: JSONValue, _ resource: APIResource) -> JSONValue {
        var object = object
        guard object.objectValue != nil else { return object }
        if object["apiVersion"]?.stringValue?.isEmpty ?? true { object["apiVersion"] = .string(resource.apiVersion) }
        if object["kind"]?.stringValue?.isEmpty ?? true { object["kind"] = .string(resource.kind) }
        return object
    }
}
