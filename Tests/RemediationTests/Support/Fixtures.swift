import Foundation
import KubeModels

/// Incident states, with timestamps relative to now so the diagnosis (60-minute look-back) sees
/// them as current.
enum Fixtures {
    static func time(_ date: Date) -> JSONValue { .string(KubeTime.format(date)) }

    static func namespace(_ name: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]]
    }

    static func uid() -> String { UUID().uuidString.lowercased() }

    /// A Deployment with one container, and its ReplicaSet (`NAME-84dwh4l6hs`).
    static func deployment(
        _ name: String, namespace: String, image: String = "busybox:1.36", replicas: Int = 1, available: Int = 0,
        memory: String = "256Mi", now: Date
    ) -> (deployment: JSONValue, replicaSet: JSONValue) {
        let deploymentUID = uid()
        let template: JSONValue = [
            "metadata": ["labels": ["app": .string(name)]],
            "spec": [
                "containers": [
                    [
                        "name": "main", "image": .string(image),
                        "resources": ["requests": ["memory": .string(memory)]],
                    ]
                ]
            ],
        ]
        let deployment: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": [
                "name": .string(name), "namespace": .string(namespace), "uid": .string(deploymentUID), "generation": 1,
                "creationTimestamp": time(now.addingTimeInterval(-3600)),
            ],
            "spec": [
                "replicas": .int(Int64(replicas)), "selector": ["matchLabels": ["app": .string(name)]],
                "template": template,
            ],
            "status": [
                "observedGeneration": 1, "replicas": .int(Int64(available)), "updatedReplicas": .int(Int64(available)),
                "readyReplicas": .int(Int64(available)), "availableReplicas": .int(Int64(available)),
            ],
        ]
        let replicaSet: JSONValue = [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": [
                "name": .string("\(name)-84dwh4l6hs"), "namespace": .string(namespace), "uid": .string(uid()),
                "labels": ["app": .string(name)],
                "annotations": ["deployment.kubernetes.io/revision": "1"],
                "creationTimestamp": time(now.addingTimeInterval(-3600)),
                "ownerReferences": [
                    [
                        "apiVersion": "apps/v1", "kind": "Deployment", "name": .string(name),
                        "uid": .string(deploymentUID), "controller": true,
                    ]
                ],
            ],
            "spec": [
                "replicas": .int(Int64(replicas)), "selector": ["matchLabels": ["app": .string(name)]],
                "template": template,
            ],
            "status": ["replicas": .int(Int64(available)), "availableReplicas": .int(Int64(available))],
        ]
        return (deployment, replicaSet)
    }

    static func event(
        _ name: String, namespace: String, involved: JSONValue, reason: String, message: String, type: String = "Warning",
        count: Int = 1, last: Date, component: String
    ) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "involvedObject": involved, "reason": .string(reason), "message": .string(message), "type": .string(type),
            "count": .int(Int64(count)), "firstTimestamp": time(last.addingTimeInterval(-240)),
            "lastTimestamp": time(last), "source": ["component": .string(component)],
        ]
    }

    static func reference(_ object: JSONValue) -> JSONValue {
        [
            "apiVersion": object["apiVersion"] ?? "v1", "kind": object["kind"] ?? "",
            "name": object[path: "metadata", "name"] ?? "", "namespace": object[path: "metadata", "namespace"] ?? "",
            "uid": object[path: "metadata", "uid"] ?? "",
        ]
    }

    /// QuotaExceeded: quota `quota` caps requests.memory at 50Mi, Deployment `deployment` needs 256Mi,
    /// its ReplicaSet reports FailedCreate.
    static func quotaIncident(
        namespace: String = "team-a", quota: String = "platform-hardening", deployment name: String = "research",
        labels: [String: String] = [:], now: Date = Date()
    ) -> [JSONValue] {
        let (deployment, replicaSet) = self.deployment(name, namespace: namespace, now: now)
        let quotaObject: JSONValue = [
            "apiVersion": "v1", "kind": "ResourceQuota",
            "metadata": [
                "name": .string(quota), "namespace": .string(namespace), "uid": .string(uid()),
                "labels": .object(labels.mapValues(JSONValue.string)),
            ],
            "spec": ["hard": ["requests.memory": "50Mi"]],
            "status": ["hard": ["requests.memory": "50Mi"], "used": ["requests.memory": "0"]],
        ]
        let rsName = replicaSet[path: "metadata", "name"]?.stringValue ?? ""
        let failed = event(
            "\(rsName).quota", namespace: namespace, involved: reference(replicaSet), reason: "FailedCreate",
            message:
                "Error creating: pods \"\(rsName)-x7k2p\" is forbidden: exceeded quota: \(quota), requested: "
                + "requests.memory=256Mi, used: requests.memory=0, limited: requests.memory=50Mi",
            count: 12, last: now.addingTimeInterval(-5), component: "replicaset-controller")
        return [self.namespace(namespace), quotaObject, deployment, replicaSet, failed]
    }
}
