import Foundation
import KubeModels

/// Who the API server thinks we are (`SelfSubjectReview`): shown by `kars-sre doctor` so an
/// operator sees which identity and groups the agent runs with.
public struct UserInfo: Sendable, Hashable {
    public var username: String
    public var uid: String?
    public var groups: [String]
    public var extra: [String: [String]]
}

/// The answer of a `SelfSubjectAccessReview`: may we do this verb on this resource?
public struct AccessReviewResult: Sendable, Hashable {
    public var allowed: Bool
    public var denied: Bool
    public var reason: String?
    public var evaluationError: String?
}

/// Identity and permission checks.
extension KubeClient {
    /// `POST /apis/authentication.k8s.io/v1/selfsubjectreviews`.
    public func selfSubjectReview() async throws -> UserInfo {
        let body: JSONValue = ["apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"]
        let request = KubeRequest(
            method: .post, path: "/apis/authentication.k8s.io/v1/selfsubjectreviews",
            headers: ["Content-Type": "application/json"], body: try encode(body))
        let answer = try await performJSON(request, idempotent: true)
        guard let info = answer[path: "status", "userInfo"] else {
            throw KubeAPIError.decoding(
                request: request.description, problem: "SelfSubjectReview has no status.userInfo")
        }
        var extra: [String: [String]] = [:]
        for (key, value) in info["extra"]?.objectValue ?? [:] {
            extra[key] = value.arrayValue?.compactMap(\.stringValue) ?? []
        }
        return UserInfo(
            username: info["username"]?.stringValue ?? "", uid: info["uid"]?.stringValue,
            groups: info["groups"]?.arrayValue?.compactMap(\.stringValue) ?? [], extra: extra)
    }

    /// `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews` for a resource attribute.
    public func accessReview(
        verb: String, resource: APIResource, namespace: String? = nil, name: String? = nil, subresource: String? = nil
    ) async throws -> AccessReviewResult {
        var attributes: [String: JSONValue] = [
            "verb": .string(verb), "group": .string(resource.group), "version": .string(resource.version),
            "resource": .string(resource.name),
        ]
        if resource.namespaced, let namespace { attributes["namespace"] = .string(namespace) }
        if let name { attributes["name"] = .string(name) }
        if let subresource { attributes["subresource"] = .string(subresource) }
        let body: JSONValue = [
            "apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
            "spec": ["resourceAttributes": .object(attributes)],
        ]
        let request = KubeRequest(
            method: .post, path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            headers: ["Content-Type": "application/json"], body: try encode(body))
        let answer = try await performJSON(request, idempotent: true)
        let status = answer["status"] ?? [:]
        return AccessReviewResult(
            allowed: status["allowed"]?.boolValue ?? false, denied: status["denied"]?.boolValue ?? false,
            reason: status["reason"]?.stringValue, evaluationError: status["evaluationError"]?.stringValue)
    }
}
