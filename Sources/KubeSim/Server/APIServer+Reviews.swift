import Foundation
import KubeModels

/// The review APIs: TokenReview, SelfSubjectReview (`kubectl auth whoami`), SubjectAccessReview,
/// SelfSubjectAccessReview (`kubectl auth can-i`), LocalSubjectAccessReview, SelfSubjectRulesReview.
extension APIServer {
    func handleReview(type: ResourceType, body: JSONValue, user: UserInfo, namespace: String?) async throws(APIError) -> JSONValue {
        var review = body
        review["apiVersion"] = .string(type.apiVersion)
        review["kind"] = .string(type.kind)
        if review["metadata"] == nil { review["metadata"] = ["creationTimestamp": .null] }
        switch type.resource {
        case "tokenreviews":
            let token = body[path: "spec", "token"]?.stringValue ?? ""
            let wanted = (body[path: "spec", "audiences"]?.arrayValue ?? []).compactMap(\.stringValue)
            var status: [String: JSONValue] = ["authenticated": false]
            if let (identity, grant) = tokens.authenticate(token) {
                var alive = true
                if let grant {
                    alive = await store.serviceAccountExists(namespace: grant.namespace, name: grant.name, uid: grant.uid)
                }
                let tokenAudiences = grant?.audiences ?? [TokenAuthority.defaultAudience]
                let targets = wanted.isEmpty ? TokenAuthority.apiAudiences : wanted
                let matched = targets.filter { tokenAudiences.contains($0) }
                if alive, !matched.isEmpty {
                    status = ["authenticated": true, "user": Self.userJSON(identity), "audiences": .array(matched.map { .string($0) })]
                } else if alive {
                    status["error"] = .string("[invalid bearer token, token audiences \(tokenAudiences) is invalid for the target audiences \(targets)]")
                } else {
                    status["error"] = "[invalid bearer token, service account has been deleted]"
                }
            } else if !token.isEmpty {
                status["error"] = "[invalid bearer token, token lookup failed]"
            }
            review["status"] = .object(status)
        case "selfsubjectreviews":
            review["status"] = ["userInfo": Self.userJSON(user)]
        case "subjectaccessreviews", "localsubjectaccessreviews", "selfsubjectaccessreviews":
            let subject: UserInfo
            if type.resource == "selfsubjectaccessreviews" {
                subject = user
            } else {
                let spec = body["spec"] ?? .null
                subject = UserInfo(
                    username: spec["user"]?.stringValue ?? "", uid: spec["uid"]?.stringValue ?? "",
                    groups: (spec["groups"]?.arrayValue ?? []).compactMap(\.stringValue))
            }
            var attributes: RequestAttributes
            if let resource = body[path: "spec", "resourceAttributes"] {
                attributes = RequestAttributes(
                    verb: resource["verb"]?.stringValue ?? "", group: resource["group"]?.stringValue ?? "",
                    resource: resource["resource"]?.stringValue ?? "", subresource: resource["subresource"]?.stringValue ?? "",
                    namespace: resource["namespace"]?.stringValue ?? "", name: resource["name"]?.stringValue ?? "")
                if type.resource == "localsubjectaccessreviews" { attributes.namespace = namespace ?? "" }
            } else if let nonResource = body[path: "spec", "nonResourceAttributes"] {
                attributes = RequestAttributes(
                    verb: nonResource["verb"]?.stringValue ?? "", isResourceRequest: false, path: nonResource["path"]?.stringValue ?? "")
            } else {
                throw APIError.invalid(
                    kind: type.kind, group: type.group, name: "",
                    causes: [FieldError(.invalid, field: "spec.resourceAttributes", value: "null", detail: "exactly one of nonResourceAttributes or resourceAttributes must be specified")])
            }
            let decision = await store.authorize(subject, attributes)
            var status: [String: JSONValue] = ["allowed": .bool(decision.allowed)]
            if !decision.reason.isEmpty { status["reason"] = .string(decision.reason) }
            review["status"] = .object(status)
        case "selfsubjectrulesreviews":
            review["status"] = ["resourceRules": [], "nonResourceRules": [], "incomplete": true, "evaluationError": "rules review not supported by KubeSim"]
        default:
            throw APIError.methodNotAllowed()
        }
        return review
    }

    static func userJSON(_ user: UserInfo) -> JSONValue {
        var value: [String: JSONValue] = [
            "username": .string(user.username), "groups": .array(user.groups.map { .string($0) }),
        ]
        if !user.uid.isEmpty { value["uid"] = .string(user.uid) }
        if !user.extra.isEmpty {
            value["extra"] = .object(user.extra.mapValues { .array($0.map { .string($0) }) })
        }
        return .object(value)
    }
}
