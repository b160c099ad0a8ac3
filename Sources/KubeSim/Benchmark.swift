import Foundation
import KubeModels

/// A benchmark hook for `kars-sre-bench`: seeds N pods and times a full LIST as the server answers
/// it (store list plus response encoding). Targets: 10,000 pods under 1 s and 500 MB.
public enum KubeSimBenchmark {
    /// Timings of one run.
    public struct Result: Sendable {
        public var pods: Int
        public var seedSeconds: Double
        public var listSeconds: Double
        public var responseBytes: Int
    }

    public static func listPods(count: Int, namespaces: Int = 10) async throws -> Result {
        let store = await ClusterStore(configuration: StoreConfiguration(historySize: 1000))
        let clock = ContinuousClock()
        let seedStart = clock.now
        for index in 0..<count {
            let namespace = "ns-\(index % max(namespaces, 1))"
            try await store.seed(samplePod(name: "pod-\(index)", namespace: namespace, index: index))
        }
        let seedTime = clock.now - seedStart
        let listStart = clock.now
        let result = try await store.list(.pods)
        let bytes = APIServer.encodeList(result, apiVersion: "v1", kind: "PodList")
        let listTime = clock.now - listStart
        return Result(pods: result.items.count, seedSeconds: seconds(seedTime), listSeconds: seconds(listTime), responseBytes: bytes.count)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func samplePod(name: String, namespace: String, index: Int) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": [
                "name": .string(name), "namespace": .string(namespace),
                "labels": ["app": .string("app-\(index % 50)"), "pod-template-hash": "84dwh4l6hs"],
                "ownerReferences": [["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": .string("app-\(index % 50)-84dwh4l6hs"), "uid": "00000000-0000-0000-0000-000000000000", "controller": true]],
            ],
            "spec": [
                "nodeName": .string("node-\(index % 20)"), "restartPolicy": "Always", "serviceAccountName": "default",
                "containers": [[
                    "name": "main", "image": "registry.example.com/app:1.2.3",
                    "ports": [["containerPort": 8080, "protocol": "TCP"]],
                    "resources": ["requests": ["cpu": "100m", "memory": "128Mi"], "limits": ["cpu": "500m", "memory": "256Mi"]],
                    "env": [["name": "MODE", "value": "production"]],
                ]],
            ],
            "status": [
                "phase": "Running", "podIP": .string("10.0.\(index / 250 % 250).\(index % 250)"),
                "conditions": [["type": "Ready", "status": "True"]],
                "containerStatuses": [["name": "main", "ready": true, "restartCount": 0, "image": "registry.example.com/app:1.2.3", "state": ["running": ["startedAt": "2026-11-28T00:00:00Z"]]]],
            ],
        ]
    }
}
