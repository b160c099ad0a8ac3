import Foundation
import KubeAPI
import KubeModels
@testable import KubeSim
import TestSupport
import Testing

@Suite("KubeSim authentication and RBAC")
struct AuthTests {
    static func serviceAccount(_ name: String, namespace: String = "default") -> JSONValue {
        ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": .string(name), "namespace": .string(namespace)]]
    }

    static func mint(_ sim: KubeSim, _ account: String, seconds: Int64 = 3600, audiences: [String] = []) async throws -> String {
        var spec: [String: JSONValue] = ["expirationSeconds": .int(seconds)]
        if !audiences.isEmpty { spec["audiences"] = .array(audiences.map { .string($0) }) }
        let response = try await sim.store.requestToken(namespace: "default", serviceAccount: account, request: ["spec": .object(spec)])
        return response[path: "status", "token"]?.stringValue ?? ""
    }

    @Test func tokenRequestExpiryAndAudienceAreHonoured() async throws {
        let clock = TestClock(Date())
        let sim = try await KubeSim.start(KubeSimOptions(now: clock.now))
        try await sim.store.create(.serviceaccounts, namespace: "default", Self.serviceAccount("bot"))
        let token = try await Self.mint(sim, "bot", seconds: 600)
        let http = try SimHTTP(sim, token: token)
        #expect(try await http.send(.get, "/api").status == 200)
        clock.advance(599)
        #expect(try await http.send(.get, "/api").status == 200)
        clock.advance(2)
        let expired = try await http.send(.get, "/api")
        #expect(expired.status == 401)
        #expect(SimHTTP.json(expired)["message"]?.stringValue == "Unauthorized")

        // A token for another audience is not accepted by the API server, but TokenReview for
        // that audience accepts it.
        let vault = try await Self.mint(sim, "bot", audiences: ["vault"])
        let foreign = try SimHTTP(sim, token: vault)
        #expect(try await foreign.send(.get, "/api").status == 401)
        let admin = try SimHTTP(sim)
        let review = SimHTTP.json(try await admin.send(.post, "/apis/authentication.k8s.io/v1/tokenreviews", body: [
            "apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": ["token": .string(vault), "audiences": ["vault"]],
        ]))
        #expect(review[path: "status", "authenticated"]?.boolValue == true)
        #expect(review[path: "status", "user", "username"]?.stringValue == "system:serviceaccount:default:bot")
        let wrongAudience = SimHTTP.json(try await admin.send(.post, "/apis/authentication.k8s.io/v1/tokenreviews", body: [
            "apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": ["token": .string(vault)],
        ]))
        #expect(wrongAudience[path: "status", "authenticated"]?.boolValue == false)

        // Too short an expiry is refused with the real message.
        do {
            _ = try await Self.mint(sim, "bot", seconds: 60)
            Issue.record("expected 422")
        } catch let error as APIError {
            #expect(error.message.contains("spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes"))
        }
        // Deleting the account voids its tokens.
        let live = try await Self.mint(sim, "bot")
        try await sim.store.delete(.serviceaccounts, namespace: "default", name: "bot")
        let orphan = try SimHTTP(sim, token: live)
        #expect(try await orphan.send(.get, "/api").status == 401)
        for client in [http, foreign, admin, orphan] { await client.shutdown() }
        await sim.stop()
    }

    @Test func resourceNamesRestrictToTheNamedObject() async throws {
        let sim = try await KubeSim.start()
        let store = sim.store
        try await store.create(.serviceaccounts, namespace: "default", Self.serviceAccount("deployer"))
        for name in ["allowed", "other"] {
            try await store.create(.configmaps, namespace: "default", ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)]])
        }
        try await store.create(.roles, namespace: "default", [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": ["name": "one-map"],
            "rules": [["apiGroups": [""], "resources": ["configmaps"], "resourceNames": ["allowed"], "verbs": ["get", "list", "watch", "patch"]]],
        ])
        try await store.create(.rolebindings, namespace: "default", [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": ["name": "one-map"],
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "one-map"],
            "subjects": [["kind": "ServiceAccount", "name": "deployer", "namespace": "default"]],
        ])
        let http = try SimHTTP(sim, token: try await Self.mint(sim, "deployer"))
        let base = "/api/v1/namespaces/default/configmaps"
        #expect(try await http.send(.get, "\(base)/allowed").status == 200)
        let denied = try await http.send(.get, "\(base)/other")
        #expect(denied.status == 403)
        #expect(
            SimHTTP.json(denied)["message"]?.stringValue
                == "configmaps \"other\" is forbidden: User \"system:serviceaccount:default:deployer\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"default\"")
        #expect(SimHTTP.json(denied)[path: "details", "name"]?.stringValue == "other")
        #expect(try await http.send(.patch, "\(base)/allowed", body: ["data": ["a": "b"]], contentType: "application/merge-patch+json").status == 200)
        #expect(try await http.send(.patch, "\(base)/other", body: ["data": ["a": "b"]], contentType: "application/merge-patch+json").status == 403)
        // An unnamed list is denied; a list or watch selecting the name by field is allowed.
        #expect(try await http.send(.get, base).status == 403)
        #expect(try await http.send(.get, base, query: [("fieldSelector", "metadata.name=allowed")]).status == 200)
        #expect(try await http.send(.get, base, query: [("fieldSelector", "metadata.name=other")]).status == 403)
        let watched = try await http.watch(base, query: [("fieldSelector", "metadata.name=allowed"), ("timeoutSeconds", "1")])
        #expect(watched.status == 200)
        #expect(watched.events.map { $0[path: "object", "metadata", "name"]?.stringValue ?? "" } == ["allowed"])
        await http.shutdown()
        await sim.stop()
    }

    @Test func nonResourceURLsFollowRBAC() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        let store = harness.sim.store
        for name in ["scraper", "nobody"] { try await store.create(.serviceaccounts, namespace: "default", Self.serviceAccount(name)) }
        try await store.create(.clusterroles, namespace: nil, [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": ["name": "metrics-reader"],
            "rules": [["nonResourceURLs": ["/metrics", "/debug/*"], "verbs": ["get"]]],
        ])
        try await store.create(.clusterrolebindings, namespace: nil, [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": ["name": "scraper"],
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "metrics-reader"],
            "subjects": [["kind": "ServiceAccount", "name": "scraper", "namespace": "default"]],
        ])
        let scraper = try SimHTTP(harness.sim, token: try await Self.mint(harness.sim, "scraper"))
        let metrics = try await scraper.send(.get, "/metrics")
        #expect(metrics.status == 200)
        #expect(String(decoding: metrics.body, as: UTF8.self).contains("apiserver_storage_objects{resource=\"serviceaccounts\"}"))
        #expect(try await scraper.send(.get, "/debug/pprof").status == 404, "allowed by the wildcard, then not found")
        let nobodyToken = try await Self.mint(harness.sim, "nobody")
        let nobody = try SimHTTP(harness.sim, token: nobodyToken)
        let denied = try await nobody.send(.get, "/metrics")
        #expect(denied.status == 403)
        #expect(SimHTTP.json(denied)["message"]?.stringValue == "forbidden: User \"system:serviceaccount:default:nobody\" cannot get path \"/metrics\"")
        // Discovery stays open to every authenticated identity.
        #expect(try await nobody.send(.get, "/apis").status == 200)
        #expect(try await nobody.send(.get, "/version").status == 200)

        let config = try harness.kubeconfig(token: nobodyToken)
        let canI = try await harness.kubectl(["auth", "can-i", "get", "/metrics"], kubeconfig: config)
        #expect(canI.stdout == "no\n", "\(canI)")
        let asScraper = try await harness.kubectl(["auth", "can-i", "get", "/metrics", "--as=system:serviceaccount:default:scraper"])
        #expect(asScraper.stdout == "yes\n", "\(asScraper)")
        await scraper.shutdown()
        await nobody.shutdown()
    }
}
