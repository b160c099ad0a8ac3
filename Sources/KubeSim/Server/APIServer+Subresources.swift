import Foundation
import KubeModels
import NIOHTTP1

/// Subresources: status, scale, pod log, eviction and binding, ServiceAccount token, namespace finalize.
extension APIServer {
    func handleSubresource(
        _ request: HTTPRequest, info: RequestInfo, type: ResourceType, namespace: String?, user: UserInfo, writer: ResponseWriter
    ) async throws(APIError) {
        let resource = type.groupResource
        let version = info.version
        guard type.subresources.contains(info.subresource) else { throw APIError.pageNotFound() }
        switch (info.subresource, info.verb) {
        case ("status", "get"):
            return await send(json: try await store.get(resource, namespace: namespace, name: info.name, version: version), writer)
        case ("status", "update"), ("finalize", "update"):
            var body = try BodyDecoding.decode(request.body, contentType: nil)
            body.setValue(.string(info.name), at: ["metadata", "name"])
            let updated = try await store.update(
                resource, namespace: namespace, body, subresource: info.subresource == "status" ? "status" : nil,
                options: Self.writeOptions(request), version: version)
            return await send(json: updated, writer)
        case ("status", "patch"):
            let (patchType, body) = try Self.patchBody(request)
            let patched = try await store.patch(
                resource, namespace: namespace, name: info.name, type: patchType, body: body, subresource: "status",
                options: Self.writeOptions(request), version: version)
            return await send(json: patched, writer)
        case ("scale", "get"):
            let object = try await store.get(resource, namespace: namespace, name: info.name, version: version)
            return await send(json: Scale.from(object, type: type), writer)
        case ("scale", "update"), ("scale", "patch"):
            let object = try await store.get(resource, namespace: namespace, name: info.name, version: version)
            let current = Scale.from(object, type: type)
            let desired: JSONValue
            if info.verb == "update" {
                desired = try BodyDecoding.decode(request.body, contentType: nil)
            } else {
                let (patchType, body) = try Self.patchBody(request)
                switch patchType {
                case .json: desired = try Patch.json(current, body)
                default: desired = Patch.merge(current, body)
                }
            }
            if let requested = desired[path: "metadata", "resourceVersion"]?.stringValue, !requested.isEmpty,
                requested != object.resourceVersionString
            {
                throw APIError.staleUpdate(resource, info.name)
            }
            guard let replicas = desired[path: "spec", "replicas"]?.intValue else {
                throw APIError.badRequest("spec.replicas is required")
            }
            let path = Scale.specPath(type)
            let patch: JSONValue = path.reversed().reduce(JSONValue.int(replicas)) { inner, key in .object([key: inner]) }
            var options = Self.writeOptions(request)
            options.recordedSubresource = "scale"
            let updated = try await store.patch(
                resource, namespace: namespace, name: info.name, type: .merge, body: patch, options: options, version: version)
            return await send(json: Scale.from(updated, type: type), writer)
        case ("log", "get"):
            return try await servePodLog(request, namespace: namespace ?? "", name: info.name, writer: writer)
        case ("eviction", "create"):
            let body = try BodyDecoding.decode(request.body, contentType: nil)
            var options = DeleteOptions()
            options.gracePeriodSeconds = body[path: "deleteOptions", "gracePeriodSeconds"]?.intValue
            options.dryRun = (body[path: "deleteOptions", "dryRun"]?.arrayValue ?? []).contains("All") || (request.query["dryRun"]?.contains("All") ?? false)
            _ = try await store.delete(.pods, namespace: namespace, name: info.name, options: options)
            let status: JSONValue = ["kind": "Status", "apiVersion": "v1", "metadata": .object([:]), "status": "Success", "code": 201]
            return await send(json: status, status: .created, writer)
        case ("binding", "create"):
            let body = try BodyDecoding.decode(request.body, contentType: nil)
            guard let node = body[path: "target", "name"]?.stringValue else { throw APIError.badRequest("target.name is required") }
            let pod = try await store.get(.pods, namespace: namespace, name: info.name)
            if let bound = pod[path: "spec", "nodeName"]?.stringValue, !bound.isEmpty {
                throw APIError.conflict(.pods, info.name, "pod \(info.name) is already assigned to node \"\(bound)\"")
            }
            var updated = pod
            updated.setValue(.string(node), at: ["spec", "nodeName"])
            _ = try await store.update(.pods, namespace: namespace, updated, options: WriteOptions(preserveStatus: true))
            let status: JSONValue = ["kind": "Status", "apiVersion": "v1", "metadata": .object([:]), "status": "Success", "code": 201]
            return await send(json: status, status: .created, writer)
        case ("token", "create"):
            let body = try BodyDecoding.decode(request.body, contentType: nil)
            let response = try await store.requestToken(namespace: namespace ?? "", serviceAccount: info.name, request: body)
            return await send(json: response, status: .created, writer)
        default:
            throw APIError.methodNotAllowed()
        }
    }

    func servePodLog(_ request: HTTPRequest, namespace: String, name: String, writer: ResponseWriter) async throws(APIError) {
        let pod = try await store.get(.pods, namespace: namespace, name: name)
        let containers = (pod[path: "spec", "containers"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let initContainers = (pod[path: "spec", "initContainers"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let container: String
        if let requested = request.queryValue("container"), !requested.isEmpty {
            guard containers.contains(requested) || initContainers.contains(requested) else {
                throw APIError.badRequest("container \(requested) is not valid for pod \(name)")
            }
            container = requested
        } else if containers.count == 1 {
            container = containers[0]
        } else {
            throw APIError.badRequest("a container name must be specified for pod \(name), choose one of: [\(containers.joined(separator: " "))]")
        }
        var text = await store.podLog(namespace: namespace, pod: name, container: container)
        if let tail = request.queryValue("tailLines").flatMap(Int.init), tail >= 0 {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            text = lines.suffix(tail).map { $0 + "\n" }.joined()
        }
        await send(text: text, writer)
    }
}

/// The `autoscaling/v1 Scale` view of workloads and scalable custom resources.
enum Scale {
    static func specPath(_ type: ResourceType) -> [String] {
        if let path = type.customResource?.scaleSpecPath {
            return path.split(separator: ".").map(String.init)
        }
        return ["spec", "replicas"]
    }

    static func from(_ object: JSONValue, type: ResourceType) -> JSONValue {
        let specReplicas = object.value(at: specPath(type))?.intValue ?? 1
        let statusPath = type.customResource?.scaleStatusPath?.split(separator: ".").map(String.init) ?? ["status", "replicas"]
        var status: [String: JSONValue] = ["replicas": .int(object.value(at: statusPath)?.intValue ?? 0)]
        if let selector = object[path: "spec", "selector"], let parsed = try? selector.decode(as: LabelSelector.self) {
            status["selector"] = .string(parsed.queryString)
        }
        return [
            "kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": [
                "name": .string(object.name), "namespace": .string(object.namespace), "uid": .string(object.uid),
                "resourceVersion": .string(object.resourceVersionString),
                "creationTimestamp": object[path: "metadata", "creationTimestamp"] ?? .null,
            ],
            "spec": ["replicas": .int(specReplicas)], "status": .object(status),
        ]
    }
}

extension ClusterStore {
    /// TokenRequest: mints a token for an existing ServiceAccount (audiences and expiry honoured).
    public func requestToken(namespace: String, serviceAccount: String, request: JSONValue) throws(APIError) -> JSONValue {
        guard let account = buckets[.serviceaccounts]?[ObjectKey(namespace: namespace, name: serviceAccount)]?.object else {
            throw APIError.notFound(.serviceaccounts, serviceAccount)
        }
        let expiration = request[path: "spec", "expirationSeconds"]?.intValue ?? 3600
        if expiration < 600 {
            throw APIError.invalid(
                kind: "TokenRequest", group: "authentication.k8s.io", name: serviceAccount,
                causes: [FieldError(.invalid, field: "spec.expirationSeconds", value: String(expiration), detail: "may not specify a duration less than 10 minutes")])
        }
        let audiences = (request[path: "spec", "audiences"]?.arrayValue ?? []).compactMap(\.stringValue)
        let (token, grant) = tokens.mint(namespace: namespace, name: serviceAccount, uid: account.uid, audiences: audiences, expirationSeconds: expiration)
        return [
            "kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
            "metadata": ["name": .string(serviceAccount), "namespace": .string(namespace), "creationTimestamp": .null],
            "spec": [
                "audiences": .array(grant.audiences.map { .string($0) }), "expirationSeconds": .int(expiration),
                "boundObjectRef": request[path: "spec", "boundObjectRef"] ?? .null,
            ],
            "status": ["token": .string(token), "expirationTimestamp": .string(KubeTime.format(grant.expires))],
        ]
    }

    /// Whether a ServiceAccount token's account still exists (bound tokens die with their account).
    public func serviceAccountExists(namespace: String, name: String, uid: String) -> Bool {
        guard let account = buckets[.serviceaccounts]?[ObjectKey(namespace: namespace, name: name)] else { return false }
        return uid.isEmpty || account.object.uid == uid
    }
}
