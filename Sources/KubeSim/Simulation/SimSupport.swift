import Foundation
import KubeModels

/// Resources the simulation uses that the store's `GroupResource` constants do not name.
enum SimResource {
    static let endpoints = GroupResource(resource: "endpoints")
    static let endpointslices = GroupResource(group: "discovery.k8s.io", resource: "endpointslices")
    static let leases = GroupResource(group: "coordination.k8s.io", resource: "leases")
    static let jobs = GroupResource(group: "batch", resource: "jobs")
    static let persistentvolumeclaims = GroupResource(resource: "persistentvolumeclaims")
    static let controllerrevisions = GroupResource(group: "apps", resource: "controllerrevisions")
    static let karssandboxes = GroupResource(group: "kars.azure.com", resource: "karssandboxes")
    static let podMetrics = GroupResource(group: "metrics.k8s.io", resource: "pods")
    static let nodeMetrics = GroupResource(group: "metrics.k8s.io", resource: "nodes")
}

/// Annotations that stage behaviours of simulated pods (set on a pod template).
public enum SimAnnotations {
    /// `crash`, `oom`, `readiness-fail`, `slow-start`, `complete` (exit 0), for every container;
    /// `kubesim.kars.azure.com/behavior.NAME` for one container.
    public static let behavior = "kubesim.kars.azure.com/behavior"
    /// Seconds a container runs before it crashes, is OOM-killed or completes (default 5).
    public static let runSeconds = "kubesim.kars.azure.com/run-seconds"
    /// Seconds a `slow-start` container takes to become ready (default 60).
    public static let startSeconds = "kubesim.kars.azure.com/start-seconds"
    /// The termination message of a crashing container (`lastState.terminated.message`).
    public static let exitMessage = "kubesim.kars.azure.com/exit-message"
    /// On a Node: `stopped` stops its kubelet (no heartbeats, no pod updates): the node is lost;
    /// `running` starts it again (also on a node that was already lost when loaded).
    public static let kubelet = "kubesim.kars.azure.com/kubelet"
    /// On a ReplicaSet or StatefulSet: any change of an annotation nudges its controller.
    public static let nudge = "kubesim.kars.azure.com/nudged-at"
}

/// A small seeded generator (SplitMix64) for names and addresses, so a deterministic run names its
/// pods the same way every time.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Five characters from the alphabet of the API server's generated names.
    mutating func suffix(length: Int = 5) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
    }

    mutating func hex(length: Int) -> String {
        var text = ""
        while text.count < length { text += String(next(), radix: 16) }
        return String(text.prefix(length))
    }
}

extension JSONValue {
    /// The owner reference with `controller: true`, if any.
    var controllerReference: JSONValue? {
        ownerReferences.first { $0["controller"]?.boolValue == true }
    }

    var isBeingDeleted: Bool { hasDeletionTimestamp }

    var podPhase: String { self[path: "status", "phase"]?.stringValue ?? "" }

    var nodeName: String { self[path: "spec", "nodeName"]?.stringValue ?? "" }

    /// Running or pending, and not being deleted (the pods a workload controller counts).
    var isActivePod: Bool {
        podPhase != "Succeeded" && podPhase != "Failed" && !hasDeletionTimestamp
    }

    /// A condition of `status.conditions` by type.
    func condition(_ type: String) -> JSONValue? {
        (self[path: "status", "conditions"]?.arrayValue ?? []).first { $0["type"]?.stringValue == type }
    }

    func conditionStatus(_ type: String) -> String? { condition(type)?["status"]?.stringValue }

    var isReadyPod: Bool { conditionStatus("Ready") == "True" }

    var generation: Int64 { self[path: "metadata", "generation"]?.intValue ?? 0 }

    func annotation(_ key: String) -> String? { self[path: "metadata", "annotations", key]?.stringValue }

    /// `spec.replicas` (default 1).
    var specReplicas: Int { Int(self[path: "spec", "replicas"]?.intValue ?? 1) }

    func statusInt(_ field: String) -> Int { Int(self[path: "status", field]?.intValue ?? 0) }

    /// The label selector of a workload, parsed (nil when missing or malformed).
    var workloadSelector: LabelSelector? {
        guard let selector = self[path: "spec", "selector"] else { return nil }
        return try? selector.decode(as: LabelSelector.self)
    }
}

/// Builders of the small JSON structures every controller writes.
enum SimObjects {
    /// An owner reference to `owner`, as controllers set it (`controller` and `blockOwnerDeletion`).
    static func ownerReference(to owner: JSONValue, controller: Bool = true) -> JSONValue {
        [
            "apiVersion": .string(owner.apiVersionString), "kind": .string(owner.kindString),
            "name": .string(owner.name), "uid": .string(owner.uid), "controller": .bool(controller),
            "blockOwnerDeletion": true,
        ]
    }

    /// An `ObjectReference` (`involvedObject` of an Event, `targetRef` of an endpoint).
    static func reference(to object: JSONValue, fieldPath: String? = nil, withVersion: Bool = true) -> JSONValue {
        var reference: [String: JSONValue] = [
            "kind": .string(object.kindString), "name": .string(object.name), "uid": .string(object.uid),
        ]
        if !object.namespace.isEmpty { reference["namespace"] = .string(object.namespace) }
        if withVersion {
            reference["apiVersion"] = .string(object.apiVersionString)
            reference["resourceVersion"] = .string(object.resourceVersionString)
        }
        if let fieldPath { reference["fieldPath"] = .string(fieldPath) }
        return .object(reference)
    }

    static func time(_ date: Date) -> JSONValue { .string(KubeTime.format(date)) }

    /// Sets a condition in a conditions array: keeps `lastTransitionTime` while the status is
    /// unchanged, as every controller does.
    static func setCondition(
        _ conditions: inout [JSONValue], type: String, status: String, reason: String?, message: String?, now: Date,
        probeTimes: Bool = false, updateTime: Bool = false
    ) {
        let index = conditions.firstIndex { $0["type"]?.stringValue == type }
        let existing = index.map { conditions[$0] }
        var condition: [String: JSONValue] = ["type": .string(type), "status": .string(status)]
        if let reason { condition["reason"] = .string(reason) }
        if let message { condition["message"] = .string(message) }
        if probeTimes { condition["lastProbeTime"] = .null }
        if let existing, existing["status"]?.stringValue == status {
            condition["lastTransitionTime"] = existing["lastTransitionTime"] ?? time(now)
            if updateTime { condition["lastUpdateTime"] = existing["lastUpdateTime"] ?? time(now) }
        } else {
            condition["lastTransitionTime"] = time(now)
            if updateTime { condition["lastUpdateTime"] = time(now) }
        }
        if let index { conditions[index] = .object(condition) } else { conditions.append(.object(condition)) }
    }

    /// The pod a workload's template describes: labels, annotations and spec of the template, with
    /// the given name, namespace and owner.
    static func pod(from template: JSONValue, name: String, generateName: String?, namespace: String, owner: JSONValue,
                    extraLabels: [String: String] = [:]) -> JSONValue {
        var metadata: [String: JSONValue] = [
            "name": .string(name), "namespace": .string(namespace),
            "ownerReferences": [ownerReference(to: owner)],
        ]
        if let generateName { metadata["generateName"] = .string(generateName) }
        var labels = template[path: "metadata", "labels"]?.objectValue ?? [:]
        for (key, value) in extraLabels { labels[key] = .string(value) }
        if !labels.isEmpty { metadata["labels"] = .object(labels) }
        if let annotations = template[path: "metadata", "annotations"], annotations.objectValue?.isEmpty == false {
            metadata["annotations"] = annotations
        }
        return [
            "apiVersion": "v1", "kind": "Pod", "metadata": .object(metadata),
            "spec": template["spec"] ?? .object([:]),
        ]
    }
}

/// CPU and memory requests of pods, in millicores and bytes.
struct ResourceAmounts: Sendable, Equatable {
    var milliCPU: Int64 = 0
    var memory: Int64 = 0
    var pods: Int64 = 0

    static func + (lhs: ResourceAmounts, rhs: ResourceAmounts) -> ResourceAmounts {
        ResourceAmounts(milliCPU: lhs.milliCPU + rhs.milliCPU, memory: lhs.memory + rhs.memory, pods: lhs.pods + rhs.pods)
    }

    static func - (lhs: ResourceAmounts, rhs: ResourceAmounts) -> ResourceAmounts {
        ResourceAmounts(milliCPU: lhs.milliCPU - rhs.milliCPU, memory: lhs.memory - rhs.memory, pods: lhs.pods - rhs.pods)
    }

    /// A pod's requests: the sum over containers, or the largest init container if that is more.
    static func requests(ofPod pod: JSONValue) -> ResourceAmounts {
        var total = ResourceAmounts(pods: 1)
        for container in pod[path: "spec", "containers"]?.arrayValue ?? [] {
            total.milliCPU += milli(container[path: "resources", "requests", "cpu"])
            total.memory += bytes(container[path: "resources", "requests", "memory"])
        }
        for container in pod[path: "spec", "initContainers"]?.arrayValue ?? [] {
            total.milliCPU = max(total.milliCPU, milli(container[path: "resources", "requests", "cpu"]))
            total.memory = max(total.memory, bytes(container[path: "resources", "requests", "memory"]))
        }
        return total
    }

    /// A node's allocatable resources.
    static func allocatable(ofNode node: JSONValue) -> ResourceAmounts {
        let allocatable = node[path: "status", "allocatable"] ?? node[path: "status", "capacity"] ?? .null
        let pods = allocatable["pods"].flatMap { quantity($0) }.map { NSDecimalNumber(decimal: $0.value).int64Value }
        return ResourceAmounts(
            milliCPU: milli(allocatable["cpu"]), memory: bytes(allocatable["memory"]), pods: pods ?? 110)
    }

    static func quantity(_ value: JSONValue?) -> Quantity? {
        guard let value else { return nil }
        if let text = value.stringValue { return try? Quantity(text) }
        if let number = value.intValue { return try? Quantity(String(number)) }
        if let number = value.doubleValue { return try? Quantity(String(number)) }
        return nil
    }

    static func milli(_ value: JSONValue?) -> Int64 { quantity(value)?.milliValue ?? 0 }

    static func bytes(_ value: JSONValue?) -> Int64 {
        guard let quantity = quantity(value) else { return 0 }
        var rounded = Decimal()
        var source = quantity.value
        NSDecimalRound(&rounded, &source, 0, .up)
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    /// `256Mi`-style text of a byte count.
    static func memoryText(_ bytes: Int64) -> String {
        if bytes % (1024 * 1024) == 0 { return "\(bytes / (1024 * 1024))Mi" }
        if bytes % 1024 == 0 { return "\(bytes / 1024)Ki" }
        return String(bytes)
    }

    static func cpuText(_ milli: Int64) -> String {
        milli % 1000 == 0 ? String(milli / 1000) : "\(milli)m"
    }
}

/// The `pod-template-hash` of a pod template, computed as the deployment controller does: a 32-bit
/// FNV-1a hash of the template (plus the collision count), rendered with the alphabet of
/// `rand.SafeEncodeString`.
enum TemplateHash {
    static func hash(_ template: JSONValue, collisionCount: Int64 = 0) -> String {
        var normalized = normalizedTemplate(template)
        normalized.setValue(nil, at: ["metadata", "labels", "pod-template-hash"])
        var bytes = JSONWriter.encode(normalized)
        if collisionCount > 0 { bytes += Array(String(collisionCount).utf8) }
        var hash: UInt32 = 2_166_136_261
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return safeEncode(String(hash))
    }

    /// A template with the API server's pod defaults applied, so that templates that differ only by
    /// defaulted fields compare (and hash) equal.
    static func normalizedTemplate(_ template: JSONValue) -> JSONValue {
        var copy = template
        if copy["metadata"] == nil || copy["metadata"]?.objectValue?.isEmpty == true { copy["metadata"] = nil }
        Defaulting.defaultPodSpec(&copy, at: ["spec"])
        if let labels = copy[path: "metadata", "labels"]?.objectValue, labels.isEmpty {
            copy.setValue(nil, at: ["metadata", "labels"])
        }
        if let annotations = copy[path: "metadata", "annotations"]?.objectValue, annotations.isEmpty {
            copy.setValue(nil, at: ["metadata", "annotations"])
        }
        if copy["metadata"]?.objectValue?.isEmpty == true { copy["metadata"] = nil }
        return copy
    }

    /// Whether two templates are equal ignoring the `pod-template-hash` label and defaults.
    static func equalIgnoringHash(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        var left = normalizedTemplate(lhs)
        var right = normalizedTemplate(rhs)
        left.setValue(nil, at: ["metadata", "labels", "pod-template-hash"])
        right.setValue(nil, at: ["metadata", "labels", "pod-template-hash"])
        for side in [0, 1] {
            var value = side == 0 ? left : right
            if value[path: "metadata", "labels"]?.objectValue?.isEmpty == true { value.setValue(nil, at: ["metadata", "labels"]) }
            if value["metadata"]?.objectValue?.isEmpty == true { value["metadata"] = nil }
            if side == 0 { left = value } else { right = value }
        }
        return left == right
    }

    /// `rand.SafeEncodeString`: maps every character onto "bcdfghjklmnpqrstvwxz2456789".
    static func safeEncode(_ text: String) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String(text.utf8.map { alphabet[Int($0) % alphabet.count] })
    }
}
