import Foundation
import KubeModels
import TestSupport
import Testing

@testable import KubeSim

/// The bootstrap ClusterRole `system:auth-delegator`, as a real cluster has it: bound to a
/// ServiceAccount it allows TokenReview and SubjectAccessReview (what kars-sre's console needs in
/// token mode), and nothing else; without the binding both are forbidden.
@Suite("KubeSim system:auth-delegator")
struct AuthDelegatorTests {
    static let tokenReviews = "/apis/authentication.k8s.io/v1/tokenreviews"
    static let accessReviews = "/apis/authorization.k8s.io/v1/subjectaccessreviews"

    @Test func boundAccountsMayReviewTokensAndAccessOthersMayNot() async throws {
        let sim = try await KubeSim.start(KubeSimOptions())
        var clients: [SimHTTP] = []
        do {
            for name in ["console", "stranger"] {
                try await sim.store.create(.serviceaccounts, namespace: "default", AuthTests.serviceAccount(name))
            }
            try await sim.store.create(.clusterrolebindings, namespace: nil, [
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
                "metadata": ["name": "console-auth-delegator"],
                "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "system:auth-delegator"],
                "subjects": [["kind": "ServiceAccount", "name": "console", "namespace": "default"]],
            ])
            let strangerToken = try await AuthTests.mint(sim, "stranger")
            let tokenReview: JSONValue = [
                "apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": ["token": .string(strangerToken)],
            ]
            let accessReview: JSONValue = [
                "apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
                "spec": [
                    "user": "system:serviceaccount:default:stranger",
                    "resourceAttributes": ["verb": "list", "resource": "pods", "namespace": "default"],
                ],
            ]
            let console = try SimHTTP(sim, token: try await AuthTests.mint(sim, "console"))
            let stranger = try SimHTTP(sim, token: strangerToken)
            clients = [console, stranger]

            let reviewed = try await console.send(.post, Self.tokenReviews, body: tokenReview)
            #expect(reviewed.status == 201)
            #expect(
                SimHTTP.json(reviewed)[path: "status", "user", "username"]?.stringValue
                    == "system:serviceaccount:default:stranger")
            let checked = try await console.send(.post, Self.accessReviews, body: accessReview)
            #expect(checked.status == 201)
            #expect(SimHTTP.json(checked)[path: "status", "allowed"]?.boolValue == false)
            // The role grants the reviews only.
            #expect(try await console.send(.get, "/api/v1/namespaces/default/pods").status == 403)

            #expect(try await stranger.send(.post, Self.tokenReviews, body: tokenReview).status == 403)
            #expect(try await stranger.send(.post, Self.accessReviews, body: accessReview).status == 403)
        } catch {
            for client in clients { await client.shutdown() }
            await sim.stop()
            throw error
        }
        for client in clients { await client.shutdown() }
        await sim.stop()
    }
}
