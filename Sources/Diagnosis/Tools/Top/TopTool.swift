import ClusterState
import KubeModels

/// `top pods|nodes`: metrics.k8s.io usage against requests, limits and allocatable. Without
/// metrics it says "metrics.k8s.io is not available (metrics-server not installed?)".
public enum TopTool {
    /// The kinds `top pods` reads.
    public static let podKinds: [KindRequirement] = [.pods, .podMetrics]
    /// The kinds `top nodes` reads.
    public static let nodeKinds: [KindRequirement] = [.nodes, .pods, .nodeMetrics]

    /// Pod usage; `namespace` nil for all namespaces.
    public static func pods(in state: ClusterState, metrics: MetricsSnapshot, namespace: String? = nil, sortBy: TopSort = .name) -> TopPodsResult {
        guard let objects = metrics.objects else {
            return TopPodsResult(available: false, message: message(metrics), namespace: namespace, pods: [])
        }
        var podsByKey: [ObjectKey: Pod] = [:]
        for pod in state.pods { podsByKey[ObjectKey(pod)] = pod }
        var rows: [PodUsage] = []
        for object in objects where object.kind == "PodMetrics" {
            if let namespace, object.namespace != namespace { continue }
            let usage = (object.raw["containers"]?.arrayValue ?? []).compactMap { CPUMemory(usage: $0["usage"]) }.reduce(CPUMemory(), +)
            let pod = podsByKey[ObjectKey(kind: "Pod", namespace: object.namespace, name: object.name)]
            let requests = pod.flatMap { total($0, \.requests) }
            let limits = pod.flatMap { total($0, \.limits) }
            rows.append(PodUsage(
                namespace: object.namespace, name: object.name, node: pod?.spec?.nodeName,
                cpu: UsageFigure(usage: usage.cpuMillis, request: requests?.cpu, limit: limits?.cpu),
                memory: UsageFigure(usage: usage.memoryBytes, request: requests?.memory, limit: limits?.memory)))
        }
        rows.sort { lhs, rhs in
            switch sortBy {
            case .cpu where lhs.cpu.usage != rhs.cpu.usage: return lhs.cpu.usage > rhs.cpu.usage
            case .memory where lhs.memory.usage != rhs.memory.usage: return lhs.memory.usage > rhs.memory.usage
            default: return (lhs.namespace ?? "", lhs.name) < (rhs.namespace ?? "", rhs.name)
            }
        }
        return TopPodsResult(available: true, message: nil, namespace: namespace, pods: rows)
    }

    /// Node usage against allocatable, with the requests of the pods on each node.
    public static func nodes(in state: ClusterState, metrics: MetricsSnapshot, sortBy: TopSort = .name) -> TopNodesResult {
        guard let objects = metrics.objects else {
            return TopNodesResult(available: false, message: message(metrics), nodes: [])
        }
        var measured: [String: CPUMemory] = [:]
        for object in objects where object.kind == "NodeMetrics" {
            if let usage = CPUMemory(usage: object.raw["usage"]) { measured[object.name] = usage }
        }
        var requested: [String: CPUMemory] = [:]
        for pod in state.pods {
            guard let node = pod.spec?.nodeName, !["Succeeded", "Failed"].contains(pod.status?.phase ?? "") else { continue }
            if let requests = total(pod, \.requests) {
                requested[node, default: CPUMemory()] = requested[node, default: CPUMemory()] + CPUMemory(cpuMillis: requests.cpu ?? 0, memoryBytes: requests.memory ?? 0)
            }
        }
        var names = Set(state.nodes.map(\.name))
        names.formUnion(measured.keys)
        var rows: [NodeUsage] = []
        for name in names {
            let node = state.node(named: name)
            let allocatable = node?.status?.allocatable
            let cpuAllocatable = allocatable?["cpu"]?.milliValue
            let memoryAllocatable = allocatable?["memory"].map(CPUMemory.bytes)
            let usage = measured[name]
            let asked = requested[name] ?? CPUMemory()
            rows.append(NodeUsage(
                name: name, ready: node?.isReady ?? false, measured: usage != nil,
                cpuMillis: usage?.cpuMillis ?? 0, memoryBytes: usage?.memoryBytes ?? 0,
                allocatableCPUMillis: cpuAllocatable, allocatableMemoryBytes: memoryAllocatable,
                cpuPercent: usage.flatMap { UsageFigure.percent($0.cpuMillis, of: cpuAllocatable) },
                memoryPercent: usage.flatMap { UsageFigure.percent($0.memoryBytes, of: memoryAllocatable) },
                requestedCPUMillis: asked.cpuMillis, requestedMemoryBytes: asked.memoryBytes,
                requestedCPUPercent: UsageFigure.percent(asked.cpuMillis, of: cpuAllocatable),
                requestedMemoryPercent: UsageFigure.percent(asked.memoryBytes, of: memoryAllocatable)))
        }
        rows.sort { lhs, rhs in
            switch sortBy {
            case .cpu where lhs.cpuMillis != rhs.cpuMillis: return lhs.cpuMillis > rhs.cpuMillis
            case .memory where lhs.memoryBytes != rhs.memoryBytes: return lhs.memoryBytes > rhs.memoryBytes
            default: return lhs.name < rhs.name
            }
        }
        return TopNodesResult(available: true, message: nil, nodes: rows)
    }

    static func message(_ metrics: MetricsSnapshot) -> String {
        MetricsSnapshot.unavailableMessage + (metrics.unavailableReason.map { ": \($0)" } ?? "")
    }

    /// Sum over the pod's containers of a resource map; nil per resource when no container sets it.
    static func total(_ pod: Pod, _ field: KeyPath<ResourceRequirements, [String: Quantity]?>) -> (cpu: Int64?, memory: Int64?)? {
        var cpu: Int64?
        var memory: Int64?
        for container in pod.spec?.containers ?? [] {
            guard let values = container.resources?[keyPath: field] else { continue }
            if let quantity = values["cpu"] { cpu = (cpu ?? 0) + quantity.milliValue }
            if let quantity = values["memory"] { memory = (memory ?? 0) + CPUMemory.bytes(quantity) }
        }
        return (cpu == nil && memory == nil) ? nil : (cpu, memory)
    }
}
