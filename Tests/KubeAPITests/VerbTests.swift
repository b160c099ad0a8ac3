import Foundation
import KubeAPI
import KubeModels
import TestSupport
import Testing

@Suite("verbs over a scripted transport")
struct VerbTests {
    private func json(_ data: Data?) throws -> JSONValue {
        try KubeJSON.decoder.decode(JSONValue.self, from: try #require(data))
    }

    @Test func resourcePaths() throws {
        #expect(
            try APIResource.pods.path(namespace: "shop", name: "web-0", subresource: "log")
                == "/api/v1/namespaces/shop/pods/web-0/log")
        #expect(try APIResource.deployments.path() == "/apis/apps/v1/deployments")
        #expect(try APIResource.nodes.path(namespace: "ignored", name: "node-1") == "/api/v1/nodes/node-1")
        #expect(
            try APIResource.karsSREActions.path(namespace: "kars-sre")
                == "/apis/kars.azure.com/v1alpha1/namespaces/kars-sre/karssreactions")
        #expect(APIResource.karsSandboxes.apiVersion == "kars.azure.com/v1alpha1")
        #expect(APIResource.cronJobs.apiVersion == "batch/v1")
        #expect(APIResource.eventsV1.apiVersion == "events.k8s.io/v1")
        #expect(APIResource.podMetrics.groupVersionPath == "/apis/metrics.k8s.io/v1beta1")
        #expect(APIResource.wellKnown(kind: "ReplicaSet", apiVersion: "apps/v1") == .replicaSets)
        #expect(throws: KubeAPIError.self) { try APIResource.pods.path(name: "web-0") }
    }

    @Test func listAllFollowsContinueTokens() async throws {
        let transport = ScriptedTransport { request in
            switch request.queryValue("continue") {
            case nil:
                return .json(
                    200,
                    #"{"metadata":{"resourceVersion":"500","continue":"page2"},"items":[\#(pod("a", resourceVersion: "1"))]}"#
                )
            case "page2":
                return .json(
                    200,
                    #"{"metadata":{"resourceVersion":"500","continue":"page3"},"items":[\#(pod("b", resourceVersion: "2"))]}"#
                )
            default:
                return .json(
                    200, #"{"metadata":{"resourceVersion":"500"},"items":[\#(pod("c", resourceVersion: "3"))]}"#)
            }
        }
        let client = KubeClient(transport: transport)
        let all = try await client.listAll(
            .pods, options: ListOptions(labelSelector: "app=web", fieldSelector: "status.phase=Running"), pageSize: 1)
        #expect(all.items.compactMap { $0[path: "metadata", "name"]?.stringValue } == ["a", "b", "c"])
        #expect(all.resourceVersion == "500")
        #expect(all.continueToken == nil)
        let requests = transport.requests
        #expect(requests.map { $0.queryValue("continue") } == [nil, "page2", "page3"])
        #expect(requests.allSatisfy { $0.queryValue("limit") == "1" && $0.queryValue("labelSelector") == "app=web" })
        #expect(
            requests[0].target == "/api/v1/pods?labelSelector=app%3Dweb&fieldSelector=status.phase%3DRunning&limit=1")

        struct Pod: Decodable, Sendable { var metadata: ObjectMeta }
        let typed = try await client.listAll(.pods, pageSize: 1, as: Pod.self)
        #expect(typed.items.map(\.metadata.name) == ["a", "b", "c"])
    }

    @Test func writesCarryDryRunFieldManagerAndContentTypes() async throws {
        let transport = ScriptedTransport { request in .json(200, #"{"kind":"Deployment","metadata":{"name":"web"}}"#) }
        let client = KubeClient(transport: transport, defaultNamespace: "shop")
        let deployment: JSONValue = ["metadata": ["name": "web", "namespace": "prod"], "spec": ["replicas": 3]]

        _ = try await client.create(.deployments, deployment, options: .dryRun)
        _ = try await client.update(
            .deployments, deployment, options: WriteOptions(dryRun: true, fieldManager: "kars-sre"))
        _ = try await client.patch(.deployments, name: "web", patch: ["spec": ["replicas": 5]], type: .merge)
        _ = try await client.patch(
            .deployments, name: "web", namespace: "prod",
            patch: [["op": "replace", "path": "/spec/replicas", "value": 2]], type: .json)
        _ = try await client.patch(.deployments, name: "web", patch: ["spec": ["paused": true]], type: .strategicMerge)
        _ = try await client.apply(.deployments, deployment, fieldManager: "kars-sre-writer", force: true, dryRun: true)

        let requests = transport.requests
        #expect(requests.map(\.method) == [.post, .put, .patch, .patch, .patch, .patch])
        #expect(requests[0].path == "/apis/apps/v1/namespaces/prod/deployments")
        #expect(requests[0].queryValue("dryRun") == "All")
        let created = try json(requests[0].body)
        #expect(created["apiVersion"] == "apps/v1" && created["kind"] == "Deployment")
        #expect(requests[1].path == "/apis/apps/v1/namespaces/prod/deployments/web")
        #expect(requests[1].queryValue("fieldManager") == "kars-sre")
        #expect(requests[2].path == "/apis/apps/v1/namespaces/shop/deployments/web", "default namespace")
        #expect(requests[2].headers["Content-Type"] == "application/merge-patch+json")
        #expect(requests[2].queryValue("dryRun") == nil)
        #expect(requests[3].headers["Content-Type"] == "application/json-patch+json")
        #expect(try json(requests[3].body)[0]?["op"] == "replace")
        #expect(requests[4].headers["Content-Type"] == "application/strategic-merge-patch+json")
        #expect(requests[5].headers["Content-Type"] == "application/apply-patch+yaml")
        #expect(requests[5].queryValue("fieldManager") == "kars-sre-writer")
        #expect(requests[5].queryValue("force") == "true")
        #expect(requests[5].queryValue("dryRun") == "All")
        #expect(try json(requests[5].body)["kind"] == "Deployment")
    }

    @Test func typedOverloads() async throws {
        struct ConfigMap: Codable, Sendable, Equatable {
            var apiVersion: String? = "v1"
            var kind: String? = "ConfigMap"
            var metadata: ObjectMeta
            var data: [String: String]?
        }
        let transport = ScriptedTransport { request in
            request.method == .get
                ? .json(
                    200,
                    #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg","namespace":"shop","resourceVersion":"9"},"data":{"k":"v"}}"#
                )
                : KubeResponse(status: 201, body: request.body ?? Data())
        }
        let client = KubeClient(transport: transport, defaultNamespace: "shop")
        let fetched = try await client.get(.configMaps, name: "cfg", as: ConfigMap.self)
        #expect(fetched.data == ["k": "v"] && fetched.metadata.resourceVersion == "9")
        let created = try await client.create(.configMaps, typed: fetched)
        #expect(created == fetched)
        let updated = try await client.update(.configMaps, typed: fetched)
        #expect(updated.metadata.name == "cfg")
        #expect(
            transport.requests.map(\.path) == [
                "/api/v1/namespaces/shop/configmaps/cfg", "/api/v1/namespaces/shop/configmaps",
                "/api/v1/namespaces/shop/configmaps/cfg",
            ])
    }

    @Test func deleteSendsDeleteOptions() async throws {
        let transport = ScriptedTransport { _ in .json(200, #"{"kind":"Status","status":"Success"}"#) }
        let client = KubeClient(transport: transport)
        try await client.delete(
            .pods, name: "web-0", namespace: "shop",
            options: DeleteOptions(
                propagationPolicy: .foreground, gracePeriodSeconds: 0, preconditionUID: "uid-1",
                preconditionResourceVersion: "42", dryRun: true))
        let request = try #require(transport.requests.first)
        #expect(request.method == .delete)
        #expect(request.path == "/api/v1/namespaces/shop/pods/web-0")
        #expect(request.queryValue("dryRun") == "All")
        let body = try json(request.body)
        #expect(body["kind"] == "DeleteOptions")
        #expect(body["propagationPolicy"] == "Foreground")
        #expect(body["gracePeriodSeconds"] == 0)
        #expect(body[path: "preconditions", "uid"] == "uid-1")
        #expect(body[path: "preconditions", "resourceVersion"] == "42")
        #expect(body["dryRun"] == ["All"])
    }

    @Test func retryRulesByVerb() async throws {
        let calls = Counter()
        let failing = ScriptedTransport { _ in
            _ = calls.next()
            return .json(
                503, #"{"kind":"Status","reason":"ServiceUnavailable","message":"etcd leader changed","code":503}"#)
        }
        let sleeps = SleepRecorder()
        let policy = RetryPolicy(
            maxAttempts: 3, backoff: Backoff(initial: .milliseconds(100), maximum: .milliseconds(150)),
            sleep: sleeps.sleeper)
        let client = KubeClient(transport: failing, retryPolicy: policy)
        await #expect(throws: KubeAPIError.self) { _ = try await client.get(.nodes, name: "n1") }
        #expect(calls.current == 3, "GET is retried on 5xx")
        #expect(sleeps.sleeps.count == 2)
        #expect(sleeps.sleeps.allSatisfy { $0 >= .milliseconds(100) && $0 <= .milliseconds(180) }, "capped, jittered")
        await #expect(throws: KubeAPIError.self) {
            _ = try await client.create(.configMaps, ["metadata": ["name": "x"]])
        }
        #expect(calls.current == 4, "POST is not retried on 5xx")
        await #expect(throws: KubeAPIError.self) { _ = try await client.delete(.pods, name: "p") }
        #expect(calls.current == 5, "DELETE without preconditions is not retried")
        await #expect(throws: KubeAPIError.self) {
            _ = try await client.delete(.pods, name: "p", options: DeleteOptions(preconditionUID: "u"))
        }
        #expect(calls.current == 8, "DELETE with preconditions is retried")

        let conflicts = Counter()
        let conflicting = ScriptedTransport { _ in
            _ = conflicts.next()
            return .json(
                409,
                #"{"kind":"Status","reason":"Conflict","message":"the object has been modified; please apply your changes to the latest version and try again","code":409}"#
            )
        }
        let conflictClient = KubeClient(transport: conflicting, retryPolicy: policy)
        await #expect {
            _ = try await conflictClient.update(.deployments, ["metadata": ["name": "web", "resourceVersion": "1"]])
        } throws: { ($0 as? KubeAPIError)?.isConflict == true }
        #expect(conflicts.current == 1, "409 is never retried")

        let throttled = Counter()
        let throttling = ScriptedTransport { _ in
            throttled.next() == 1
                ? .json(
                    429, #"{"kind":"Status","reason":"TooManyRequests","code":429,"details":{"retryAfterSeconds":2}}"#)
                : .json(201, #"{"kind":"ConfigMap","metadata":{"name":"x"}}"#)
        }
        let throttledSleeps = SleepRecorder()
        let throttledClient = KubeClient(
            transport: throttling, retryPolicy: RetryPolicy(sleep: throttledSleeps.sleeper))
        _ = try await throttledClient.create(.configMaps, ["metadata": ["name": "x"]])
        #expect(throttled.current == 2, "POST is retried on 429")
        #expect(throttledSleeps.sleeps == [.seconds(2)], "details.retryAfterSeconds is honoured")
    }

    @Test func subresourcesDiscoveryAndReviews() async throws {
        let transport = ScriptedTransport { request in
            switch (request.method, request.path) {
            case (.get, "/api/v1/namespaces/shop/pods/web-0/log"):
                return KubeResponse(status: 200, body: Data("line 1\nline 2\n".utf8))
            case (.patch, "/apis/apps/v1/namespaces/shop/deployments/web/scale"):
                return .json(
                    200,
                    #"{"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web"},"spec":{"replicas":4},"status":{"replicas":3,"selector":"app=web"}}"#
                )
            case (.post, "/api/v1/namespaces/kars-sre/serviceaccounts/sre-writer/token"):
                return .json(
                    201,
                    #"{"kind":"TokenRequest","status":{"token":"eyJhbGciOi.secret","expirationTimestamp":"2030-01-01T00:10:00Z"}}"#
                )
            case (.get, "/api"):
                return .json(200, #"{"kind":"APIVersions","versions":["v1"]}"#)
            case (.get, "/apis"):
                return .json(
                    200,
                    #"{"kind":"APIGroupList","groups":[{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}},{"name":"kars.azure.com","versions":[{"groupVersion":"kars.azure.com/v1alpha1","version":"v1alpha1"}],"preferredVersion":{"groupVersion":"kars.azure.com/v1alpha1","version":"v1alpha1"}}]}"#
                )
            case (.get, "/apis/kars.azure.com/v1alpha1"):
                return .json(
                    200,
                    #"{"kind":"APIResourceList","groupVersion":"kars.azure.com/v1alpha1","resources":[{"name":"karssreactions","singularName":"karssreaction","namespaced":true,"kind":"KarsSREAction","verbs":["get","list","watch","create","patch"],"shortNames":["sreaction"]},{"name":"karssreactions/status","namespaced":true,"kind":"KarsSREAction","verbs":["get","patch"]}]}"#
                )
            case (.post, "/apis/authentication.k8s.io/v1/selfsubjectreviews"):
                return .json(
                    201,
                    #"{"kind":"SelfSubjectReview","status":{"userInfo":{"username":"system:serviceaccount:kars-sre:kars-sre","uid":"u-1","groups":["system:serviceaccounts","system:authenticated"],"extra":{"authentication.kubernetes.io/pod-name":["kars-sre-0"]}}}}"#
                )
            case (.post, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"):
                return .json(
                    201,
                    #"{"kind":"SelfSubjectAccessReview","status":{"allowed":false,"reason":"RBAC: no rule grants delete on secrets"}}"#
                )
            default:
                return .json(404, #"{"kind":"Status","reason":"NotFound","code":404,"message":"not found"}"#)
            }
        }
        let client = KubeClient(transport: transport, defaultNamespace: "shop")
        #expect(
            try await client.logs(pod: "web-0", options: LogOptions(container: "app", previous: true, tailLines: 50))
                == "line 1\nline 2\n")
        let logRequest = try #require(transport.requests.last)
        #expect(
            logRequest.queryValue("previous") == "true" && logRequest.queryValue("tailLines") == "50"
                && logRequest.queryValue("container") == "app")

        let scale = try await client.scale(.deployments, name: "web", replicas: 4, options: .dryRun)
        #expect(scale.spec.replicas == 4 && scale.status?.selector == "app=web")

        let token = try await client.createToken(
            serviceAccount: "sre-writer", namespace: "kars-sre", audiences: ["https://kubernetes.default.svc"],
            expirationSeconds: 600)
        #expect(token.token == "eyJhbGciOi.secret")
        #expect(!"\(token)".contains("secret"))
        let tokenBody = try json(transport.requests.last?.body)
        #expect(tokenBody[path: "spec", "expirationSeconds"] == 600)
        #expect(tokenBody[path: "spec", "audiences"] == ["https://kubernetes.default.svc"])

        let groups = try await client.apiGroups()
        #expect(groups.map(\.name) == ["", "apps", "kars.azure.com"])
        #expect(groups.last?.preferredVersion == "v1alpha1")
        let resources = try await client.apiResources(group: "kars.azure.com", version: "v1alpha1")
        #expect(resources.filter { !$0.isSubresource }.map(\.resource) == [.karsSREActions])
        #expect(try await client.isServed(.karsSREActions))
        #expect(try await client.isServed(.karsSandboxes) == false)
        #expect(try await client.isServed(.podMetrics) == false, "404 on the group version means not served")

        let me = try await client.selfSubjectReview()
        #expect(me.username == "system:serviceaccount:kars-sre:kars-sre")
        #expect(me.groups.contains("system:authenticated"))
        #expect(me.extra["authentication.kubernetes.io/pod-name"] == ["kars-sre-0"])

        let review = try await client.accessReview(verb: "delete", resource: .secrets, namespace: "shop")
        #expect(!review.allowed && review.reason?.contains("RBAC") == true)
        let reviewBody = try json(transport.requests.last?.body)
        #expect(reviewBody[path: "spec", "resourceAttributes", "resource"] == "secrets")
        #expect(reviewBody[path: "spec", "resourceAttributes", "namespace"] == "shop")
    }

    @Test func followLogsYieldsLines() async throws {
        let transport = ScriptedTransport(
            handler: { _ in .json(500, "{}") },
            stream: { request in
                #expect(request.queryValue("follow") == "true")
                return (200, [Data("starting\nlisten".utf8), Data("ing on :8080\npanic: boom".utf8)])
            })
        let client = KubeClient(transport: transport)
        var lines: [String] = []
        for try await line in try await client.followLogs(pod: "web-0") { lines.append(line) }
        #expect(lines == ["starting", "listening on :8080", "panic: boom"])
    }
}
