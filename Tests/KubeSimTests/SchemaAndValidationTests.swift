import Foundation
import KubeAPI
import KubeModels
@testable import KubeSim
import Testing

@Suite("KubeSim schemas, OpenAPI and validation")
struct SchemaAndValidationTests {
    static func deployment(selector: String = "web", labels: String = "web", container: String = "{name: nginx, image: nginx:1.27}") -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x}
        spec:
          selector: {matchLabels: {app: \(selector)}}
          template:
            metadata: {labels: {app: \(labels)}}
            spec:
              containers:
              - \(container)
        """
    }

    @Test func explainReadsTheOpenAPIv3Schemas() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        let replicas = try await harness.kubectl(["explain", "deployment.spec.replicas"])
        #expect(replicas.status == 0, "\(replicas)")
        #expect(replicas.stdout.contains("FIELD: replicas <integer>"), "\(replicas)")
        #expect(replicas.stdout.contains("Number of desired pods"), "\(replicas)")
        let image = try await harness.kubectl(["explain", "pods.spec.containers.image"])
        #expect(image.status == 0 && image.stdout.contains("Container image name"), "\(image)")
        let top = try await harness.kubectl(["explain", "configmap"])
        #expect(top.status == 0 && top.stdout.contains("data\t<map[string]string>"), "\(top)")
        let undescribed = try await harness.kubectl(["explain", "leases"])
        #expect(undescribed.status == 0 && undescribed.stdout.contains("metadata"), "\(undescribed)")
    }

    @Test func swaggerV2ListsBuiltinAndCustomKinds() async throws {
        let sim = try await KubeSim.start()
        let http = try SimHTTP(sim)
        try await sim.store.create(.customresourcedefinitions, [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": ["name": "gadgets.example.com"],
            "spec": [
                "group": "example.com", "scope": "Namespaced", "names": ["plural": "gadgets", "kind": "Gadget"],
                "versions": [["name": "v1", "served": true, "storage": true, "schema": ["openAPIV3Schema": ["type": "object", "properties": ["spec": ["type": "object", "properties": ["size": ["type": "integer"]]]]]]]],
            ],
        ])
        let response = try await http.send(.get, "/openapi/v2")
        #expect(response.status == 200)
        let swagger = SimHTTP.json(response)
        #expect(swagger["swagger"]?.stringValue == "2.0")
        let deployment = swagger[path: "definitions", "io.k8s.api.apps.v1.Deployment"]
        #expect(deployment?[path: "properties", "spec", "allOf"]?[0]?["$ref"]?.stringValue == "#/definitions/io.k8s.api.apps.v1.DeploymentSpec")
        #expect(deployment?["x-kubernetes-group-version-kind"]?[0]?["kind"]?.stringValue == "Deployment")
        #expect(swagger[path: "definitions", "com.example.v1.Gadget", "properties", "spec", "properties", "size", "type"]?.stringValue == "integer")
        #expect(swagger[path: "definitions", "io.k8s.api.coordination.v1.Lease", "properties", "metadata"] != nil)
        var protobufOnly = KubeRequestBuilder.get("/openapi/v2")
        protobufOnly.headers["Accept"] = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"
        #expect(try await http.transport.send(protobufOnly).status == 406)
        await http.shutdown()
        await sim.stop()
    }

    @Test func strictValidationReachesNestedFields() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        let typo = try harness.write("typo.yaml", Self.deployment(container: "{name: nginx, image: nginx:1.27, imagePullPolicyy: Always}"))
        let rejected = try await harness.kubectl(["apply", "-f", typo])
        #expect(rejected.status != 0)
        #expect(rejected.stderr.contains(#"strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolicyy""#), "\(rejected)")
        let serverSide = try await harness.kubectl(["apply", "--server-side", "-f", typo])
        #expect(serverSide.stderr.contains(#"unknown field "spec.template.spec.containers[0].imagePullPolicyy""#), "\(serverSide)")
        let meta = try harness.write("meta.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labelz: {a: b}}\n")
        let metaRejected = try await harness.kubectl(["create", "-f", meta])
        #expect(metaRejected.stderr.contains(#"unknown field "metadata.labelz""#), "\(metaRejected)")
        // Open parts (probes, affinity, volumes) accept whatever they hold; warn mode lets typos through.
        let open = try harness.write("open.yaml", Self.deployment(container: "{name: nginx, image: nginx:1.27, livenessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}}"))
        #expect(try await harness.kubectl(["apply", "-f", open]).status == 0)
        let warned = try await harness.kubectl(["apply", "-f", typo, "--validate=false"])
        #expect(warned.status == 0, "\(warned)")
    }

    @Test func workloadAndPodValidationUseTheRealWording() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        let mismatch = try await harness.kubectl(["apply", "-f", try harness.write("mismatch.yaml", Self.deployment(selector: "web", labels: "other"))])
        #expect(mismatch.status != 0)
        #expect(
            mismatch.stderr.contains(
                #"The Deployment "x" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`"#),
            "\(mismatch)")
        let noImage = try await harness.kubectl(["apply", "-f", try harness.write("noimage.yaml", Self.deployment(container: "{name: nginx}"))])
        #expect(noImage.stderr.contains(#"The Deployment "x" is invalid: spec.template.spec.containers[0].image: Required value"#), "\(noImage)")
        let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {image: busybox}\n  - {name: b}\n"
        let badPod = try await harness.kubectl(["create", "-f", try harness.write("pod.yaml", pod)])
        #expect(
            badPod.stderr == "The Pod \"p\" is invalid: \n* spec.containers[0].name: Required value\n* spec.containers[1].image: Required value\n",
            "\(badPod)")
        let missingSelector = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: why}\nspec:\n  template:\n    metadata: {labels: {app: why}}\n    spec: {containers: [{name: c, image: i}]}\n"
        let noSelector = try await harness.kubectl(["create", "-f", try harness.write("nosel.yaml", missingSelector)])
        #expect(noSelector.stderr.contains(#"spec.selector: Required value"#), "\(noSelector)")
    }

    @Test func wrongJSONTypesFailDecodingWithGoWording() async throws {
        let store = await ClusterStore()
        func message(_ resource: GroupResource, _ body: JSONValue) async -> String {
            do {
                try await store.create(resource, namespace: "default", body)
                return "created"
            } catch {
                #expect(error.code == 400)
                return error.message
            }
        }
        var deployment: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "t"],
            "spec": ["replicas": "three", "selector": ["matchLabels": ["a": "b"]], "template": ["metadata": ["labels": ["a": "b"]], "spec": ["containers": [["name": "c", "image": "i"]]]]],
        ]
        #expect(await message(.deployments, deployment)
            == "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32")
        deployment.setValue(1, at: ["spec", "replicas"])
        deployment.setValue([["name": "c", "image": "i", "env": [["name": "PORT", "value": 8080]]]], at: ["spec", "template", "spec", "containers"])
        #expect(await message(.deployments, deployment)
            == "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string")
        let labelled: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "m", "labels": ["n": 1]]]
        #expect(await message(.configmaps, labelled)
            == "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string")
        // Quantities and int-or-string fields take either.
        let quota: JSONValue = ["apiVersion": "v1", "kind": "ResourceQuota", "metadata": ["name": "q"], "spec": ["hard": ["cpu": 2, "memory": "1Gi"]]]
        #expect(await message(.resourcequotas, quota) == "created")
    }

    @Test func clientSideApplyStillMergesContainersByName() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        #expect(try await harness.kubectl(["apply", "-f", try harness.write("a.yaml", Self.deployment())]).status == 0)
        let withEnv = try await harness.kubectl(["apply", "-f", try harness.write("b.yaml", Self.deployment(container: "{name: nginx, image: nginx:1.28, env: [{name: A, value: b}]}"))])
        #expect(withEnv.status == 0, "\(withEnv)")
        let object = try await harness.sim.store.get(.deployments, namespace: "default", name: "x")
        let containers = object[path: "spec", "template", "spec", "containers"]?.arrayValue ?? []
        #expect(containers.count == 1)
        #expect(containers.first?["image"]?.stringValue == "nginx:1.28")
        #expect(containers.first?["terminationMessagePath"]?.stringValue == "/dev/termination-log", "defaults survive the patch")
    }
}

/// Builds raw requests for tests.
enum KubeRequestBuilder {
    static func get(_ path: String) -> KubeAPI.KubeRequest { KubeAPI.KubeRequest(path: path) }
}
