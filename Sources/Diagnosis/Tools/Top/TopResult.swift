/// Usage of one resource against what was asked for: a request, a limit, or a node's allocatable.
public struct UsageFigure: Codable, Sendable, Hashable {
    /// Millicores for CPU, bytes for memory.
    public var usage: Int64
    public var request: Int64?
    public var limit: Int64?
    /// usage × 100 / request, rounded.
    public var percentOfRequest: Int?
    /// usage × 100 / limit, rounded.
    public var percentOfLimit: Int?

    init(usage: Int64, request: Int64?, limit: Int64?) {
        self.usage = usage
        self.request = request
        self.limit = limit
        percentOfRequest = Self.percent(usage, of: request)
        percentOfLimit = Self.percent(usage, of: limit)
    }

    static func percent(_ value: Int64, of total: Int64?) -> Int? {
        guard let total, total > 0 else { return nil }
        return Int((Double(value) * 100 / Double(total)).rounded())
    }
}

/// One pod's measured usage against its requests and limits.
public struct PodUsage: Codable, Sendable, Hashable {
    public var namespace: String?
    public var name: String
    public var node: String?
    /// Millicores.
    public var cpu: UsageFigure
    /// Bytes.
    public var memory: UsageFigure
}

/// One node's measured usage against its allocatable, and what its pods request.
public struct NodeUsage: Codable, Sendable, Hashable {
    public var name: String
    public var ready: Bool
    /// False when the node has no NodeMetrics (e.g. NotReady).
    public var measured: Bool
    public var cpuMillis: Int64
    public var memoryBytes: Int64
    public var allocatableCPUMillis: Int64?
    public var allocatableMemoryBytes: Int64?
    /// Usage as a percentage of allocatable.
    public var cpuPercent: Int?
    public var memoryPercent: Int?
    /// Sum of the requests of the node's non-terminated pods.
    public var requestedCPUMillis: Int64
    public var requestedMemoryBytes: Int64
    public var requestedCPUPercent: Int?
    public var requestedMemoryPercent: Int?
}

/// The answer of `top pods`.
public struct TopPodsResult: Codable, Sendable {
    public var available: Bool
    /// Set when metrics are not available.
    public var message: String?
    public var namespace: String?
    public var pods: [PodUsage]
}

/// The answer of `top nodes`.
public struct TopNodesResult: Codable, Sendable {
    public var available: Bool
    public var message: String?
    public var nodes: [NodeUsage]
}

/// How `top` orders its rows.
public enum TopSort: String, Codable, Sendable, CaseIterable {
    case name, cpu, memory
}
