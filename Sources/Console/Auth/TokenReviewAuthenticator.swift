import Crypto
import Foundation
import KubeAPI
import KubeModels
import Remediation

/// In-cluster authentication: the bearer token is checked with a TokenReview, then a
/// SubjectAccessReview asks whether that user may `list` (read) or `patch` (decide)
/// karssreactions in the actions namespace. Answers are cached for a short time per token digest
/// (the token itself is never stored or logged).
public actor TokenReviewAuthenticator: ConsoleAuthenticator {
    static let tokenReviews = APIResource(
        group: "authentication.k8s.io", version: "v1", name: "tokenreviews", kind: "TokenReview", namespaced: false)
    static let subjectAccessReviews = APIResource(
        group: "authorization.k8s.io", version: "v1", name: "subjectaccessreviews", kind: "SubjectAccessReview",
        namespaced: false)

    let client: KubeClient
    let namespace: String
    let cacheTTL: TimeInterval
    private var cache: [String: (result: AuthResult, at: Date)] = [:]

    public nonisolated var needsToken: Bool { true }

    public init(client: KubeClient, namespace: String, cacheTTL: TimeInterval = 10) {
        self.client = client
        self.namespace = namespace
        self.cacheTTL = cacheTTL
    }

    public func authorize(token: String?, verb: ConsoleVerb) async -> AuthResult {
        guard let token, !token.isEmpty else {
            return .unauthenticated("a bearer token is required: sign in at /login or send Authorization: Bearer")
        }
        let key = Self.digest(token) + ":" + verb.rawValue
        if let hit = cache[key], Date().timeIntervalSince(hit.at) < cacheTTL { return hit.result }
        let result = await review(token: token, verb: verb)
        if cache.count > 1000 { cache = [:] }
        cache[key] = (result, Date())
        return result
    }

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private func review(token: String, verb: ConsoleVerb) async -> AuthResult {
        let user: JSONValue
        do {
            let answer = try await client.create(
                Self.tokenReviews,
                ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": ["token": .string(token)]])
            guard answer[path: "status", "authenticated"]?.boolValue == true, let info = answer[path: "status", "user"] else {
                return .unauthenticated("the API server did not authenticate this token")
            }
            user = info
        } catch {
            return .unauthenticated("TokenReview failed: \(error)")
        }
        let username = user["username"]?.stringValue ?? ""
        let apiVerb = verb == .decide ? "patch" : "list"
        var spec: [String: JSONValue] = [
            "user": .string(username), "groups": user["groups"] ?? .array([]),
            "resourceAttributes": [
                "verb": .string(apiVerb), "group": "kars.azure.com", "version": "v1alpha1", "resource": "karssreactions",
                "namespace": .string(namespace),
            ],
        ]
        if let uid = user["uid"] { spec["uid"] = uid }
        if let extra = user["extra"] { spec["extra"] = extra }
        do {
            let answer = try await client.create(
                Self.subjectAccessReviews,
                ["apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview", "spec": .object(spec)])
            if answer[path: "status", "allowed"]?.boolValue == true {
                return .allowed(ApproverIdentity(name: username, verified: true))
            }
            return .forbidden(
                user: username,
                reason: "\(username) may not \(apiVerb) karssreactions.kars.azure.com in namespace \(namespace)")
        } catch {
            return .forbidden(user: username, reason: "SubjectAccessReview failed: \(error)")
        }
    }
}
