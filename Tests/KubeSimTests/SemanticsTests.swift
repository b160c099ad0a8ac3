import Foundation
import KubeModels
@testable import KubeSim
import Testing

@Suite("KubeSim API semantics")
struct SemanticsTests {
    static let quotaAndPod = """
        apiVersion: v1
        kind: ResourceQuota
        metadata:
          name: platform-hardening
        spec:
          hard:
            requests.memory: 50Mi
        """

    static let pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: research
        spec:
          containers:
          - name: main
            image: busybox
            resources:
              requests:
                memory: 256Mi
        """

    @Test func staleUpdateIsAConflictWithTheRealWording() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        let file = try harness.write("app.yaml", KubectlWorkflowTests.app)
        #expect(try await harness.kubectl(["apply", "-f", file]).status == 0)
        let current = try await harness.sim.store.get(.deployments, namespace: "default", name: "web")
        var stale = current
        stale.setValue("1", at: ["metadata", "resourceVersion"])
        stale.setValue(5, at: ["spec", "replicas"])
        let path = try harness.write("stale.json", JSONWriter.string(stale))
        let replaced = try await harness.kubectl(["replace", "-f", path])
        #expect(replaced.status != 0)
        #expect(
            replaced.stderr.contains(
                "Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your changes to the latest version and try again"),
            "\(replaced)")
        await #expect(throws: APIError.self) {
            try await harness.sim.store.update(.deployments, namespace: "default", stale)
        }
        do {
            try await harness.sim.store.update(.deployments, namespace: "default", stale)
        } catch {
            #expect(error.code == 409)
            #expect(error.reason == "Conflict")
        }
    }

    @Test func quotaRejectionMatchesTheRealMessageByteForByte() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        #expect(try await harness.kubectl(["apply", "-f", try harness.write("quota.yaml", Self.quotaAndPod)]).status == 0)
        let created = try await harness.kubectl(["create", "-f", try harness.write("pod.yaml", Self.pod)])
        #expect(created.status != 0)
        #expect(
            created.stderr
                == "Error from server (Forbidden): error when creating \"\(harness.directory.path)/pod.yaml\": pods \"research\" is forbidden: exceeded quota: platform-hardening, requested: requests.memory=256Mi, used: requests.memory=0, limited: requests.memory=50Mi\n",
            "\(created)")
        let quota = try await harness.sim.store.get(.resourcequotas, namespace: "default", name: "platform-hardening")
        #expect(quota[path: "status", "used", "requests.memory"]?.stringValue == "0")
        #expect(quota[path: "status", "hard", "requests.memory"]?.stringValue == "50Mi")

        // Usage follows pods in and out.
        try await harness.sim.store.update(.resourcequotas, namespace: "default", {
            var value = quota
            value.setValue("1Gi", at: ["spec", "hard", "requests.memory"])
            value.setValue(nil, at: ["metadata", "resourceVersion"])
            return value
        }())
        #expect(try await harness.kubectl(["create", "-f", try harness.write("pod.yaml", Self.pod)]).status == 0)
        let used = try await harness.sim.store.get(.resourcequotas, namespace: "default", name: "platform-hardening")
        #expect(used[path: "status", "used", "requests.memory"]?.stringValue == "256Mi")
        #expect(try await harness.kubectl(["delete", "pod", "research"]).status == 0)
        let freed = try await harness.sim.store.get(.resourcequotas, namespace: "default", name: "platform-hardening")
        #expect(freed[path: "status", "used", "requests.memory"]?.stringValue == "0")
    }

    @Test func serviceAccountIsForbiddenWithTheRealWordingAndCanI() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        #expect(try await harness.kubectl(["create", "namespace", "team"]).status == 0)
        #expect(try await harness.kubectl(["create", "serviceaccount", "bot", "-n", "team"]).status == 0)
        #expect(try await harness.kubectl(["create", "role", "reader", "-n", "team", "--verb=get,list", "--resource=pods,pods/log"]).status == 0)
        #expect(try await harness.kubectl(["create", "rolebinding", "bot-reader", "-n", "team", "--role=reader", "--serviceaccount=team:bot"]).status == 0)
        let token = try await harness.kubectl(["create", "token", "bot", "-n", "team", "--duration=1h", "--audience=https://kubernetes.default.svc.cluster.local"])
        #expect(token.status == 0, "\(token)")
        let config = try harness.kubeconfig(token: token.stdout.trimmingCharacters(in: .whitespacesAndNewlines), namespace: "team")

        let list = try await harness.kubectl(["get", "pods"], kubeconfig: config)
        #expect(list.status == 0, "\(list)")
        let write = try await harness.kubectl(["create", "configmap", "x", "--from-literal=a=b"], kubeconfig: config)
        #expect(write.status != 0)
        #expect(
            write.stderr.contains(
                "configmaps is forbidden: User \"system:serviceaccount:team:bot\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"team\""),
            "\(write)")
        let deleteOne = try await harness.kubectl(["delete", "pod", "x"], kubeconfig: config)
        #expect(
            deleteOne.stderr.contains(
                "pods \"x\" is forbidden: User \"system:serviceaccount:team:bot\" cannot delete resource \"pods\" in API group \"\" in the namespace \"team\""),
            "\(deleteOne)")
        let nodes = try await harness.kubectl(["get", "nodes"], kubeconfig: config)
        #expect(
            nodes.stderr.contains(
                "nodes is forbidden: User \"system:serviceaccount:team:bot\" cannot list resource \"nodes\" in API group \"\" at the cluster scope"),
            "\(nodes)")

        let yes = try await harness.kubectl(["auth", "can-i", "get", "pods/log"], kubeconfig: config)
        #expect(yes.status == 0 && yes.stdout == "yes\n", "\(yes)")
        let no = try await harness.kubectl(["auth", "can-i", "delete", "pods"], kubeconfig: config)
        #expect(no.status != 0 && no.stdout == "no\n", "\(no)")
        let asAdmin = try await harness.kubectl(["auth", "can-i", "list", "pods", "-n", "team", "--as=system:serviceaccount:team:bot"])
        #expect(asAdmin.stdout.hasPrefix("yes") || asAdmin.status != 0, "\(asAdmin)")
        let whoami = try await harness.kubectl(["auth", "whoami", "-o", "json"], kubeconfig: config)
        #expect(whoami.stdout.contains("system:serviceaccount:team:bot"), "\(whoami)")
        #expect(whoami.stdout.contains("system:serviceaccounts:team"), "\(whoami)")

        // TokenReview validates the minted token.
        let review = harness.sim.store.tokens.authenticate(token.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(review?.0.username == "system:serviceaccount:team:bot")
    }

    @Test func watchFromACompactedVersionIsGoneThenRelistWorks() async throws {
        let store = await ClusterStore()
        try await store.create(.configmaps, namespace: "default", ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "a"]])
        let old = await store.currentResourceVersion
        try await store.create(.configmaps, namespace: "default", ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "b"]])
        await store.compactHistory()
        let gone = try await store.watch(.configmaps, namespace: "default", options: ListOptions(resourceVersion: String(old)))
        var events: [WatchEvent] = []
        for await event in gone.events { events.append(event) }
        #expect(events.count == 1)
        #expect(events.first?.type == .error)
        #expect(events.first?.object["code"]?.intValue == 410)
        #expect(events.first?.object["reason"]?.stringValue == "Expired")
        #expect(events.first?.object["message"]?.stringValue?.hasPrefix("too old resource version: \(old)") == true)

        let relist = try await store.list(.configmaps, namespace: "default")
        #expect(relist.items.map(\.object.name) == ["a", "b"])
        let resumed = try await store.watch(.configmaps, namespace: "default", options: ListOptions(resourceVersion: String(relist.resourceVersion)))
        try await store.create(.configmaps, namespace: "default", ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"]])
        var iterator = resumed.events.makeAsyncIterator()
        let next = await iterator.next()
        #expect(next?.type == .added)
        #expect(next?.object.name == "c")
        await store.endWatch(resumed.id)
    }

    @Test func customResourceDefinitionServesValidatedResources() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        let crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}}
                additionalPrinterColumns:
                - {name: Size, type: integer, jsonPath: .spec.size}
                - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        required: [size]
                        properties:
                          size: {type: integer, minimum: 1, maximum: 10}
                          color: {type: string, enum: [red, blue]}
                      status:
                        type: object
                        properties:
                          ready: {type: boolean}
            """
        #expect(try await harness.kubectl(["apply", "-f", try harness.write("crd.yaml", crd)]).status == 0)
        let good = """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: small}
            spec: {size: 3, color: red}
            """
        let created = try await harness.kubectl(["apply", "-f", try harness.write("good.yaml", good)])
        #expect(created.status == 0, "\(created)")
        #expect(created.stdout.contains("widget.example.com/small created"), "\(created)")
        let table = try await harness.kubectl(["get", "wd"])
        #expect(table.stdout.contains("SIZE"), "\(table)")
        #expect(table.stdout.contains("small"), "\(table)")

        let bad = """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: huge}
            spec: {size: 20, color: pink}
            """
        let rejected = try await harness.kubectl(["apply", "-f", try harness.write("bad.yaml", bad)])
        #expect(rejected.status != 0)
        #expect(rejected.stderr.contains("The Widget \"huge\" is invalid"), "\(rejected)")
        #expect(rejected.stderr.contains("spec.size: Invalid value: 20: spec.size in body should be less than or equal to 10"), "\(rejected)")
        #expect(rejected.stderr.contains("spec.color: Unsupported value: \"pink\": supported values: \"red\", \"blue\""), "\(rejected)")

        let unknown = """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: odd}
            spec: {size: 2, shape: round}
            """
        let strict = try await harness.kubectl(["apply", "-f", try harness.write("unknown.yaml", unknown)])
        #expect(strict.status != 0)
        #expect(strict.stderr.contains("unknown field \"spec.shape\""), "\(strict)")

        // Status subresource: a main-resource write ignores status.
        let patched = try await harness.kubectl(["patch", "widget", "small", "--type=merge", "-p", #"{"status":{"ready":true},"spec":{"size":4}}"#])
        #expect(patched.status == 0, "\(patched)")
        let widget = try await harness.sim.store.get(GroupResource(group: "example.com", resource: "widgets"), namespace: "default", name: "small")
        #expect(widget[path: "spec", "size"]?.intValue == 4)
        #expect(widget["status"] == nil)
        #expect(widget[path: "metadata", "generation"]?.intValue == 2)
    }
}
