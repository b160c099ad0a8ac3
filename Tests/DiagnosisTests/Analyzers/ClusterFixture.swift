import ClusterState
import Foundation
import KubeModels

/// Builds small clusters for analyzer tests: a Deployment with its ReplicaSet and pods, services,
/// events, with "now" fixed at 2026-11-28T10:00:00Z.
struct ClusterFixture {
    static let now = KubeTime.parse("2026-11-28T10:00:00Z") ?? Date()
    var objects: [JSONValue] = []
    private var counter = 0

    static func time(minutesAgo: Double) -> String { KubeTime.format(now.addingTimeInterval(-minutesAgo * 60)) }

    mutating func uid(_ prefix: String) -> JSONValue {
        counter += 1
        return .string("\(prefix)-uid-\(counter)")
    }

    func state(lookbackMinutes: Double = 60) throws -> ClusterState {
        try ClusterState(objects: objects.map { try KubeObject(raw: $0) }, now: Self.now)
    }

    mutating func add(_ object: JSONValue) { objects.append(object) }

    /// A Deployment, its ReplicaSet (revision given) and `pods` pods built by `podStatus`.
    @discardableResult
    mutating func deployment(
        _ name: String, namespace: String, replicas: Int = 1, available: Int = 1, image: String = "nginx:1.25.3",
        labels: [String: String]? = nil, ports: [Int] = [8080], revisions: [(hash: String, image: String, replicas: Int, available: Int)]? = nil,
        pods: [(rs: String, status: JSONValue, deleted: String?)] = []
    ) -> (deploymentUID: JSONValue, replicaSetUIDs: [String: JSONValue]) {
        let podLabels = labels ?? ["app": name]
        let deploymentUID = uid(name)
        let labelObject = JSONValue.object(podLabels.mapValues { .string($0) })
        let portList = JSONValue.array(ports.map { ["containerPort": .int(Int64($0)), "protocol": "TCP", "name": .string("p\($0)")] })
        add([
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "uid": deploymentUID,
                         "annotations": ["deployment.kubernetes.io/revision": .string(String(revisions?.count ?? 1))]],
            "spec": ["replicas": .int(Int64(replicas)), "selector": ["matchLabels": labelObject],
                     "template": ["metadata": ["labels": labelObject],
                                  "spec": ["containers": [["name": .string(name), "image": .string(image), "ports": portList]]]]],
            "status": ["replicas": .int(Int64(replicas)), "availableReplicas": .int(Int64(available)),
                       "readyReplicas": .int(Int64(available))],
        ])
        var replicaSetUIDs: [String: JSONValue] = [:]
        let sets = revisions ?? [(hash: "abc12", image: image, replicas: replicas, available: available)]
        for (index, set) in sets.enumerated() {
            let rsUID = uid(name + "-" + set.hash)
            replicaSetUIDs[set.hash] = rsUID
            add([
                "apiVersion": "apps/v1", "kind": "ReplicaSet",
                "metadata": ["name": .string("\(name)-\(set.hash)"), "namespace": .string(namespace), "uid": rsUID,
                             "annotations": ["deployment.kubernetes.io/revision": .string(String(index + 1))],
                             "ownerReferences": [["apiVersion": "apps/v1", "kind": "Deployment", "name": .string(name),
                                                  "uid": deploymentUID, "controller": true]]],
                "spec": ["replicas": .int(Int64(set.replicas)), "selector": ["matchLabels": labelObject],
                         "template": ["metadata": ["labels": labelObject],
                                      "spec": ["containers": [["name": .string(name), "image": .string(set.image), "ports": portList]]]]],
                "status": ["replicas": .int(Int64(set.available)), "availableReplicas": .int(Int64(set.available)),
                           "readyReplicas": .int(Int64(set.available))],
            ])
        }
        for (index, pod) in pods.enumerated() {
            let setImage = sets.first { $0.hash == pod.rs }?.image ?? image
            var metadata: JSONValue = [
                "name": .string("\(name)-\(pod.rs)-p\(index)"), "namespace": .string(namespace), "uid": uid("pod"),
                "labels": labelObject,
                "ownerReferences": [["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": .string("\(name)-\(pod.rs)"),
                                     "uid": replicaSetUIDs[pod.rs] ?? "none", "controller": true]],
            ]
            if let deleted = pod.deleted {
                metadata["deletionTimestamp"] = .string(deleted)
                metadata["deletionGracePeriodSeconds"] = 30
            }
            add([
                "apiVersion": "v1", "kind": "Pod", "metadata": metadata,
                "spec": ["nodeName": "node-1", "containers": [["name": .string(name), "image": .string(setImage), "ports": portList]]],
                "status": pod.status,
            ])
        }
        return (deploymentUID, replicaSetUIDs)
    }

    mutating func event(
        kind: String, name: String, namespace: String?, reason: String, message: String, type: String = "Warning",
        count: Int = 1, minutesAgo: Double = 1, api: String = "v1"
    ) {
        counter += 1
        if api == "v1" {
            add([
                "apiVersion": "v1", "kind": "Event",
                "metadata": ["name": .string("\(name).\(counter)"), "namespace": .string(namespace ?? "default"), "uid": .string("ev-\(counter)")],
                "involvedObject": namespace.map { ["kind": .string(kind), "name": .string(name), "namespace": .string($0)] }
                    ?? ["kind": .string(kind), "name": .string(name)],
                "reason": .string(reason), "message": .string(message), "type": .string(type), "count": .int(Int64(count)),
                "firstTimestamp": .string(Self.time(minutesAgo: minutesAgo + 5)), "lastTimestamp": .string(Self.time(minutesAgo: minutesAgo)),
                "source": ["component": "kubelet"],
            ])
        } else {
            add([
                "apiVersion": "events.k8s.io/v1", "kind": "Event",
                "metadata": ["name": .string("\(name).\(counter)"), "namespace": .string(namespace ?? "default"), "uid": .string("ev-\(counter)")],
                "regarding": namespace.map { ["kind": .string(kind), "name": .string(name), "namespace": .string($0)] }
                    ?? ["kind": .string(kind), "name": .string(name)],
                "reason": .string(reason), "note": .string(message), "type": .string(type),
                "eventTime": .string(Self.time(minutesAgo: minutesAgo + 5)),
                "series": ["count": .int(Int64(count)), "lastObservedTime": .string(Self.time(minutesAgo: minutesAgo))],
                "reportingController": "kubelet",
            ])
        }
    }

    mutating func service(_ name: String, namespace: String, selector: [String: String], targetPort: JSONValue = 8080) {
        add([
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "uid": uid("svc")],
            "spec": ["type": "ClusterIP", "selector": .object(selector.mapValues { .string($0) }),
                     "ports": [["name": "http", "port": 80, "targetPort": targetPort, "protocol": "TCP"]]],
        ])
    }

    mutating func quota(_ name: String, namespace: String, memory: String, labels: [String: String] = [:]) {
        add([
            "apiVersion": "v1", "kind": "ResourceQuota",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "uid": uid("quota"),
                         "labels": .object(labels.mapValues { .string($0) })],
            "spec": ["hard": ["requests.memory": .string(memory)]],
        ])
    }

    mutating func node(_ name: String, ready: String = "True", reason: String = "KubeletReady") {
        add([
            "apiVersion": "v1", "kind": "Node", "metadata": ["name": .string(name), "uid": uid("node")],
            "status": ["conditions": [["type": "Ready", "status": .string(ready), "reason": .string(reason),
                                       "lastTransitionTime": .string(Self.time(minutesAgo: 12))]],
                       "allocatable": ["cpu": "4", "memory": "16Gi"]],
        ])
    }

    // MARK: Pod statuses

    static func running(ready: Bool = true, restarts: Int = 0, name: String) -> JSONValue {
        [
            "phase": "Running",
            "conditions": [["type": "Ready", "status": ready ? "True" : "False"]],
            "containerStatuses": [["name": .string(name), "ready": .bool(ready), "restartCount": .int(Int64(restarts)),
                                   "state": ["running": ["startedAt": .string(time(minutesAgo: 30))]]]],
        ]
    }

    static func waiting(_ reason: String, message: String = "", name: String, restarts: Int = 0, lastTerminated: JSONValue? = nil) -> JSONValue {
        var status: JSONValue = [
            "name": .string(name), "ready": false, "restartCount": .int(Int64(restarts)),
            "state": ["waiting": ["reason": .string(reason), "message": .string(message)]],
        ]
        if let lastTerminated { status["lastState"] = ["terminated": lastTerminated] }
        return [
            "phase": reason == "CrashLoopBackOff" ? "Running" : "Pending",
            "conditions": [["type": "Ready", "status": "False", "reason": "ContainersNotReady"]],
            "containerStatuses": [status],
        ]
    }
}
