import Foundation
import KubeModels
import Logging
import NIOCore
import NIOHTTP1

/// The Kubernetes API over HTTP: authentication, authorization, fault injection, discovery and
/// OpenAPI, and the resource verbs on top of the store.
final class APIServer: Sendable {
    let store: ClusterStore
    let tokens: TokenAuthority
    let faults: FaultInjector?
    let logger: Logger
    let address: @Sendable () -> String
    /// How often a watch that allows bookmarks gets one.
    let bookmarkInterval: Duration

    init(
        store: ClusterStore, tokens: TokenAuthority, faults: FaultInjector?, logger: Logger,
        bookmarkInterval: Duration = .seconds(5), address: @escaping @Sendable () -> String
    ) {
        self.bookmarkInterval = bookmarkInterval
        self.store = store
        self.tokens = tokens
        self.faults = faults
        self.logger = logger
        self.address = address
    }

    static let publicPaths: Set<String> = ["/healthz", "/livez", "/readyz", "/version"]

    func handle(_ request: HTTPRequest, _ writer: ResponseWriter) async {
        if let faults, request.path.hasPrefix("/api") {
            switch await faults.decide(for: request) {
            case .proceed: break
            case .fail(let error): return await sendError(error, writer)
            }
        }
        let identity = await authenticate(request)
        if identity == nil, !Self.publicPaths.contains(request.path) {
            return await sendError(APIError.unauthorized, writer)
        }
        var user = identity ?? UserInfo(username: "system:anonymous", groups: ["system:unauthenticated"])
        if identity != nil, request.headers.first(name: "Impersonate-User") != nil {
            switch await impersonate(request, as: user) {
            case .success(let impersonated): user = impersonated
            case .failure(let error): return await sendError(error, writer)
            }
        }
        let info = RequestInfo(
            path: request.path, method: request.method, watch: request.queryFlag("watch"),
            fieldSelector: request.queryValue("fieldSelector"))
        if identity != nil {
            let decision = await store.authorize(user, info.attributes)
            if !decision.allowed {
                let message = info.attributes.forbiddenMessage(user: user.username)
                let details = StatusDetails(name: info.name.isEmpty ? nil : info.name, group: info.group.isEmpty ? nil : info.group, kind: info.resource.isEmpty ? nil : info.resource)
                return await sendError(APIError(code: 403, reason: "Forbidden", message: message, details: details), writer)
            }
        }
        do {
            if info.isResourceRequest {
                try await handleResource(request, info: info, user: user, writer: writer)
            } else {
                try await handleNonResource(request, info: info, writer: writer)
            }
        } catch {
            await sendError(error, writer)
        }
    }

    /// The bearer token's identity; a ServiceAccount token is void once its account is gone.
    func authenticate(_ request: HTTPRequest) async -> UserInfo? {
        guard let header = request.headers.first(name: "Authorization"), header.lowercased().hasPrefix("bearer ") else {
            return nil
        }
        let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard let (user, grant) = tokens.authenticate(token, audiences: TokenAuthority.apiAudiences) else { return nil }
        if let grant, !(await store.serviceAccountExists(namespace: grant.namespace, name: grant.name, uid: grant.uid)) {
            return nil
        }
        return user
    }

    /// `Impersonate-User`/`-Group`/`-Uid` (kubectl `--as`, `--as-group`): the requester must be
    /// allowed to `impersonate` each; a ServiceAccount username gets its groups as when it logs in.
    func impersonate(_ request: HTTPRequest, as requester: UserInfo) async -> Result<UserInfo, APIError> {
        let username = request.headers.first(name: "Impersonate-User") ?? ""
        let groups = request.headers["Impersonate-Group"]
        var checks: [RequestAttributes] = []
        var target: UserInfo
        let parts = username.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 4, parts[0] == "system", parts[1] == "serviceaccount" {
            checks.append(RequestAttributes(verb: "impersonate", resource: "serviceaccounts", namespace: parts[2], name: parts[3]))
            target = .serviceAccount(namespace: parts[2], name: parts[3], uid: "")
        } else {
            checks.append(RequestAttributes(verb: "impersonate", resource: "users", name: username))
            target = UserInfo(username: username, groups: ["system:authenticated"])
        }
        for group in groups {
            checks.append(RequestAttributes(verb: "impersonate", resource: "groups", name: group))
            if !target.groups.contains(group) { target.groups.insert(group, at: max(target.groups.count - 1, 0)) }
        }
        if let uid = request.headers.first(name: "Impersonate-Uid") {
            checks.append(RequestAttributes(verb: "impersonate", group: "authentication.k8s.io", resource: "uids", name: uid))
            target.uid = uid
        }
        for check in checks where !(await store.authorize(requester, check).allowed) {
            let what = check.resource == "serviceaccounts" ? "serviceaccounts" : check.resource
            return .failure(
                APIError(
                    code: 403, reason: "Forbidden",
                    message: "\(what) \"\(check.name)\" is forbidden: User \"\(requester.username)\" cannot impersonate resource \"\(what)\" in API group \"\(check.group)\"\(check.namespace.isEmpty ? " at the cluster scope" : " in the namespace \"\(check.namespace)\"")",
                    details: StatusDetails(name: check.name, kind: what)))
        }
        return .success(target)
    }

    // MARK: - Non-resource paths

    func handleNonResource(_ request: HTTPRequest, info: RequestInfo, writer: ResponseWriter) async throws(APIError) {
        let path = request.path.hasSuffix("/") && request.path.count > 1 ? String(request.path.dropLast()) : request.path
        let accept = request.headers.first(name: "Accept") ?? ""
        switch path {
        case "/healthz", "/livez", "/readyz":
            return await send(text: "ok", writer)
        case "/version":
            return await send(json: Discovery.version(), writer)
        case "/api":
            if accept.contains("as=APIGroupDiscoveryList") {
                let registry = await store.registry
                return await send(json: Discovery.aggregated(registry, core: true), contentType: Discovery.aggregatedContentType, writer)
            }
            return await send(json: Discovery.apiVersions(address: address()), writer)
        case "/apis":
            let registry = await store.registry
            if accept.contains("as=APIGroupDiscoveryList") {
                return await send(json: Discovery.aggregated(registry, core: false), contentType: Discovery.aggregatedContentType, writer)
            }
            return await send(json: Discovery.groupList(registry), writer)
        case "/metrics":
            let counts = await store.objectCounts()
            var text = "# HELP apiserver_storage_objects Number of stored objects at the time of last check split by kind.\n"
            text += "# TYPE apiserver_storage_objects gauge\n"
            for (resource, count) in counts { text += "apiserver_storage_objects{resource=\"\(resource)\"} \(count)\n" }
            return await send(text: text, contentType: "text/plain; version=0.0.4; charset=utf-8", writer)
        case "/openapi/v2":
            // The protobuf form is not served: a client asking only for it (client-go) gets 406.
            let wantsJSON = accept.isEmpty || accept.contains("json") || accept.contains("*/*")
            guard wantsJSON else {
                throw APIError(code: 406, reason: "NotAcceptable", message: "only the following media types are accepted: application/json")
            }
            return await send(json: OpenAPI.swagger(await store.registry), writer)
        case "/openapi/v3":
            return await send(json: OpenAPI.index(await store.registry), writer)
        default:
            break
        }
        if path.hasPrefix("/openapi/v3/") {
            let rest = path.dropFirst("/openapi/v3/".count).split(separator: "/").map(String.init)
            let registry = await store.registry
            if rest.count == 2, rest[0] == "api" {
                return await send(json: OpenAPI.groupVersion(registry, group: "", version: rest[1]), writer)
            }
            if rest.count == 3, rest[0] == "apis", registry.groups.contains(where: { $0.name == rest[1] && $0.versions.contains(rest[2]) }) {
                return await send(json: OpenAPI.groupVersion(registry, group: rest[1], version: rest[2]), writer)
            }
            throw APIError.pageNotFound()
        }
        if info.isDiscovery {
            let registry = await store.registry
            if path == "/api/v1" || (!info.version.isEmpty && path.hasPrefix("/apis/")) {
                if let list = Discovery.resourceList(registry, group: info.group, version: info.version) {
                    return await send(json: list, writer)
                }
            } else if path.hasPrefix("/apis/"), let group = Discovery.group(registry, name: info.group) {
                return await send(json: group, writer)
            }
        }
        throw APIError.pageNotFound()
    }

    // MARK: - Responses

    func send(json: JSONValue, status: HTTPResponseStatus = .ok, contentType: String = "application/json", _ writer: ResponseWriter) async {
        await writer.send(status: status, headers: [("Content-Type", contentType), ("Cache-Control", "no-cache, private")], body: JSONWriter.encode(json))
    }

    func send(bytes: [UInt8], status: HTTPResponseStatus = .ok, contentType: String = "application/json", _ writer: ResponseWriter) async {
        await writer.send(status: status, headers: [("Content-Type", contentType), ("Cache-Control", "no-cache, private")], body: bytes)
    }

    func send(text: String, contentType: String = "text/plain; charset=utf-8", _ writer: ResponseWriter) async {
        await writer.send(status: .ok, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }

    func sendError(_ error: Error, _ writer: ResponseWriter) async {
        let apiError = (error as? APIError) ?? APIError.internalError("\(error)")
        let body = (try? JSONValue(encoding: apiError.status)) ?? .null
        var headers: [(String, String)] = [("Content-Type", "application/json"), ("Cache-Control", "no-cache, private")]
        headers += apiError.headers
        await writer.send(status: HTTPResponseStatus(statusCode: apiError.code), headers: headers, body: JSONWriter.encode(body))
    }
}
