import Foundation
import KubeModels

/// KarsSREActions and Events seeded straight into the store (no controller), for the auth,
/// CSRF and escaping tests.
enum ActionFixtures {
    static func action(name: String, summary: String = "Pods cannot be created", rationale: String = "Delete the quota.")
        -> JSONValue
    {
        [
            "apiVersion": "kars.azure.com/v1alpha1", "kind": "KarsSREAction",
            "metadata": ["name": .string(name), "namespace": "kars-sre"],
            "spec": [
                "action": ["type": "DeleteResourceQuota", "target": ["namespace": "team-a", "name": "platform-hardening"]],
                "diagnosis": [
                    "class": "QuotaExceeded", "summary": .string(summary),
                    "evidence": [.string("ReplicaSet web-1: FailedCreate x3: \(summary)")],
                ],
                "rationale": .string(rationale), "ttlMinutes": 30,
                "source": ["detector": "watcher", "incidentKey": .string("DeleteResourceQuota/team-a/\(name)")],
            ],
        ]
    }

    static func event(namespace: String, name: String, reason: String, message: String, at: Date = Date()) -> JSONValue {
        let time = ISO8601DateFormatter().string(from: at)
        return [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string("\(name).\(UUID().uuidString.prefix(8).lowercased())"), "namespace": .string(namespace)],
            "involvedObject": ["kind": "Pod", "namespace": .string(namespace), "name": .string(name)],
            "reason": .string(reason), "message": .string(message), "type": "Warning", "count": 2,
            "firstTimestamp": .string(time), "lastTimestamp": .string(time),
            "source": ["component": "kubelet"],
        ]
    }
}
