import Foundation
import KubeModels

/// ResourceQuota admission and accounting: rejects pods (and counted objects) that would exceed a
/// quota with the real server's message, and keeps every quota's `status.used` current.
extension ClusterStore {
    /// Legacy object-count names and the resources they count.
    static let legacyCountNames: [String: GroupResource] = [
        "pods": .pods, "services": .services, "configmaps": .configmaps, "secrets": .secrets,
        "persistentvolumeclaims": GroupResource(resource: "persistentvolumeclaims"),
        "resourcequotas": .resourcequotas, "replicationcontrollers": GroupResource(resource: "replicationcontrollers"),
    ]

    static let computeResources: Set<String> = [
        "cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory",
        "ephemeral-storage", "requests.ephemeral-storage", "limits.ephemeral-storage",
    ]

    func quotas(in namespace: String) -> [JSONValue] {
        objects(.resourcequotas, namespace: namespace).sorted { $0.name < $1.name }
    }

    /// Whether any quota in the namespace counts objects of this resource.
    func quotaTracks(_ storage: GroupResource, namespace: String) -> Bool {
        guard let bucket = buckets[.resourcequotas], bucket.keys.contains(where: { $0.namespace == namespace }) else {
            return false
        }
        return quotas(in: namespace).contains { quota in
            let hard = quota[path: "spec", "hard"]?.objectValue ?? [:]
            return hard.keys.contains { Self.countedResource($0) == storage }
        }
    }

    static func countedResource(_ name: String) -> GroupResource? {
        if let legacy = legacyCountNames[name] { return legacy }
        guard name.hasPrefix("count/") else { return nil }
        let rest = name.dropFirst("count/".count)
        if let dot = rest.firstIndex(of: ".") {
            return GroupResource(group: String(rest[rest.index(after: dot)...]), resource: String(rest[..<dot]))
        }
        return GroupResource(resource: String(rest))
    }

    /// The compute usage of one pod: requests and limits summed over containers (init containers
    /// count as the max), plus its object count.
    static func podUsage(_ pod: JSONValue) -> [String: QuantitySum] {
        var usage: [String: QuantitySum] = [:]
        let spec = pod["spec"] ?? .null
        for kind in ["requests", "limits"] {
            var sums: [String: QuantitySum] = [:]
            for container in spec["containers"]?.arrayValue ?? [] {
                for (resource, value) in container[path: "resources", kind]?.objectValue ?? [:] {
                    if let quantity = try? Quantity(value.stringValue ?? value.scalarText) { sums[resource, default: QuantitySum()].add(quantity) }
                }
            }
            for container in spec["initContainers"]?.arrayValue ?? [] {
                for (resource, value) in container[path: "resources", kind]?.objectValue ?? [:] {
                    if let quantity = try? Quantity(value.stringValue ?? value.scalarText),
                        quantity.value > (sums[resource]?.value ?? 0)
                    {
                        var single = QuantitySum()
                        single.add(quantity)
                        sums[resource] = single
                    }
                }
            }
            for (resource, sum) in sums {
                usage["\(kind).\(resource)"] = sum
                if kind == "requests", resource == "cpu" || resource == "memory" || resource == "ephemeral-storage" {
                    usage[resource] = sum
                }
            }
        }
        var one = QuantitySum()
        one.value = 1
        usage["pods"] = one
        usage["count/pods"] = one
        return usage
    }

    /// Whether a pod still counts against quota (not finished, not past its grace period).
    static func podCounts(_ pod: JSONValue, now: Date) -> Bool {
        let phase = pod[path: "status", "phase"]?.stringValue ?? ""
        if phase == "Succeeded" || phase == "Failed" { return false }
        if let deletion = pod[path: "metadata", "deletionTimestamp"]?.stringValue, let date = KubeTime.parse(deletion) {
            let grace = Double(pod[path: "metadata", "deletionGracePeriodSeconds"]?.intValue ?? 0)
            if now.timeIntervalSince(date) > grace { return false }
        }
        return true
    }

    func admitPodQuota(_ pod: JSONValue, namespace: String) throws(APIError) {
        let quotaList = quotas(in: namespace)
        guard !quotaList.isEmpty else { return }
        let requested = Self.podUsage(pod)
        for quota in quotaList {
            let hard = quota[path: "spec", "hard"]?.objectValue ?? [:]
            // Every constrained compute resource must be specified by every container.
            var missing: [String: [String]] = [:]
            for resource in hard.keys where Self.computeResources.contains(resource) {
                let (section, name) = Self.section(of: resource)
                for container in pod[path: "spec", "containers"]?.arrayValue ?? [] {
                    if container[path: "resources", section, name] == nil {
                        missing[resource, default: []].append(container["name"]?.stringValue ?? "")
                    }
                }
            }
            if !missing.isEmpty {
                let parts = missing.keys.sorted().map { "\($0) for: \((missing[$0] ?? []).joined(separator: ","))" }
                throw APIError.forbidden(.pods, pod.name, "failed quota: \(quota.name): must specify \(parts.joined(separator: "; "))")
            }
            let used = usage(namespace: namespace, hard: hard)
            var exceeded: [String] = []
            for (resource, limitValue) in hard {
                guard let request = requested[resource], request.value > 0,
                    let limit = try? Quantity(limitValue.stringValue ?? limitValue.scalarText)
                else { continue }
                let total = (used[resource]?.value ?? 0) + request.value
                if total > limit.value { exceeded.append(resource) }
            }
            guard !exceeded.isEmpty else { continue }
            exceeded.sort()
            let requestText = exceeded.map { "\($0)=\(requested[$0]?.text ?? "0")" }.joined(separator: ",")
            let usedText = exceeded.map { "\($0)=\(used[$0]?.text ?? "0")" }.joined(separator: ",")
            let hardText = exceeded.map { name in
                let raw = hard[name].flatMap { $0.stringValue ?? $0.scalarText } ?? "0"
                var sum = QuantitySum()
                if let quantity = try? Quantity(raw) { sum.add(quantity) }
                return "\(name)=\(sum.text)"
            }.joined(separator: ",")
            throw APIError.forbidden(
                .pods, pod.name,
                "exceeded quota: \(quota.name), requested: \(requestText), used: \(usedText), limited: \(hardText)")
        }
    }

    static func section(of resource: String) -> (String, String) {
        if resource.hasPrefix("limits.") { return ("limits", String(resource.dropFirst("limits.".count))) }
        if resource.hasPrefix("requests.") { return ("requests", String(resource.dropFirst("requests.".count))) }
        return ("requests", resource)
    }

    /// Object-count quotas (`count/deployments.apps`, `configmaps`, ...) for any create.
    func admitCountQuota(type: ResourceType, namespace: String, name: String) throws(APIError) {
        guard type.namespaced, type.storage != .pods, quotaTracks(type.storage, namespace: namespace) else { return }
        for quota in quotas(in: namespace) {
            let hard = quota[path: "spec", "hard"]?.objectValue ?? [:]
            let used = usage(namespace: namespace, hard: hard)
            for (resource, limitValue) in hard where Self.countedResource(resource) == type.storage {
                guard let limit = try? Quantity(limitValue.stringValue ?? limitValue.scalarText) else { continue }
                let current = used[resource]?.value ?? 0
                if current + 1 > limit.value {
                    throw APIError.forbidden(
                        type.groupResource, name,
                        "exceeded quota: \(quota.name), requested: \(resource)=1, used: \(resource)=\(QuantityFormat.canonical(current, binary: false)), limited: \(resource)=\(QuantityFormat.canonical(limit.value, binary: false))")
                }
            }
        }
    }

    /// Current usage in a namespace for the given hard resources.
    func usage(namespace: String, hard: [String: JSONValue]) -> [String: QuantitySum] {
        var used: [String: QuantitySum] = [:]
        for resource in hard.keys { used[resource] = QuantitySum() }
        let now = clock()
        let needsPods = hard.keys.contains { Self.computeResources.contains($0) || Self.countedResource($0) == .pods }
        if needsPods {
            for pod in objects(.pods, namespace: namespace) where Self.podCounts(pod, now: now) {
                for (resource, amount) in Self.podUsage(pod) where hard[resource] != nil {
                    used[resource, default: QuantitySum()].add(amount)
                }
            }
        }
        for resource in hard.keys {
            guard let counted = Self.countedResource(resource), counted != .pods else { continue }
            var sum = QuantitySum()
            sum.value = Decimal(buckets[counted]?.keys.filter { $0.namespace == namespace }.count ?? 0)
            used[resource] = sum
        }
        return used
    }

    /// Rewrites `status.hard` and `status.used` of every quota in the namespace that changed.
    func recomputeQuotas(namespace: String) {
        for quota in quotas(in: namespace) {
            let hard = quota[path: "spec", "hard"]?.objectValue ?? [:]
            let used = usage(namespace: namespace, hard: hard)
            var hardOut: [String: JSONValue] = [:]
            for (name, value) in hard {
                var sum = QuantitySum()
                if let quantity = try? Quantity(value.stringValue ?? value.scalarText) { sum.add(quantity) }
                hardOut[name] = .string(sum.text)
            }
            var usedOut: [String: JSONValue] = [:]
            for (name, sum) in used { usedOut[name] = .string(sum.text) }
            let status: JSONValue = ["hard": .object(hardOut), "used": .object(usedOut)]
            guard quota["status"] != status else { continue }
            var updated = quota
            updated["status"] = status
            commit(.modified, .resourcequotas, key: ObjectKey(namespace: namespace, name: quota.name), object: updated, old: quota)
        }
    }
}
