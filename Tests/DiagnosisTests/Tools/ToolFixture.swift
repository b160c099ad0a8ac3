import Testing
import ClusterState
import Foundation
import KubeModels

/// Hand-made clusters for the tool tests: objects as JSON, "now" fixed at 2026-11-28T10:00:00Z.
struct ToolFixture {
    static let now = KubeTime.parse("2026-11-28T10:00:00Z") ?? Date(timeIntervalSince1970: 0)
    var objects: [JSONValue] = []
    private var counter = 0

    static func time(minutesAgo: Double) -> JSONValue {
        .string(KubeTime.format(now.addingTimeInterval(-minutesAgo * 60)))
    }

    func state() throws -> ClusterState {
        try ClusterState(objects: objects.map { try KubeObject(raw: $0) }, now: Self.now)
    }

    mutating func add(_ object: JSONValue) { objects.append(object) }

    mutating func nextUID(_ name: String) -> String {
        counter += 1
        return "\(name)-uid-\(counter)"
    }

    static func labels(_ labels: [String: String]) -> JSONValue { .object(labels.mapValues { .string($0) }) }

    static func owner(_ kind: String, _ name: String, uid: String, apiVersion: String = "apps/v1") -> JSONValue {
        ["apiVersion": .string(apiVersion), "kind": .string(kind), "name": .string(name), "uid": .string(uid), "controller": true]
    }

    static func containers(_ name: String, image: String, ports: [(String?, Int)], requests: [String: String]? = nil, limits: [String: String]? = nil) -> JSONValue {
        var container: [String: JSONValue] = [
            "name": .string(name), "image": .string(image),
            "ports": .array(ports.map { port in
                var entry: [String: JSONValue] = ["containerPort": .int(Int64(port.1)), "protocol": "TCP"]
                if let portName = port.0 { entry["name"] = .string(portName) }
                return .object(entry)
            }),
        ]
        var resources: [String: JSONValue] = [:]
        if let requests { resources["requests"] = labels(requests) }
        if let limits { resources["limits"] = labels(limits) }
        if !resources.isEmpty { container["resources"] = .object(resources) }
        return [.object(container)]
    }

    /// A Deployment with `available` of `replicas` available; returns its uid.
    @discardableResult
    mutating func deployment(
        _ name: String, namespace: String, replicas: Int = 2, available: Int = 2, image: String = "nginx:1.25.3",
        labels: [String: String]? = nil, revision: Int = 1, availableCondition: Bool? = nil
    ) -> String {
        let uid = nextUID(name)
        let podLabels = Self.labels(labels ?? ["app": name])
        let isAvailable = availableCondition ?? (available > 0)
        add([
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "uid": .string(uid),
                         "creationTimestamp": Self.time(minutesAgo: 300),
                         "annotations": ["deployment.kubernetes.io/revision": .string(String(revision))]],
            "spec": ["replicas": .int(Int64(replicas)), "selector": ["matchLabels": podLabels],
                     "template": ["metadata": ["labels": podLabels],
                                  "spec": ["containers": Self.containers(name, image: image, ports: [("http", 8080)])]]],
            "status": ["replicas": .int(Int64(replicas)), "availableReplicas": .int(Int64(available)),
                       "readyReplicas": .int(Int64(available)),
                       "conditions": [["type": "Available", "status": .string(isAvailable ? "True" : "False"),
                                       "reason": .string(isAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")]]],
        ])
        return uid
    }

    /// A ReplicaSet owned by a Deployment; returns its uid.
    @discardableResult
    mutating func replicaSet(
        _ name: String, namespace: String, deployment: String, deploymentUID: String, revision: Int, replicas: Int,
        ready: Int, image: String, labels: [String: String]
    ) -> String {
        let uid = nextUID(name)
        add([
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "uid": .string(uid),
                         "creationTimestamp": Self.time(minutesAgo: Double(100 - revision)),
                         "annotations": ["deployment.kubernetes.io/revision": .string(String(revision))],
                         "ownerReferences": [Self.owner("Deployment", deployment, uid: deploymentUID)]],
            "spec": ["replicas": .int(Int64(replicas)), "selector": ["matchLabels": Self.labels(labels)],
                     "template": ["metadata": ["labels": Self.labels(labels)],
                                  "spec": ["containers": Self.containers(deployment, image: image, ports: [("http", 8080)])]]],
            "status": ["replicas": .int(Int64(replicas)), "readyReplicas": .int(Int64(ready)), "availableReplicas": .int(Int64(ready))],
        ])
        return uid
    }

    /// A pod; `waiting` puts its container in that waiting reason (not ready).
    @discardableResult
    mutating func pod(
        _ name: String, namespace: String, labels: [String: String], owner: JSONValue? = nil, image: String = "nginx:1.25.3",
        ready: Bool = true, waiting: String? = nil, restarts: Int = 0, node: String? = "worker-1",
        ports: [(String?, Int)] = [("http", 8080)], ip: String? = "10.244.1.10", phase: String? = nil,
        requests: [String: String]? = nil, limits: [String: String]? = nil, claims: [String] = [], container: String = "app"
    ) -> String {
        let uid = nextUID(name)
        var metadata: [String: JSONValue] = [
            "name": .string(name), "namespace": .string(namespace), "uid": .string(uid), "labels": Self.labels(labels),
            "creationTimestamp": Self.time(minutesAgo: 30),
        ]
        if let owner { metadata["ownerReferences"] = [owner] }
        var state: JSONValue = ["running": ["startedAt": Self.time(minutesAgo: 29)]]
        if let waiting { state = ["waiting": ["reason": .string(waiting), "message": .string("\(waiting) for \(name)")]] }
        var spec: [String: JSONValue] = [
            "containers": Self.containers(container, image: image, ports: ports, requests: requests, limits: limits),
        ]
        if let node { spec["nodeName"] = .string(node) }
        if !claims.isEmpty {
            spec["volumes"] = .array(claims.map { ["name": .string($0), "persistentVolumeClaim": ["claimName": .string($0)]] })
        }
        var status: [String: JSONValue] = [
            "phase": .string(phase ?? (waiting == nil ? "Running" : "Pending")),
            "conditions": [["type": "Ready", "status": .string(ready ? "True" : "False")]],
            "containerStatuses": [["name": .string(container), "image": .string(image), "ready": .bool(ready),
                                   "restartCount": .int(Int64(restarts)), "state": state]],
        ]
        if let ip { status["podIP"] = .string(ip) }
        add(["apiVersion": "v1", "kind": "Pod", "metadata": .object(metadata), "spec": .object(spec), "status": .object(status)])
        return uid
    }

    mutating func service(_ name: String, namespace: String, selector: [String: String]?, port: Int = 80, targetPort: JSONValue = 8080) {
        var spec: [String: JSONValue] = ["type": "ClusterIP", "ports": [["name": "http", "port": .int(Int64(port)), "targetPort": targetPort, "protocol": "TCP"]]]
        if let selector { spec["selector"] = Self.labels(selector) }
        add(["apiVersion": "v1", "kind": "Service",
             "metadata": ["name": .string(name), "namespace": .string(namespace), "uid": .string(nextUID(name))],
             "spec": .object(spec)])
    }

    /// An EndpointSlice for a service: `(ip, ready, podName)` per endpoint.
    mutating func endpointSlice(_ service: String, namespace: String, endpoints: [(String, Bool, String)], port: Int = 8080) {
        add(["apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
             "metadata": ["name": .string("\(service)-abcde"), "namespace": .string(namespace), "uid": .string(nextUID(service)),
                          "labels": ["kubernetes.io/service-name": .string(service)]],
             "addressType": "IPv4",
             "endpoints": .array(endpoints.map { ip, ready, pod in
                 ["addresses": [.string(ip)], "conditions": ["ready": .bool(ready)],
                  "targetRef": ["kind": "Pod", "namespace": .string(namespace), "name": .string(pod)]]
             }),
             "ports": [["name": "http", "port": .int(Int64(port)), "protocol": "TCP"]]])
    }

    /// A core/v1 event.
    mutating func event(
        about kind: String, _ name: String, namespace: String?, reason: String, message: String, type: String = "Warning",
        count: Int = 1, firstMinutesAgo: Double, lastMinutesAgo: Double, eventNamespace: String? = nil, component: String = "kubelet"
    ) {
        var involved: [String: JSONValue] = ["kind": .string(kind), "name": .string(name)]
        if let namespace { involved["namespace"] = .string(namespace) }
        add(["apiVersion": "v1", "kind": "Event",
             "metadata": ["name": .string("\(name).\(nextUID("ev"))"), "namespace": .string(eventNamespace ?? namespace ?? "default"),
                          "uid": .string(nextUID("event")), "creationTimestamp": Self.time(minutesAgo: firstMinutesAgo)],
             "involvedObject": .object(involved), "reason": .string(reason), "message": .string(message), "type": .string(type),
             "count": .int(Int64(count)), "firstTimestamp": Self.time(minutesAgo: firstMinutesAgo),
             "lastTimestamp": Self.time(minutesAgo: lastMinutesAgo), "source": ["component": .string(component)]])
    }

    /// An events.k8s.io/v1 event.
    mutating func eventV1(
        about kind: String, _ name: String, namespace: String, reason: String, note: String, type: String = "Warning",
        count: Int, firstMinutesAgo: Double, lastMinutesAgo: Double
    ) {
        add(["apiVersion": "events.k8s.io/v1", "kind": "Event",
             "metadata": ["name": .string("\(name).\(nextUID("v1ev"))"), "namespace": .string(namespace),
                          "uid": .string(nextUID("eventv1")), "creationTimestamp": Self.time(minutesAgo: firstMinutesAgo)],
             "eventTime": Self.time(minutesAgo: firstMinutesAgo), "reportingController": "kubelet", "reason": .string(reason),
             "note": .string(note), "type": .string(type),
             "regarding": ["kind": .string(kind), "namespace": .string(namespace), "name": .string(name)],
             "series": ["count": .int(Int64(count)), "lastObservedTime": Self.time(minutesAgo: lastMinutesAgo)]])
    }

    mutating func node(_ name: String, ready: Bool = true, cpu: String = "4", memory: String = "16Gi") {
        add(["apiVersion": "v1", "kind": "Node",
             "metadata": ["name": .string(name), "uid": .string(nextUID(name))],
             "status": ["allocatable": ["cpu": .string(cpu), "memory": .string(memory), "pods": "110"],
                        "conditions": [["type": "Ready", "status": .string(ready ? "True" : "Unknown")]]]])
    }

    mutating func podMetrics(_ name: String, namespace: String, containers: [(String, String, String)]) {
        add(["apiVersion": "metrics.k8s.io/v1beta1", "kind": "PodMetrics",
             "metadata": ["name": .string(name), "namespace": .string(namespace)],
             "timestamp": Self.time(minutesAgo: 0.5), "window": "15s",
             "containers": .array(containers.map { ["name": .string($0.0), "usage": ["cpu": .string($0.1), "memory": .string($0.2)]] })])
    }

    mutating func nodeMetrics(_ name: String, cpu: String, memory: String) {
        add(["apiVersion": "metrics.k8s.io/v1beta1", "kind": "NodeMetrics", "metadata": ["name": .string(name)],
             "timestamp": Self.time(minutesAgo: 0.5), "window": "15s", "usage": ["cpu": .string(cpu), "memory": .string(memory)]])
    }

    mutating func karsSandbox(_ name: String, phase: String, conditions: [(String, String)] = [], deployment: String? = nil) {
        add(["apiVersion": "kars.azure.com/v1alpha1", "kind": "KarsSandbox",
             "metadata": ["name": .string(name), "namespace": "kars-system", "uid": .string(nextUID(name))],
             "spec": [:],
             "status": ["phase": .string(phase), "namespace": .string("kars-\(name)"), "deploymentName": .string(deployment ?? name),
                        "conditions": .array(conditions.map { ["type": .string($0.0), "status": .string($0.1)] })]])
    }
}

/// The shared incident scenarios (`../shared/scenarios` next to the repository), when present.
enum ToolScenarios {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tools
        .deletingLastPathComponent()  // DiagnosisTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/scenarios")

    static var available: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("README.md").path)
    }

    static let skipReason: Comment = "shared scenarios not found at ../shared/scenarios; skipping scenario tests"

    static func names() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return entries.filter { FileManager.default.fileExists(atPath: directory.appendingPathComponent("\($0)/cluster.json").path) }.sorted()
    }

    static func state(_ name: String) throws -> ClusterState {
        try SnapshotLoader.load(paths: [directory.appendingPathComponent("\(name)/cluster.json").path])
    }
}
