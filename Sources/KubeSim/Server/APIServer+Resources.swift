import Foundation
import KubeModels
import NIOHTTP1

extension APIServer {
    func handleResource(_ request: HTTPRequest, info: RequestInfo, user: UserInfo, writer: ResponseWriter) async throws(APIError) {
        guard let type = await store.resourceType(group: info.group, version: info.version, resource: info.resource) else {
            throw APIError.pageNotFound()
        }
        let resource = type.groupResource
        let version = info.version
        if !type.namespaced, !info.namespace.isEmpty, info.resource != "namespaces" { throw APIError.pageNotFound() }
        let namespace: String? = type.namespaced ? (info.namespace.isEmpty ? nil : info.namespace) : nil
        if type.namespaced, namespace == nil, !["list", "watch"].contains(info.verb) { throw APIError.pageNotFound() }
        if !info.subresource.isEmpty {
            return try await handleSubresource(request, info: info, type: type, namespace: namespace, user: user, writer: writer)
        }
        if !type.verbs.contains(info.verb) && !(info.verb == "watch" && type.verbs.contains("list")) {
            throw APIError.methodNotAllowed()
        }
        let accept = request.headers.first(name: "Accept") ?? ""
        switch info.verb {
        case "get":
            let stored = try await store.getStored(resource, namespace: namespace, name: info.name, version: version)
            if Self.wantsTable(accept) {
                let table = TableBuilder.table(type: type, version: version, objects: [stored.object], resourceVersion: nil, continueToken: nil, includeObject: request.queryValue("includeObject"), wide: true, now: await store.now)
                return await send(json: table, writer)
            }
            if Self.wantsMetadata(accept) {
                return await send(json: Self.partialMetadata(stored.object), writer)
            }
            return await send(bytes: stored.encoded, writer)
        case "list":
            let result = try await store.list(resource, namespace: namespace, options: Self.listOptions(request), version: version)
            if Self.wantsTable(accept) {
                let table = TableBuilder.table(
                    type: type, version: version, objects: result.items.map(\.object), resourceVersion: result.resourceVersion,
                    continueToken: result.continueToken, includeObject: request.queryValue("includeObject"), wide: true,
                    now: await store.now)
                return await send(json: table, writer)
            }
            if Self.wantsMetadata(accept) {
                let list: JSONValue = [
                    "apiVersion": "meta.k8s.io/v1", "kind": "PartialObjectMetadataList",
                    "metadata": Self.listMeta(result), "items": .array(result.items.map { Self.partialMetadata($0.object) }),
                ]
                return await send(json: list, writer)
            }
            return await send(bytes: Self.encodeList(result, apiVersion: ResourceType.apiVersion(group: type.group, version: version), kind: type.listKind), writer)
        case "watch":
            return try await serveWatch(request, type: type, namespace: namespace, name: info.name, version: version, writer: writer)
        case "create":
            let body = try BodyDecoding.decode(request.body, contentType: request.headers.first(name: "Content-Type"))
            if type.isVirtual {
                let review = try await handleReview(type: type, body: body, user: user, namespace: namespace)
                return await send(json: review, status: .created, writer)
            }
            let created = try await store.create(resource, namespace: namespace, body, options: Self.writeOptions(request), version: version)
            return await send(json: created, status: .created, writer)
        case "update":
            let body = try BodyDecoding.decode(request.body, contentType: request.headers.first(name: "Content-Type"))
            if !body.name.isEmpty, body.name != info.name {
                throw APIError.badRequest("the name of the object (\(body.name)) does not match the name on the URL (\(info.name))")
            }
            var object = body
            object.setValue(.string(info.name), at: ["metadata", "name"])
            let updated = try await store.update(resource, namespace: namespace, object, options: Self.writeOptions(request), version: version)
            return await send(json: updated, writer)
        case "patch":
            let (patchType, body) = try Self.patchBody(request)
            let existed = (try? await store.getStored(resource, namespace: namespace, name: info.name, version: version)) != nil
            let patched = try await store.patch(
                resource, namespace: namespace, name: info.name, type: patchType, body: body, options: Self.writeOptions(request), version: version)
            return await send(json: patched, status: existed ? .ok : .created, writer)
        case "delete":
            let options = try Self.deleteOptions(request)
            let outcome = try await store.delete(resource, namespace: namespace, name: info.name, options: options, version: version)
            return await send(json: outcome.object, writer)
        case "deletecollection":
            let options = try Self.deleteOptions(request)
            let result = try await store.list(resource, namespace: namespace, options: Self.listOptions(request), version: version)
            var deleted: [StoredObject] = []
            for item in result.items {
                if let outcome = try? await store.delete(resource, namespace: item.object.namespace, name: item.object.name, options: options, version: version) {
                    deleted.append(StoredObject(object: outcome.object, resourceVersion: 0))
                }
            }
            let list = ListResult(items: deleted, resourceVersion: await store.currentResourceVersion)
            return await send(bytes: Self.encodeList(list, apiVersion: ResourceType.apiVersion(group: type.group, version: version), kind: type.listKind), writer)
        default:
            throw APIError.methodNotAllowed()
        }
    }

    // MARK: - Request options

    static func listOptions(_ request: HTTPRequest) -> ListOptions {
        ListOptions(
            labelSelector: request.queryValue("labelSelector"), fieldSelector: request.queryValue("fieldSelector"),
            limit: request.queryValue("limit").flatMap { Int($0) }, continueToken: request.queryValue("continue"),
            resourceVersion: request.queryValue("resourceVersion"), allowWatchBookmarks: request.queryFlag("allowWatchBookmarks"),
            timeoutSeconds: request.queryValue("timeoutSeconds").flatMap { Int($0) },
            sendInitialEvents: request.queryFlag("sendInitialEvents"))
    }

    static func writeOptions(_ request: HTTPRequest) -> WriteOptions {
        WriteOptions(
            dryRun: request.query["dryRun"]?.contains("All") ?? false,
            fieldManager: request.queryValue("fieldManager") ?? Metadata.defaultManager(userAgent: request.headers.first(name: "User-Agent")),
            fieldValidation: request.queryValue("fieldValidation"), force: request.queryFlag("force"))
    }

    static func deleteOptions(_ request: HTTPRequest) throws(APIError) -> DeleteOptions {
        var options = DeleteOptions()
        let body = request.body.isEmpty ? JSONValue.null : try BodyDecoding.decode(request.body, contentType: nil)
        options.gracePeriodSeconds = body["gracePeriodSeconds"]?.intValue ?? request.queryValue("gracePeriodSeconds").flatMap { Int64($0) }
        if let policy = body["propagationPolicy"]?.stringValue ?? request.queryValue("propagationPolicy") {
            guard let parsed = PropagationPolicy(rawValue: policy) else {
                throw APIError.badRequest("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"\(policy)\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")
            }
            options.propagationPolicy = parsed
        } else if let orphan = body["orphanDependents"]?.boolValue ?? request.queryValue("orphanDependents").map({ $0 == "true" }) {
            options.propagationPolicy = orphan ? .orphan : .background
        }
        options.preconditionUID = body[path: "preconditions", "uid"]?.stringValue
        options.preconditionResourceVersion = body[path: "preconditions", "resourceVersion"]?.stringValue
        let dryRun = (body["dryRun"]?.arrayValue ?? []).compactMap(\.stringValue) + (request.query["dryRun"] ?? [])
        options.dryRun = dryRun.contains("All")
        return options
    }

    static func patchBody(_ request: HTTPRequest) throws(APIError) -> (PatchType, JSONValue) {
        let contentType = (request.headers.first(name: "Content-Type") ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces)
        } ?? ""
        guard let patchType = PatchType(rawValue: contentType) else {
            throw APIError(
                code: 415, reason: "UnsupportedMediaType",
                message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json")
        }
        return (patchType, try BodyDecoding.decode(request.body, contentType: contentType))
    }

    // MARK: - Output shapes

    static func wantsTable(_ accept: String) -> Bool { accept.contains("as=Table") }
    static func wantsMetadata(_ accept: String) -> Bool { accept.contains("as=PartialObjectMetadata") }

    static func partialMetadata(_ object: JSONValue) -> JSONValue {
        ["apiVersion": "meta.k8s.io/v1", "kind": "PartialObjectMetadata", "metadata": object["metadata"] ?? .object([:])]
    }

    static func listMeta(_ result: ListResult) -> JSONValue {
        var meta: [String: JSONValue] = ["resourceVersion": .string(String(result.resourceVersion))]
        if let token = result.continueToken { meta["continue"] = .string(token) }
        if let remaining = result.remainingItemCount { meta["remainingItemCount"] = .int(Int64(remaining)) }
        return .object(meta)
    }

    /// A list response assembled from the items' cached bytes.
    static func encodeList(_ result: ListResult, apiVersion: String, kind: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(result.items.reduce(256) { $0 + $1.encoded.count + 1 })
        out.append(contentsOf: Array("{\"apiVersion\":".utf8))
        JSONWriter.appendString(apiVersion, into: &out)
        out.append(contentsOf: Array(",\"kind\":".utf8))
        JSONWriter.appendString(kind, into: &out)
        out.append(contentsOf: Array(",\"metadata\":".utf8))
        JSONWriter.write(listMeta(result), into: &out)
        out.append(contentsOf: Array(",\"items\":[".utf8))
        var first = true
        for item in result.items {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: item.encoded)
        }
        out.append(contentsOf: Array("]}".utf8))
        return out
    }
}
