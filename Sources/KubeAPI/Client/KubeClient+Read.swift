import Foundation
import KubeModels

/// GET and LIST.
extension KubeClient {
    /// Reads one object (or one of its subresources, e.g. `status`, `scale`).
    public func get(
        _ resource: APIResource, name: String, namespace: String? = nil, subresource: String? = nil
    ) async throws -> JSONValue {
        let path = try resource.path(
            namespace: self.namespace(for: resource, namespace), name: name, subresource: subresource)
        return try await performJSON(KubeRequest(method: .get, path: path))
    }

    /// Reads one object decoded as `T` (a KubeModels type).
    public func get<T: Decodable>(
        _ resource: APIResource, name: String, namespace: String? = nil, subresource: String? = nil, as type: T.Type
    ) async throws -> T {
        let path = try resource.path(
            namespace: self.namespace(for: resource, namespace), name: name, subresource: subresource)
        let request = KubeRequest(method: .get, path: path)
        let response = try await perform(request)
        return try decode(T.self, from: response.body, request: request)
    }

    /// One page of a LIST. `namespace: nil` lists across all namespaces (unlike `get`, which
    /// falls back to the default namespace); pass `defaultNamespace` explicitly to scope it.
    /// Items get `apiVersion` and `kind` filled in, as the API omits them in lists.
    public func list(_ resource: APIResource, namespace: String? = nil, options: ListOptions = ListOptions())
        async throws
        -> KubeList<JSONValue>
    {
        let scope = resource.namespaced ? namespace : nil
        let request = KubeRequest(method: .get, path: try resource.path(namespace: scope), query: options.queryItems)
        let value = try await performJSON(request)
        guard let rawItems = value["items"]?.arrayValue ?? (value["items"]?.isNull == true ? [] : nil) else {
            throw KubeAPIError.decoding(request: request.description, problem: "not a list (no items)")
        }
        let metadata = try value["metadata"].map { try convert($0, to: ListMeta.self, request: request) } ?? ListMeta()
        let items = rawItems.map { item -> JSONValue in
            var item = item
            if item["apiVersion"] == nil { item["apiVersion"] = .string(resource.apiVersion) }
            if item["kind"] == nil { item["kind"] = .string(resource.kind) }
            return item
        }
        return KubeList(items: items, metadata: metadata)
    }

    /// One page of a LIST decoded as `T`.
    public func list<T: Decodable & Sendable>(
        _ resource: APIResource, namespace: String? = nil, options: ListOptions = ListOptions(), as type: T.Type
    ) async throws -> KubeList<T> {
        let page = try await list(resource, namespace: namespace, options: options)
        let request = KubeRequest(
            method: .get, path: try resource.path(namespace: resource.namespaced ? namespace : nil))
        return KubeList(
            items: try page.items.map { try convert($0, to: T.self, request: request) }, metadata: page.metadata)
    }

    /// Every page of a LIST, following `continue` tokens (`pageSize` per request). The returned
    /// metadata carries the resourceVersion of the first page, which is the consistent snapshot
    /// the pages belong to and the point to watch from.
    public func listAll(
        _ resource: APIResource, namespace: String? = nil, options: ListOptions = ListOptions(), pageSize: Int = 500
    ) async throws -> KubeList<JSONValue> {
        var options = options
        options.limit = options.limit ?? pageSize
        var first = try await list(resource, namespace: namespace, options: options)
        var token = first.continueToken
        // Later pages must not carry resourceVersion/resourceVersionMatch (the token pins the snapshot).
        options.resourceVersion = nil
        options.resourceVersionMatch = nil
        while let next = token {
            try Task.checkCancellation()
            options.continueToken = next
            let page = try await list(resource, namespace: namespace, options: options)
            first.items.append(contentsOf: page.items)
            token = page.continueToken
        }
        first.metadata.continue = nil
        first.metadata.remainingItemCount = nil
        return first
    }

    /// Every page of a LIST decoded as `T`.
    public func listAll<T: Decodable & Sendable>(
        _ resource: APIResource, namespace: String? = nil, options: ListOptions = ListOptions(), pageSize: Int = 500,
        as type: T.Type
    ) async throws -> KubeList<T> {
        let all = try await listAll(resource, namespace: namespace, options: options, pageSize: pageSize)
        let request = KubeRequest(
            method: .get, path: try resource.path(namespace: resource.namespaced ? namespace : nil))
        return KubeList(
            items: try all.items.map { try convert($0, to: T.self, request: request) }, metadata: all.metadata)
    }
}
